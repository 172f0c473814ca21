import { describe, expect, it } from "vitest";
import { decodeItem } from "../../src/runtime/index.js";
import { cddlSchemaFromText, isValid, validateBytes, type CddlSchema } from "../../src/validate/index.js";
import { AGREEMENT_CASES, caseBytes } from "../fixtures/cddl/agreement-table.js";

/**
 * The shared accept/reject table (test/fixtures/cddl/agreement-table.ts)
 * through the generic validator: every verdict as the table gives it. The
 * generated codecs meet the same table in test/codegen/agreement.test.ts.
 */
const schemas = new Map<string, CddlSchema>();
function schemaOf(cddl: string): CddlSchema {
  let s = schemas.get(cddl);
  if (!s) schemas.set(cddl, (s = cddlSchemaFromText(cddl, "agreement.cddl")));
  return s;
}

describe("the agreement table", () => {
  it("has at least 150 cases with unique names, both verdicts, and one item each", () => {
    expect(AGREEMENT_CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(AGREEMENT_CASES.map((c) => c.name)).size).toBe(AGREEMENT_CASES.length);
    expect(AGREEMENT_CASES.filter((c) => c.verdict === "accept").length).toBeGreaterThan(60);
    expect(AGREEMENT_CASES.filter((c) => c.verdict === "reject").length).toBeGreaterThan(60);
    for (const c of AGREEMENT_CASES) expect((c.edn === undefined) !== (c.hex === undefined), c.name).toBe(true);
  });

  it("holds CDDL without syntax errors and well-formed CBOR items only", () => {
    for (const c of AGREEMENT_CASES) {
      const errors = schemaOf(c.cddl).diagnostics.filter((d) => d.severity === "error");
      expect(errors, c.name).toEqual([]);
      expect(schemaOf(c.cddl).rules.has(c.rule), c.name).toBe(true);
      expect(() => decodeItem(caseBytes(c), { duplicateKeys: "keep" }), c.name).not.toThrow();
    }
  });
});

describe("the validator reaches every verdict of the agreement table", () => {
  it.each(AGREEMENT_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const found = validateBytes(schemaOf(c.cddl), c.rule, caseBytes(c));
    const verdict = isValid(found) ? "accept" : "reject";
    expect(verdict, JSON.stringify(found, null, 1)).toBe(c.verdict);
    if (c.invalidCddl) expect(found.some((m) => m.severity === "error" && /RFC 8610/.test(m.message))).toBe(true);
    // Every rejection says where in the CDDL.
    for (const m of found) expect(m.cddl.line).toBeGreaterThan(0);
  });
});
