import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cborToEdn } from "../../src/edn/cbor-to-edn.js";
import { EdnError, ednToCbor } from "../../src/edn/edn-to-cbor.js";
import { parseEdn } from "../../src/edn/parse-edn.js";

// The drafts sit beside the repository: <root>/../shared/drafts, and the
// repository root is two levels above test/edn/.
const DRAFTS = fileURLToPath(new URL("../../../shared/drafts/", import.meta.url));
const HAVE_DRAFTS = existsSync(DRAFTS);
if (!HAVE_DRAFTS) console.warn(`skipping EDN draft-example tests: ${DRAFTS} is absent`);

const DIRS = ["mimi-content/03/examples", "mimi-content/04/examples", "mimi-content/main-2026-03/examples", "mimi-other/mimi-message-status"];

/**
 * Every .edn / .diag whose encoding is NOT its sibling .cbor, with the first
 * differing byte offset and the reason. Everything else must match byte for
 * byte. Measured, then explained:
 *
 * - mangled URLs: the drafts' EDN-to-diag step stripped `//.../` inside
 *   strings as if it were a comment (MANIFEST.md, "Examples and encodings"),
 *   so the .cbor (and the .diag, which does match it) has
 *   `https:example.combigfile.mp4`. The MANIFEST names 03 attachment and
 *   conferencing and 04 attachment; implied-original in 03 and 04 has the
 *   same damage (`mimi://example.com3b52...`, `...comalice-smith`) but is
 *   not listed there.
 * - 04 delete and unlike: the .cbor, .diag and .pretty of the two are
 *   swapped (delete.edn encodes to unlike.cbor and vice versa).
 * - main implied-original: the .edn's messageId is h'017ce548...' (the
 *   Original message's id everywhere else in main's examples) but the .cbor
 *   has h'01b00844...', the id the draft's inline dumps use.
 */
const MISMATCHES: Record<string, { offset: number; reason: string }> = {
  "mimi-content/03/examples/attachment.edn": { offset: 61, reason: "mangled URL" },
  "mimi-content/03/examples/conferencing.edn": { offset: 56, reason: "mangled URL" },
  "mimi-content/03/examples/implied-original.edn": { offset: 84, reason: "mangled URL" },
  "mimi-content/04/examples/attachment.edn": { offset: 61, reason: "mangled URL" },
  "mimi-content/04/examples/implied-original.edn": { offset: 84, reason: "mangled URL" },
  "mimi-content/04/examples/delete.edn": { offset: 3, reason: "swapped with unlike" },
  "mimi-content/04/examples/unlike.edn": { offset: 3, reason: "swapped with delete" },
  "mimi-content/main-2026-03/examples/implied-original.edn": { offset: 4, reason: "different messageId" },
};

/** Sources that are not valid EDN as published, with where the parser stops. */
const SYNTAX_ERRORS: Record<string, { line: number; col: number; fix: (s: string) => string }> = {
  // Missing "," after `0  # partSemantics = chooseOne` on line 78.
  "mimi-content/main-2026-03/examples/multipart-3.edn": {
    line: 79,
    col: 13,
    fix: (s) => s.replace(/(\n\s*0)(\s+# partSemantics = chooseOne\n\s*\[)/, "$1,$2"),
  },
};

function sources(ext: RegExp): string[] {
  if (!HAVE_DRAFTS) return [];
  return DIRS.flatMap((d) =>
    readdirSync(DRAFTS + d)
      .filter((f) => ext.test(f))
      .sort()
      .map((f) => `${d}/${f}`),
  );
}

const read = (rel: string): string => readFileSync(DRAFTS + rel, "utf8");
const readBytes = (rel: string): Uint8Array => new Uint8Array(readFileSync(DRAFTS + rel));
const sibling = (rel: string, ext: string): string => rel.replace(/\.[a-z]+$/, ext);

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe.skipIf(!HAVE_DRAFTS)("EDN examples in the MIMI drafts", () => {
  const ednFiles = sources(/\.(edn|diag)$/);
  const cborFiles = sources(/\.cbor$/);

  it("finds the examples", () => {
    expect(ednFiles.length).toBe(67); // 12 + 7 (03), 16 + 16 (04), 15 (main), 1 (status)
    expect(cborFiles.length).toBe(44);
  });

  it.each(ednFiles)("%s parses, and encodes as its .cbor unless known damaged", (rel) => {
    let text = read(rel);
    const bad = SYNTAX_ERRORS[rel];
    const { errors } = parseEdn(text);
    if (bad) {
      expect(errors.map((e) => e.at)).toEqual([{ line: bad.line, col: bad.col }]);
      expect(() => ednToCbor(text)).toThrow(EdnError);
      text = bad.fix(text);
      expect(parseEdn(text).errors).toEqual([]);
    } else {
      expect(errors).toEqual([]);
    }
    const got = ednToCbor(text);
    const want = readBytes(sibling(rel, ".cbor"));
    const known = MISMATCHES[rel];
    expect(firstDifference(got, want), known ? `${rel}: ${known.reason}` : rel).toBe(known ? known.offset : -1);
  });

  it("the known mismatches are what the notes say", () => {
    const d = "mimi-content/";
    const ascii = (rel: string): string => Buffer.from(readBytes(rel)).toString("latin1");
    // Mangled URLs: the .cbor has the stripped URL, our encoding has the real one.
    expect(ascii(d + "03/examples/attachment.cbor")).toContain("https:example.combigfile.mp4");
    expect(ascii(d + "04/examples/attachment.cbor")).toContain("https:example.combigfile.mp4");
    expect(ascii(d + "03/examples/conferencing.cbor")).toContain("https:example.com12345");
    for (const v of ["03", "04"]) {
      expect(ascii(`${d}${v}/examples/implied-original.cbor`)).toContain("mimi://example.comalice-smith");
      expect(Buffer.from(ednToCbor(read(`${d}${v}/examples/implied-original.edn`))).toString("latin1")).toContain(
        "mimi://example.com/u/alice-smith",
      );
    }
    // 04 conferencing.cbor is not damaged (the MANIFEST lists only 03's).
    expect(ascii(d + "04/examples/conferencing.cbor")).toContain("https://example.com/join/12345");
    // 04 delete/unlike: swapped.
    expect(ednToCbor(read(d + "04/examples/delete.edn"))).toEqual(readBytes(d + "04/examples/unlike.cbor"));
    expect(ednToCbor(read(d + "04/examples/unlike.edn"))).toEqual(readBytes(d + "04/examples/delete.cbor"));
    // main implied-original: only the 32-byte messageId differs.
    const got = ednToCbor(read(d + "main-2026-03/examples/implied-original.edn"));
    const want = readBytes(d + "main-2026-03/examples/implied-original.cbor");
    expect(Buffer.from(got.subarray(3, 35)).toString("hex")).toBe("017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4");
    expect(Buffer.from(want.subarray(3, 35)).toString("hex")).toBe("01b0084467273cc43d6f0ebeac13eb84229c4fffe8f6c3594c905f47779e5a79");
    expect(got.subarray(35)).toEqual(want.subarray(35));
    expect(got.subarray(0, 3)).toEqual(want.subarray(0, 3));
  });

  it.each(cborFiles)("%s: cborToEdn (compact and pretty) parses back to the same bytes", (rel) => {
    const bytes = readBytes(rel);
    for (const pretty of [false, true]) {
      const edn = cborToEdn(bytes, { pretty });
      expect(parseEdn(edn).errors).toEqual([]);
      expect(ednToCbor(edn)).toEqual(bytes);
    }
  });

  it.each(cborFiles.filter((rel) => existsSync(DRAFTS + sibling(rel, ".pretty"))))(
    "%s: the annotated form is byte for byte its .pretty, and is EDN inside h''",
    (rel) => {
      const bytes = readBytes(rel);
      const annotated = cborToEdn(bytes, { annotate: true });
      expect(annotated).toBe(read(sibling(rel, ".pretty")));
      const { items, errors } = parseEdn(`h'\n${annotated}'`);
      expect(errors).toEqual([]);
      expect(items).toEqual([{ type: "bytes", value: bytes }]);
    },
  );
});
