import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileWithImports } from "../../src/compile/compile-set.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { formatLoc, type Diagnostic } from "../../src/diagnostics/index.js";

/**
 * The compiler on the real drafts in ../shared/drafts: the two reference
 * RFCs compile strictly, mimi-protocol-06's known errors are reported at
 * their real lines, and every other TPL-bearing draft compiles leniently
 * without throwing.
 */

// The repository root is two levels above test/compile/; the corpus sits beside it.
const DRAFTS = fileURLToPath(new URL("../../../shared/drafts/", import.meta.url));
const HAVE_DRAFTS = existsSync(DRAFTS + "MANIFEST.md");
if (!HAVE_DRAFTS) console.warn(`skipping test/compile/corpus.test.ts: the draft corpus ${DRAFTS} is absent`);

const draftLines = new Map<string, string[]>();
/** Line `n` (1-based) of a draft file, as the diagnostics count lines. */
function lineOf(file: string, n: number): string {
  let ls = draftLines.get(file);
  if (!ls) draftLines.set(file, (ls = readFileSync(file, "utf8").replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)));
  return ls[n - 1] ?? "";
}

const count = (c: CompiledDocument, severity: Diagnostic["severity"]) => c.diagnostics.filter((d) => d.severity === severity).length;

/** Every diagnostic must point at a real character (or just past the end) of a real line. */
function expectRealLocations(c: CompiledDocument): void {
  for (const d of c.diagnostics) {
    expect(existsSync(d.loc.file), formatLoc(d.loc)).toBe(true);
    const text = lineOf(d.loc.file, d.loc.line);
    expect(d.loc.line, `${formatLoc(d.loc)} ${d.code}`).toBeGreaterThanOrEqual(1);
    expect(d.loc.col, `${formatLoc(d.loc)} ${d.code}: "${text}"`).toBeGreaterThanOrEqual(1);
    expect(d.loc.col, `${formatLoc(d.loc)} ${d.code}: "${text}"`).toBeLessThanOrEqual(text.length + 1);
  }
}

describe.skipIf(!HAVE_DRAFTS)("corpus: the reference RFCs compile strictly", () => {
  it("rfc9420: 48 blocks, 82 definitions, no errors or warnings, nothing broken", () => {
    const c = compileWithImports("rfc9420", { strict: true, drafts: DRAFTS });
    expect(c.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    expect(c.blocks).toBe(48);
    expect(c.ir.definitions).toHaveLength(82);
    expect(c.broken.size).toBe(0);
    expectRealLocations(c);
    // the hard parts named in MANIFEST.md "Known quirks"
    const names = new Set(c.ir.definitions.map((d) => d.name));
    for (const n of ["FramedContentAuthData", "PrivateMessageContent", "Proposal", "Commit", "MAC", "StructWithVectors", "ParentNode"]) expect(names.has(n), n).toBe(true);
    expect(names.has("optional")).toBe(false);
  });

  it("rfc8446: 30 marked blocks, 51 definitions, no errors or warnings, nothing broken", () => {
    const c = compileWithImports("rfc8446", { strict: true, drafts: DRAFTS });
    expect(c.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    expect(c.blocks).toBe(30);
    expect(c.ir.definitions).toHaveLength(51);
    expect(c.broken.size).toBe(0);
    expectRealLocations(c);
  });
});

const P06 = DRAFTS + "mimi-protocol/06/draft-ietf-mimi-protocol.md";

/**
 * MANIFEST.md "Known quirks" for mimi-protocol/06, each at the line and
 * column where a draft author has to act, with the text found there.
 */
const KNOWN_06: ReadonlyArray<readonly [severity: Diagnostic["severity"], code: string, line: number, col: number, text: string]> = [
  // KeyMaterialUserCode: entries separated by `;` (every one of them) ...
  ["warning", "tpl/enum-semicolon", 856, 15, "    success(0);"],
  ["warning", "tpl/enum-semicolon", 857, 22, "    partialSuccess(1);"],
  ["warning", "tpl/enum-semicolon", 858, 28, "    incompatibleProtocol(2);"],
  ["warning", "tpl/enum-semicolon", 859, 28, "    noCompatibleMaterial(3);"],
  ["warning", "tpl/enum-semicolon", 860, 19, "    userUnknown(4);"],
  ["warning", "tpl/enum-semicolon", 861, 17, "    noConsent(5);"],
  ["warning", "tpl/enum-semicolon", 862, 28, "    noConsentForThisRoom(6);"],
  ["warning", "tpl/enum-semicolon", 863, 19, "    userDeleted(7);"],
  // ... and KeyMaterialClientCode mixes `success(0);` with `,`
  ["warning", "tpl/enum-semicolon", 868, 15, "    success(0);"],
  // HandshakeBundle: the select is never closed; the struct's brace closes it
  ["warning", "tpl/unclosed-select", 989, 1, "} HandshakeBundle;"],
  // GroupInfoOption closes its select with `}` and no `;`
  ["warning", "tpl/missing-semicolon", 1005, 4, "   }"],
  // UpdateRoomResponse: `string` is no TPL type, and `} UpdateRoomResponse` has no `;`
  ["error", "ir/undefined-type", 1051, 3, "  string errorDescription;"],
  ["warning", "tpl/missing-semicolon", 1062, 21, "} UpdateRoomResponse"],
  // SubmitMessageRequest: IdentifierURI for IdentifierUri
  ["warning", "ir/name-case", 1093, 7, "      IdentifierURI sendingUri;"],
  // `optional Frank frank;` in SubmitMessageResponse and FanoutMessage
  ["warning", "tpl/optional-without-brackets", 1133, 11, "          optional Frank frank;"],
  ["warning", "tpl/optional-without-brackets", 1416, 12, "           optional Frank frank;"],
  // QueryElement: select(type) for the field searchType
  ["warning", "tpl/select-unknown-field", 1793, 10, "  select(type) {"],
  // PseudonymousCredential(TBS): opaque without a length
  ["warning", "tpl/opaque-without-length", 2144, 3, "  opaque signature_public_key;"],
  ["warning", "tpl/opaque-without-length", 2165, 3, "  opaque signature_public_key;"],
];

describe.skipIf(!HAVE_DRAFTS)("corpus: mimi-protocol-06 in lenient mode", () => {
  const c = HAVE_DRAFTS ? compileWithImports("mimi-protocol-06", { strict: false, drafts: DRAFTS }) : undefined!;

  it("the draft lines really hold the text the expectations name", () => {
    for (const [, code, line, col, text] of KNOWN_06) {
      expect(lineOf(P06, line), `${code} at ${line}`).toBe(text);
      expect(col).toBeLessThanOrEqual(text.length + 1);
    }
  });

  it.each(KNOWN_06.map((k) => [`${k[1]} ${k[2]}:${k[3]}`, ...k] as const))("%s", (_label, severity, code, line, col) => {
    const at = c.diagnostics.filter((d) => d.loc.file === P06 && d.loc.line === line && d.code === code);
    expect(at.map((d) => `${d.severity} ${d.code} ${formatLoc(d.loc)}`)).toEqual([`${severity} ${code} ${P06}:${line}:${col}`]);
  });

  // FanoutMessage: case labels that are not WireFormat values under select
  // (message.wire_format). Without a mapping they are errors; the built-in
  // config may map them (caseLabels), which turns each into a warning at the
  // same place. Either way the draft author is told at the label.
  it.each([
    [1415, "        case application:"],
    [1417, "        case welcome:"],
    [1419, "        case proposal:"],
    [1423, "        case commit:"],
  ] as const)("FanoutMessage case label at %i:9 is reported (unknown-case-label, or case-label-config when mapped)", (line, text) => {
    expect(lineOf(P06, line)).toBe(text);
    const at = c.diagnostics.filter((d) => d.loc.file === P06 && d.loc.line === line && /^tpl\/(unknown-case-label|case-label-config)$/.test(d.code));
    expect(at.map((d) => formatLoc(d.loc))).toEqual([`${P06}:${line}:9`]);
    const d = at[0]!;
    expect(d.message).toContain("is not a value of WireFormat");
    const label = /case (\w+):/.exec(text)![1]!;
    const mapped = c.config.caseLabels?.["FanoutMessage"]?.[label];
    expect([d.code, d.severity]).toEqual(mapped ? ["tpl/case-label-config", "warning"] : ["tpl/unknown-case-label", "error"]);
  });

  it("the known problems name what is wrong", () => {
    const find = (code: string, line: number) => c.diagnostics.find((d) => d.code === code && d.loc.line === line)!;
    expect(find("ir/undefined-type", 1051).message).toContain("type string is not defined");
    expect(find("ir/undefined-type", 1051).message).toContain("UpdateRoomResponse");
    expect(find("ir/name-case", 1093).fix).toBe("IdentifierUri");
    expect(find("tpl/select-unknown-field", 1793).fix).toBe("select (searchType)");
    expect(find("tpl/optional-without-brackets", 1133).fix).toBe("optional<Frank>");
  });

  it("exactly the nine `;` separators of the two enums are reported", () => {
    expect(c.diagnostics.filter((d) => d.code === "tpl/enum-semicolon").map((d) => d.loc.line)).toEqual([856, 857, 858, 859, 860, 861, 862, 863, 868]);
  });

  it("structs with an unrecoverable problem are not compiled; the enums and the rest are", () => {
    for (const n of ["UpdateRoomResponse", "ProfileField"]) expect(c.broken.has(n), n).toBe(true);
    for (const n of ["KeyMaterialUserCode", "KeyMaterialClientCode", "QueryElement", "SubmitMessageRequest", "IdentifierUri"]) expect(c.broken.has(n), n).toBe(false);
    // 21 TPL fences in the draft, plus one block per config supplement file
    expect(c.blocks).toBe(21 + (c.config.supplements?.length ?? 0));
    expect(count(c, "error")).toBeGreaterThan(0);
    expectRealLocations(c);
  });
});

// ------------------------------------------------------------------ every other TPL-bearing draft

const OTHER = HAVE_DRAFTS
  ? readdirSync(DRAFTS + "mimi-other")
      .sort()
      .flatMap((dir) =>
        readdirSync(`${DRAFTS}mimi-other/${dir}`)
          .filter((f) => f.endsWith(".md"))
          .map((f) => `mimi-other/${dir}/${f}`),
      )
  : [];

/**
 * Draft -> its TPL block count (MANIFEST.md: `tls` + `tls-presentation` fences, plus the
 * unlabelled fences whose content parses as TPL), where known.
 */
const DRAFTS_TO_COMPILE: ReadonlyArray<readonly [string, number | null]> = [
  ["mimi-content/03/draft-ietf-mimi-content.md", 8],
  ["mimi-protocol/main-2024-04-29/draft-ietf-mimi-protocol.md", 13],
  ["mimi-protocol/01/draft-ietf-mimi-protocol.md", 13],
  ["mimi-protocol/pr73-report-abuse/draft-ralston-mimi-protocol.md", 13],
  ["mimi-protocol/06/draft-ietf-mimi-protocol.md", 21],
  ...OTHER.map((rel): readonly [string, number | null] => {
    const known: Record<string, number> = {
      // 11 labelled, and 3 unlabelled fences of TPL (two in the body, the appendix's complete listing)
      "mimi-other/mimi-room-policy/draft-ietf-mimi-room-policy.md": 14,
      "mimi-other/mimi-metadata-minimalization/draft-kohbrok-mimi-metadata-minimalization.md": 7,
      "mimi-other/mimi-app-components/draft-mahy-mimi-app-components.md": 5,
      "mimi-other/mimi-pseudonyms/draft-mahy-mimi-pseudonyms.md": 1,
    };
    return [rel, known[rel] ?? null];
  }),
];

describe.skipIf(!HAVE_DRAFTS)("corpus: every TPL-bearing draft compiles leniently without throwing", () => {
  const cache = new Map<string, CompiledDocument>();
  const rows: Array<{ draft: string; blocks: number; definitions: number; compiled: number; warnings: number; errors: number }> = [];

  it.each(DRAFTS_TO_COMPILE)("%s", (rel, blocks) => {
    const c = compileWithImports(DRAFTS + rel, { strict: false, cache });
    // config supplements (built-in drafts only) add one block each
    if (blocks !== null) expect(c.blocks).toBe(blocks + (c.config.supplements?.length ?? 0));
    // every broken name is a definition of this document, or a CDDL rule
    // that does not parse (so it never became one), with a reason
    for (const [name, why] of c.broken) {
      const defined = c.ir.definitions.some((d) => d.name === name);
      expect(defined || /^does not parse/.test(why), name).toBe(true);
      expect(why.length).toBeGreaterThan(0);
    }
    // every error concerns something: a broken definition has at least one error
    if (c.broken.size > 0) expect(count(c, "error")).toBeGreaterThan(0);
    expectRealLocations(c);
    rows.push({
      draft: rel.replace(/\/[^/]+\.md$/, ""),
      blocks: c.blocks,
      definitions: c.ir.definitions.length,
      compiled: c.ir.definitions.filter((d) => !c.broken.has(d.name)).length,
      warnings: count(c, "warning"),
      errors: count(c, "error"),
    });
  });

  it("prints the table", () => {
    expect(rows).toHaveLength(DRAFTS_TO_COMPILE.length);
    const head = ["draft", "blocks", "definitions", "compiled", "warnings", "errors"] as const;
    const cells = [head as readonly (string | number)[], ...rows.map((r) => head.map((h) => r[h]))].map((r) => r.map(String));
    const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join("  ");
    console.log(["", fmt(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(fmt)].join("\n"));
  });
});
