import { beforeAll, describe, expect, it, vi } from "vitest";
import { assignIdentifiers } from "../../src/codegen/names.js";
import { isCodecError, isDeterministic, type CborCodec } from "../../src/runtime/index.js";
import { AGREEMENT_CASES, caseBytes, type AgreementCase, type Verdict } from "../fixtures/cddl/agreement-table.js";
import { loadSource } from "./helpers.js";

/**
 * The shared accept/reject table (test/fixtures/cddl/agreement-table.ts)
 * through the generated codecs: each CDDL text is compiled once (the
 * CLI's loadSchema, as test/codegen/helpers.ts loadSource does), and each
 * case's bytes are decoded with its rule's CBOR codec (deterministic when
 * the bytes are): a CodecError is a rejection, anything else returned an
 * acceptance. The validator meets the same table in
 * test/validate/agreement.test.ts.
 *
 * Two lists say where the code generator is today, and may only shrink:
 * the cases whose rule gets no CBOR codec (a count), and the cases where
 * the codec's verdict is not the table's (by name).
 */

// Formatting the generated module is the bulk of compiling a CDDL text and changes nothing it does.
vi.mock("prettier", () => ({ format: (text: string) => Promise.resolve(text) }));

/** Cases whose rule has no CBOR codec. Lower it as the code generator learns more; it must not grow. */
const KNOWN_MISSING = 2;

/** Cases where the generated codec's verdict is not the table's. Remove entries as they are fixed; add none. */
const KNOWN_DISAGREEMENTS: readonly string[] = [
  // a key without a cut falls through to the rest when its value does not match (RFC 8610 section 3.5.4)
  'maps: cuts: Knocut {"x": "s"}',
];

type Outcome =
  | { readonly kind: "missing"; readonly why: string }
  | { readonly kind: "verdict"; readonly verdict: Verdict; readonly detail: string }
  | { readonly kind: "crash"; readonly detail: string };

const outcomes = new Map<string, Outcome>();

/** Compile each distinct CDDL text once; a text that does not compile leaves all its rules without a codec. */
async function codecsFor(cddl: string, rules: readonly string[]): Promise<Map<string, CborCodec<unknown> | string>> {
  const out = new Map<string, CborCodec<unknown> | string>();
  let loaded: Awaited<ReturnType<typeof loadSource>>;
  try {
    loaded = await loadSource(cddl, "cddl");
  } catch (e) {
    const why = `the CDDL text does not compile: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    for (const r of rules) out.set(r, why);
    return out;
  }
  const ids = assignIdentifiers(loaded.doc.definitions.map((d) => d.name));
  for (const r of rules) {
    const id = ids.get(r);
    const entry =
      id !== undefined && Object.prototype.hasOwnProperty.call(loaded.module, id) ? (loaded.module[id] as { cbor?: CborCodec<unknown> }) : undefined;
    out.set(r, entry?.cbor ?? (id === undefined ? `${r} is not among the definitions` : `${r} has no CBOR codec`));
  }
  return out;
}

function decodeVerdict(codec: CborCodec<unknown>, c: AgreementCase): Outcome {
  const bytes = caseBytes(c);
  const deterministic = isDeterministic(bytes).ok;
  try {
    codec.decode(bytes, deterministic ? { deterministic: true } : undefined);
    return { kind: "verdict", verdict: "accept", detail: "decoded" };
  } catch (e) {
    if (isCodecError(e)) return { kind: "verdict", verdict: "reject", detail: e.message };
    return { kind: "crash", detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

beforeAll(async () => {
  const byText = new Map<string, AgreementCase[]>();
  for (const c of AGREEMENT_CASES) (byText.get(c.cddl) ?? byText.set(c.cddl, []).get(c.cddl)!).push(c);
  for (const [cddl, group] of byText) {
    const codecs = await codecsFor(cddl, [...new Set(group.map((c) => c.rule))]);
    for (const c of group) {
      const codec = codecs.get(c.rule)!;
      outcomes.set(c.name, typeof codec === "string" ? { kind: "missing", why: codec } : decodeVerdict(codec, c));
    }
  }
}, 600_000);

describe("the generated codecs and the agreement table", () => {
  it("every case was run", () => {
    expect(outcomes.size).toBe(AGREEMENT_CASES.length);
  });

  it(`cases without a CBOR codec: at most ${KNOWN_MISSING}`, () => {
    // A CDDL error refused at generation is the right answer, not a missing codec.
    const missing = AGREEMENT_CASES.filter((c) => outcomes.get(c.name)!.kind === "missing" && !c.invalidCddl);
    const lines = missing.map((c) => `  ${c.name}: ${(outcomes.get(c.name) as { why: string }).why}`);
    console.log(
      `agreement table: ${missing.length} of ${AGREEMENT_CASES.length} cases have no CBOR codec${lines.length > 0 ? ":\n" + lines.join("\n") : ""}`,
    );
    expect(missing.length).toBeLessThanOrEqual(KNOWN_MISSING);
  });

  it(`cases where the codec disagrees with the table: exactly the ${KNOWN_DISAGREEMENTS.length} known ones`, () => {
    const disagree: string[] = [];
    const lines: string[] = [];
    for (const c of AGREEMENT_CASES) {
      const o = outcomes.get(c.name)!;
      if (o.kind === "missing") continue;
      if (o.kind === "verdict" && o.verdict === c.verdict) continue;
      disagree.push(c.name);
      lines.push(`  ${c.name}: table ${c.verdict}, codec ${o.kind === "crash" ? "crashed" : o.verdict} (${o.detail.split("\n")[0]!.slice(0, 160)})`);
    }
    console.log(
      `agreement table: the codecs disagree on ${disagree.length} of ${AGREEMENT_CASES.length} cases${lines.length > 0 ? ":\n" + lines.join("\n") : ""}`,
    );
    const known = new Set(KNOWN_DISAGREEMENTS);
    expect(
      disagree.filter((n) => !known.has(n)),
      "new disagreements",
    ).toEqual([]);
    expect(
      KNOWN_DISAGREEMENTS.filter((n) => !disagree.includes(n)),
      "known disagreements that now agree (or have no codec): remove them from KNOWN_DISAGREEMENTS",
    ).toEqual([]);
  });
});
