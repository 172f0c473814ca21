import { describe, expect, it } from "vitest";
import { decimalRangePattern, genJsonSchema } from "../../src/codegen/gen-json-schema.js";
import { loadBuiltinIr } from "../../src/compile/load-definitions.js";
import { jsonSchemaId } from "../../src/json/schema-id.js";
import { createJsonSchemaAjv, validateJson } from "../../src/json/validate-json.js";
import { DOCUMENTS, HAVE_DRAFTS, schemasOf } from "./schema-set.js";

type Schema = Record<string, unknown>;
const defsOf = (s: Schema) => s["$defs"] as Record<string, Schema>;

describe.skipIf(!HAVE_DRAFTS)("JSON Schema of every built-in document", () => {
  for (const name of DOCUMENTS) {
    it(`${name}: one $def per definition, compiles in ajv strict mode, deterministic`, () => {
      const s = schemasOf(name);
      expect(s.schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(s.schema["$id"]).toBe(jsonSchemaId(name));
      const defs = defsOf(s.schema);
      const names = Object.keys(defs);
      expect(names).toEqual([...s.doc.definitions.map((d) => d.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      for (const d of s.doc.definitions) {
        expect(defs[d.name]!["title"]).toBe(d.name);
        expect(defs[d.name]!["description"]).toContain(`:${d.loc.line}`);
        if (d.section) expect(defs[d.name]!["description"]).toContain(d.section);
      }
      // Every definition compiles, with the imported documents' schemas resolving the cross-document refs.
      const ajv = createJsonSchemaAjv(s.set);
      for (const n of names) expect(() => ajv.compile({ $ref: `${jsonSchemaId(name)}#/$defs/${n}` }), n).not.toThrow();
      // Stable: the same IR gives the same text, and the IR loaded from schemas/<doc>.definitions.json gives the same schema.
      const again = genJsonSchema(s.doc, s.imports, new Set(s.compiled.broken.keys()));
      expect(JSON.stringify(again)).toBe(JSON.stringify(s.schema));
      const fromJson = loadBuiltinIr(name);
      const importsFromJson = fromJson.doc.imports.map((i) => loadBuiltinIr(i).doc);
      expect(JSON.stringify(genJsonSchema(fromJson.doc, importsFromJson, fromJson.broken))).toBe(
        JSON.stringify(s.schema),
      );
    });
  }

  it("definitions that do not compile reject everything and say so", () => {
    const s = schemasOf("mimi-protocol-06");
    expect(s.compiled.broken.size).toBeGreaterThan(0);
    for (const name of s.compiled.broken.keys()) {
      const d = defsOf(s.schema)[name]!;
      expect(d["not"]).toEqual({});
      expect(d["description"]).toContain("Not compiled");
      expect(validateJson(s.set, "mimi-protocol-06", name, {})).not.toEqual([]);
    }
  });

  it("maps IR kinds precisely (spot checks)", () => {
    const rfc = defsOf(schemasOf("rfc9420").schema);
    // uint64: a decimal string whose range the pattern enforces
    const lifetime = rfc["Lifetime"]!;
    expect(lifetime["required"]).toEqual(["not_before", "not_after"]);
    expect(lifetime["additionalProperties"]).toBe(false);
    const nb = (lifetime["properties"] as Record<string, Schema>)["not_before"]!;
    expect(nb).toMatchObject({ type: "string", maxLength: 20 });
    // closed enum: names only; open enum: names, or numbers without a name
    expect(rfc["ProtocolVersion"]).toMatchObject({ type: "string", enum: ["reserved", "mls10"] });
    const cs = rfc["CipherSuite"]!["anyOf"] as Schema[];
    expect(cs[0]).toMatchObject({ type: "string" });
    expect(cs[1]).toMatchObject({ type: "integer", minimum: 0, maximum: 65535 });
    // select on a field of the same struct: oneOf keyed by a const on the tag, with a discriminator
    const credential = rfc["Credential"]!;
    expect(credential["discriminator"]).toEqual({ propertyName: "credential_type" });
    const branches = credential["oneOf"] as Schema[];
    expect(branches.map((b) => (b["properties"] as Record<string, Schema>)["credential_type"])).toEqual([
      { const: "basic" },
      { const: "x509" },
    ]);
    expect((branches[0]!["properties"] as Record<string, unknown>)["certificates"]).toBe(false);
    // select on a value outside the struct: the arm fields are optional properties
    const pmc = rfc["PrivateMessageContent"]!;
    expect(pmc["oneOf"]).toBeUndefined();
    expect(pmc["required"]).not.toContain("application_data");
    expect(Object.keys(pmc["properties"] as object)).toEqual(
      expect.arrayContaining(["application_data", "proposal", "commit", "auth", "padding"]),
    );
    // bytes: hex with byte bounds doubled; fixed length
    const main = defsOf(schemasOf("mimi-content-main").schema);
    expect(main["MessageId"]).toMatchObject({
      type: "string",
      pattern: "^(?:[0-9a-f]{2})*$",
      minLength: 64,
      maxLength: 64,
    });
    // text: byte bounds as sound character bounds
    const nameText = (main["name"]!["oneOf"] as Schema[])[1]!;
    expect(nameText).toMatchObject({ type: "string", minLength: 1, maxLength: 255 });
    // CDDL vector counts
    const parts = (
      (main["NestedPart"]!["oneOf"] as Schema[]).find((b) => JSON.stringify(b).includes('"const":"multi"'))![
        "properties"
      ] as Record<string, Schema>
    )["parts"]!;
    expect(parts).toMatchObject({ type: "array", minItems: 2 });
    // TLS byte-bounded vectors: no item count
    const caps = (rfc["Capabilities"]!["properties"] as Record<string, Schema>)["versions"]!;
    expect(caps["minItems"]).toBeUndefined();
    expect(caps["maxItems"]).toBeUndefined();
    expect(caps["description"]).toMatch(/item count is not bounded/);
    // imports: refs to the other document's $id
    const p06 = JSON.stringify(schemasOf("mimi-protocol-06").schema);
    expect(p06).toContain(`"$ref":"${jsonSchemaId("rfc9420")}#/$defs/`);
  });
});

describe("decimalRangePattern", () => {
  const matches = (lo: bigint, hi: bigint, s: string) => new RegExp(decimalRangePattern(lo, hi), "u").test(s);
  // A deterministic generator, so a failure reproduces.
  let seed = 0x2545f491;
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  const big = (digits: number) => {
    let s = "";
    for (let i = 0; i < digits; i++) s += Math.floor(rand() * 10);
    return BigInt(s || "0");
  };

  it("matches exactly the integers in range, in canonical form", () => {
    let checked = 0;
    const ranges: Array<[bigint, bigint]> = [
      [0n, 2n ** 64n - 1n],
      [-(2n ** 64n), 2n ** 64n - 1n],
      [0n, 0n],
      [5n, 5n],
      [1n, 9n],
      [10n, 99n],
      [7n, 1234n],
      [-300n, -17n],
      [-5n, 5n],
    ];
    for (let i = 0; i < 200; i++) {
      const a = big(1 + Math.floor(rand() * 20)) * (rand() < 0.3 ? -1n : 1n);
      const b = big(1 + Math.floor(rand() * 20)) * (rand() < 0.3 ? -1n : 1n);
      ranges.push(a <= b ? [a, b] : [b, a]);
    }
    for (const [lo, hi] of ranges) {
      const probes = new Set<bigint>([lo, hi, lo - 1n, hi + 1n, lo + 1n, hi - 1n, 0n, -1n, 1n, (lo + hi) / 2n]);
      for (let i = 0; i < 20; i++)
        probes.add(lo + ((hi - lo + 1n) * BigInt(Math.floor(rand() * 1e9))) / 1_000_000_000n);
      for (let i = 0; i < 10; i++) probes.add(big(1 + Math.floor(rand() * 21)) * (rand() < 0.5 ? -1n : 1n));
      for (const n of probes) {
        expect(matches(lo, hi, n.toString()), `${n} in ${lo}..${hi}`).toBe(n >= lo && n <= hi);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });

  it("rejects non-canonical forms", () => {
    for (const s of ["", "-", "00", "01", "-0", "+1", "1.0", "1e3", " 1", "0x10", "--1"])
      expect(matches(-100n, 100n, s), s).toBe(false);
    expect(matches(1n, 0n, "0")).toBe(false);
  });
});
