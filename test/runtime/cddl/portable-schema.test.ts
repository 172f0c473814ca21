import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CborItem } from "../../../src/runtime/index.js";
import { CddlSchemaError, validateItem, validateItemBytes, type PortableSchema } from "../../../src/runtime/cddl/index.js";
import { checkXsdRegexp, loadCddlSchema, toPortableSchema, validateBytes, type CddlSchema } from "../../../src/validate/index.js";
import { AGREEMENT_CASES, caseBytes } from "../../fixtures/cddl/agreement-table.js";
import { DRAFTS, HAVE_DRAFTS } from "../../helpers/drafts.js";
import { schemaOf } from "../../validate/helpers.js";

/**
 * The portable schema (src/runtime/cddl/portable-schema.ts, made by the
 * compiler's toPortableSchema()): JSON data that, read back by the
 * runtime, validates exactly as the compiler's schema does.
 */
const viaJson = (p: PortableSchema): PortableSchema => JSON.parse(JSON.stringify(p)) as PortableSchema;

function everyKey(v: unknown, visit: (key: string, value: unknown) => void): void {
  if (v === null || typeof v !== "object") return;
  for (const [k, x] of Object.entries(v)) {
    visit(k, x);
    everyKey(x, visit);
  }
}

describe("toPortableSchema", () => {
  const C = `a = [b, int, ? c<tstr>]
b = tstr .size 3
c<T> = { * T => d }
d = bool
unused = bstr
`;
  it("holds the reachable rules only, the prelude rules among them, as JSON data without source text", () => {
    const p = toPortableSchema(schemaOf(C), "a");
    expect(p.root).toBe("a");
    expect(p.rules.map((r) => r.name)).toEqual(["a", "b", "c", "d", "uint", "nint", "int", "tstr", "false", "true", "bool"]);
    expect(p.rules.find((r) => r.name === "int")).toMatchObject({ prelude: true, loc: "<prelude>:5:1" });
    expect(p.rules.find((r) => r.name === "a")).toMatchObject({ prelude: false, loc: "t.cddl:1:1", kind: "type" });
    everyKey(p, (key, value) => {
      expect(key).not.toBe("text");
      if (key === "at") expect(value).toMatch(/^(t\.cddl|<prelude>):\d+:\d+$/);
      expect(typeof value).not.toBe("bigint");
    });
    expect(viaJson(p)).toEqual(p);
  });

  it("refuses an unknown rule with suggestions", () => {
    expect(() => toPortableSchema(schemaOf(C), "A")).toThrow(/has no rule A \(did you mean a/);
  });
});

describe("validateItem over a portable schema read back from JSON", () => {
  it("gives every agreement-table case the same findings as the compiler's schema (paths, offsets, messages, locations)", () => {
    const schemas = new Map<string, CddlSchema>();
    let compared = 0;
    for (const c of AGREEMENT_CASES) {
      let schema = schemas.get(c.cddl);
      if (!schema) schemas.set(c.cddl, (schema = schemaOf(c.cddl)));
      const bytes = caseBytes(c);
      const portable = viaJson(toPortableSchema(schema, c.rule));
      expect(validateItemBytes(portable, c.rule, bytes, { regexp: checkXsdRegexp }), c.name).toEqual(validateBytes(schema, c.rule, bytes));
      compared++;
    }
    expect(compared).toBe(AGREEMENT_CASES.length);
  });

  it("locates mismatches in the source and in the prelude's callers as the compiler does", () => {
    const C = "a = [x: int, y: tstr .size 2]\n";
    const p = viaJson(toPortableSchema(schemaOf(C), "a"));
    const item: CborItem = { type: "array", items: [{ type: "text", value: "one" }, { type: "text", value: "abc" }] };
    expect(validateItem(p, "a", item)).toEqual([
      { path: "a[0].x", message: 'expected int, got "one"', cddl: { file: "t.cddl", line: 1, col: 9 }, severity: "error" },
      { path: "a[1].y", message: "text string (UTF-8) is 3 bytes long, but .size 2 wants 2", cddl: { file: "t.cddl", line: 1, col: 22 }, severity: "error" },
    ]);
  });

  it("keeps integers beyond 2^53, occurrences and non-finite float literals through JSON", () => {
    const C = "a = [2*3 (18446744073709551615 / 1e999)]\n";
    const p = viaJson(toPortableSchema(schemaOf(C), "a"));
    const big: CborItem = { type: "uint", value: 18446744073709551615n };
    const inf: CborItem = { type: "float", value: Infinity };
    expect(validateItem(p, "a", { type: "array", items: [big, inf] })).toEqual([]);
    expect(validateItem(p, "a", { type: "array", items: [big] })[0]!.message).toMatch(/the array ends after 1 element/);
    expect(validateItem(p, "a", { type: "array", items: [big, { type: "uint", value: 18446744073709551614n }] })[0]!.message).toBe(
      "expected 18446744073709551615, got 18446744073709551614",
    );
  });

  it("checks .regexp with the engine it is given, and warns without one", () => {
    const p = viaJson(toPortableSchema(schemaOf('a = tstr .regexp "[a-z]+"\n'), "a"));
    const upper: CborItem = { type: "text", value: "ABC" };
    expect(validateItem(p, "a", upper, { regexp: checkXsdRegexp })[0]).toMatchObject({ severity: "error", message: '"ABC" does not match the regexp "[a-z]+"' });
    expect(validateItem(p, "a", upper)).toEqual([
      { path: "a", message: "regexp not checked: this validator was given no XSD regexp engine", cddl: { file: "t.cddl", line: 1, col: 18 }, severity: "warning" },
    ]);
  });

  it("refuses an unknown rule and data that is not a portable schema", () => {
    const p = viaJson(toPortableSchema(schemaOf("a = int\n"), "a"));
    expect(() => validateItem(p, "b", { type: "uint", value: 1n })).toThrow(CddlSchemaError);
    expect(() => validateItem({ ...p, format: "other" } as unknown as PortableSchema, "a", { type: "uint", value: 1n })).toThrow(/not a portable CDDL schema/);
    const badLoc = { ...p, rules: p.rules.map((r) => ({ ...r, loc: "nowhere" })) };
    expect(() => validateItem(badLoc, "a", { type: "uint", value: 1n })).toThrow(/bad location "nowhere"/);
  });
});

describe.skipIf(!HAVE_DRAFTS)("the mimi-content examples through portable schemas", () => {
  const VERSIONS = [
    { folder: "04", document: "mimi-content-04" },
    { folder: "main-2026-03", document: "mimi-content-main" },
  ];
  for (const v of VERSIONS) {
    it(`${v.folder}: every example, and mutations of them, with the compiler's schema's findings`, () => {
      const schema = loadCddlSchema(v.document, { draftsDir: DRAFTS });
      const dir = join(DRAFTS, "mimi-content", v.folder, "examples");
      const files = readdirSync(dir).filter((f) => f.endsWith(".cbor"));
      expect(files.length).toBeGreaterThan(10);
      let failing = 0;
      for (const file of files) {
        const rule = file.startsWith("implied-original") ? "MessageDerivedValues" : file.startsWith("report") ? "MessageStatusReport" : "mimiContent";
        const portable = viaJson(toPortableSchema(schema, rule));
        const bytes = new Uint8Array(readFileSync(join(dir, file)));
        expect(validateItemBytes(portable, rule, bytes, { regexp: checkXsdRegexp }), file).toEqual([]);
        // one bit flipped in every 5th byte: most land in byte strings or break the CBOR; the rest change types, values, lengths
        for (let i = 0; i < bytes.length; i += 5) {
          const mutated = Uint8Array.from(bytes);
          mutated[i] = mutated[i]! ^ 0x01;
          let compiler: readonly unknown[];
          try {
            compiler = validateBytes(schema, rule, mutated);
          } catch {
            continue; // no longer well-formed
          }
          if (compiler.length > 0) failing++;
          expect(validateItemBytes(portable, rule, mutated, { regexp: checkXsdRegexp }), `${file} byte ${i}`).toEqual(compiler);
        }
      }
      expect(failing, "mutations the validators catch").toBeGreaterThanOrEqual(5);
    });
  }
  it("a portable schema holds only what its rule reaches", () => {
    const schema = loadCddlSchema("mimi-content-main", { draftsDir: DRAFTS });
    const p = toPortableSchema(schema, "mimiContent");
    expect(p.rules.length).toBeLessThan(schema.rules.size);
    expect(p.rules.every((r) => schema.rules.has(r.name))).toBe(true);
    expect(p.rules[0]!.name).toBe("mimiContent");
  });
});
