import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as v03 from "../../generated/mimi-content-03-cddl/index.js";
import * as v04 from "../../generated/mimi-content-04/index.js";
import * as main from "../../generated/mimi-content-main/index.js";
import { mimiContent, MessageDerivedValues } from "../../generated/mimi-content-main/index.js";
import { KeyPackage, Lifetime, MLSMessage } from "../../generated/rfc9420/index.js";
import { fromJsonValue, toJsonValue } from "../../src/json/json-form.js";
import { createJsonSchemaAjv, validateJson } from "../../src/json/validate-json.js";
import { decodeItem, fromHex, type CborCodec, type CborItem } from "../../src/runtime/index.js";
import { buildGroup, type GroupScenario } from "../interop/mls-group.js";
import { DRAFTS, HAVE_DRAFTS, schemasOf, type DocName } from "./schema-set.js";

/** toJsonValue as the CLI should call it, then through JSON text, as a file or stdin would carry it. */
function jsonOf(doc: DocName, type: string, v: unknown): unknown {
  const s = schemasOf(doc);
  return JSON.parse(JSON.stringify(toJsonValue(v, s.scope, s.type(type))));
}
function back(doc: DocName, type: string, json: unknown): unknown {
  const s = schemasOf(doc);
  return fromJsonValue(s.scope, s.type(type), json);
}
function violations(doc: DocName, type: string, json: unknown) {
  return validateJson(schemasOf(doc).set, doc, type, json);
}
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const versions: Array<[DocName, string, Record<string, unknown>]> = [
  ["mimi-content-03-cddl", "03", v03],
  ["mimi-content-04", "04", v04],
  ["mimi-content-main", "main-2026-03", main],
];
const typeOf = (file: string) =>
  file.startsWith("report")
    ? "MessageStatusReport"
    : file.startsWith("implied")
      ? "MessageDerivedValues"
      : "mimiContent";

describe.skipIf(!HAVE_DRAFTS)("real values validate and round-trip through the JSON form", () => {
  for (const [doc, dir, mod] of versions) {
    it(`${dir}: every CBOR example, decoded, is valid JSON form and comes back equal`, () => {
      const base = join(DRAFTS, "mimi-content", dir, "examples");
      const files = readdirSync(base).filter((f) => f.endsWith(".cbor"));
      expect(files.length).toBeGreaterThanOrEqual(12);
      for (const f of files) {
        const type = typeOf(f);
        const codec = (mod[type] as { cbor: CborCodec<unknown> }).cbor;
        const bytes = new Uint8Array(readFileSync(join(base, f)));
        const v = codec.decode(bytes);
        const json = jsonOf(doc, type, v);
        expect(violations(doc, type, json), `${dir}/${f}`).toEqual([]);
        const again = back(doc, type, json);
        expect(again, `${dir}/${f}`).toEqual(v);
        expect(codec.encode(again)).toEqual(bytes);
      }
    });
  }

  it("03 (the TPL definitions): the sound CBOR examples, decoded with the TPL-defined MimiContent, incl. its extensions Map", async () => {
    const tpl03 = await import("../../generated/mimi-content-03/index.js");
    for (const m of ["original", "reply", "reaction", "mention", "edit", "delete", "unlike", "expiring"]) {
      const bytes = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/03/examples", `${m}.cbor`)));
      const v = tpl03.MimiContent.cbor.decode(bytes);
      const json = jsonOf("mimi-content-03", "MimiContent", v) as Record<string, unknown>;
      expect(violations("mimi-content-03", "MimiContent", json), m).toEqual([]);
      expect(back("mimi-content-03", "MimiContent", json), m).toEqual(v);
      expect(
        tpl03.MimiContent.tpl.decode(
          tpl03.MimiContent.tpl.encode(back("mimi-content-03", "MimiContent", json) as never),
        ),
      ).toEqual(v);
    }
    const v = tpl03.MimiContent.cbor.decode(
      new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/03/examples/original.cbor"))),
    );
    v.extensions = new Map([
      ["x", new Uint8Array([1])],
      ["y", new Uint8Array()],
    ]);
    const json = jsonOf("mimi-content-03", "MimiContent", v) as Record<string, unknown>;
    expect(json["extensions"]).toEqual([
      { key: "x", value: "01" },
      { key: "y", value: "" },
    ]);
    expect(violations("mimi-content-03", "MimiContent", json)).toEqual([]);
    expect(back("mimi-content-03", "MimiContent", json)).toEqual(v);
  });

  it("the main examples use uint64 strings, hex, enum names and nested selects as documented", () => {
    const bytes = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples/attachment.cbor")));
    const json = jsonOf("mimi-content-main", "mimiContent", mimiContent.cbor.decode(bytes)) as Record<string, any>;
    expect(json["mimiExtensions"]["unknownExtension"]).toEqual([]);
    expect(json["nestedPart"]).toMatchObject({
      disposition: "attachment",
      cardinality: "external",
      size: "708234961",
      expires: 0,
    });
    expect(json["nestedPart"]["key"]).toMatch(/^[0-9a-f]+$/);
  });

  describe("Maps and any", () => {
    const original = () =>
      mimiContent.cbor.decode(
        new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples/original.cbor"))),
      );
    const item = (hex: string) => decodeItem(fromHex(hex));

    it("extension entries with int and text keys and any values (non-preferred widths, indefinite lengths, tags)", () => {
      const v = original();
      v.mimiExtensions.unknownExtension = new Map<bigint | string, CborItem>([
        [3n, item("a2617802617901")], // {"x": 2, "y": 1}
        [-7n, item("9f1801ff")], // [_ 1] with a one-byte head for 1
        ["x-custom", item("c11a5e0be100")], // 1(1577836800)
        ["5", item("f93e00")], // a text key that looks like an int
        [2n ** 64n - 1n, item("40")],
      ]);
      const bytes = mimiContent.cbor.encode(v);
      const decoded = mimiContent.cbor.decode(bytes);
      const json = jsonOf("mimi-content-main", "mimiContent", decoded) as Record<string, any>;
      // In the Map's order after the decode, i.e. the CBOR order the encoder chose.
      const entries = json["mimiExtensions"]["unknownExtension"] as Array<{ key: unknown }>;
      expect(entries).toHaveLength(5);
      expect(entries).toEqual(
        expect.arrayContaining([
          { key: { int: "3" }, value: { cbor: "a2617802617901" } },
          { key: { int: "-7" }, value: { cbor: "9f1801ff" } },
          { key: "x-custom", value: { cbor: "c11a5e0be100" } },
          { key: "5", value: { cbor: "f93e00" } },
          { key: { int: "18446744073709551615" }, value: { cbor: "40" } },
        ]),
      );
      expect([...(decoded.mimiExtensions.unknownExtension as Map<unknown, unknown>).keys()].map(String)).toEqual(
        entries.map((e) => (typeof e.key === "string" ? e.key : (e.key as { int: string }).int)),
      );
      expect(violations("mimi-content-main", "mimiContent", json)).toEqual([]);
      const again = back("mimi-content-main", "mimiContent", json);
      expect(again).toEqual(decoded);
      expect(mimiContent.cbor.encode(again as typeof v)).toEqual(bytes);
    });

    it("an ExtendedTime timestamp (a tagged Map) in MessageDerivedValues", () => {
      const bytes = new Uint8Array(
        readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples/implied-original.cbor")),
      );
      const v = MessageDerivedValues.cbor.decode(bytes);
      expect(
        violations("mimi-content-main", "MessageDerivedValues", jsonOf("mimi-content-main", "MessageDerivedValues", v)),
      ).toEqual([]);
      v.hubAcceptedTimestamp = new Map<bigint | string, CborItem>([
        [1n, item("1b0000017ed7f4a8bb")],
        ["tz", item("6c4575726f70652f5061726973")],
      ]);
      const decoded = MessageDerivedValues.cbor.decode(MessageDerivedValues.cbor.encode(v));
      const json = jsonOf("mimi-content-main", "MessageDerivedValues", decoded) as Record<string, unknown>;
      expect(json["hubAcceptedTimestamp"]).toEqual(
        expect.arrayContaining([
          { key: { int: "1" }, value: { cbor: "1b0000017ed7f4a8bb" } },
          { key: "tz", value: { cbor: "6c4575726f70652f5061726973" } },
        ]),
      );
      expect(violations("mimi-content-main", "MessageDerivedValues", json)).toEqual([]);
      expect(back("mimi-content-main", "MessageDerivedValues", json)).toEqual(decoded);
    });
  });

  describe("RFC 9420", () => {
    it("a Lifetime at the uint64 limits", () => {
      const v = { not_before: 0n, not_after: 2n ** 64n - 1n };
      const json = jsonOf("rfc9420", "Lifetime", v);
      expect(json).toEqual({ not_before: "0", not_after: "18446744073709551615" });
      expect(violations("rfc9420", "Lifetime", json)).toEqual([]);
      expect(back("rfc9420", "Lifetime", json)).toEqual(v);
      expect(Lifetime.tpl.decode(Lifetime.tpl.encode(v))).toEqual(v);
    });

    it("a hand-built KeyPackage (open enums with unknown numbers, a leaf node select, vectors)", () => {
      const v: KeyPackage = {
        version: "mls10",
        cipher_suite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        init_key: new Uint8Array(32).fill(1),
        leaf_node: {
          encryption_key: new Uint8Array(32).fill(2),
          signature_key: new Uint8Array(32).fill(3),
          credential: { credential_type: "basic", identity: new TextEncoder().encode("mimi://example.com/u/alice") },
          capabilities: {
            versions: ["mls10"],
            cipher_suites: ["MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", 0x0a0a],
            extensions: [0x2a2a],
            proposals: [0x3a3a],
            credentials: ["basic", 0x1a1a],
          },
          leaf_node_source: "key_package",
          lifetime: { not_before: 1_700_000_000n, not_after: 0xffff_ffff_ffff_fff0n },
          extensions: [{ extension_type: 0x2a2a, extension_data: new Uint8Array([1, 2, 3]) }],
          signature: new Uint8Array(64).fill(4),
        },
        extensions: [],
        signature: new Uint8Array(64).fill(5),
      };
      const decoded = KeyPackage.tpl.decode(KeyPackage.tpl.encode(v));
      const json = jsonOf("rfc9420", "KeyPackage", decoded) as Record<string, any>;
      expect(json["leaf_node"]["capabilities"]["cipher_suites"]).toEqual([
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        2570,
      ]);
      expect(violations("rfc9420", "KeyPackage", json)).toEqual([]);
      expect(back("rfc9420", "KeyPackage", json)).toEqual(decoded);
    });

    describe("every MLSMessage of a real ts-mls group", () => {
      let g: GroupScenario;
      beforeAll(async () => {
        g = await buildGroup();
      });
      it("key packages, welcomes, public and private messages, group info", () => {
        const kinds = new Set<string>();
        for (const m of g.wire) {
          const v = MLSMessage.tpl.decode(m.bytes);
          const json = jsonOf("rfc9420", "MLSMessage", v);
          expect(violations("rfc9420", "MLSMessage", json), m.label).toEqual([]);
          const again = back("rfc9420", "MLSMessage", json);
          expect(again, m.label).toEqual(v);
          expect(MLSMessage.tpl.encode(again as MLSMessage)).toEqual(m.bytes);
          kinds.add((json as { wire_format: string }).wire_format);
        }
        expect(g.wire.length).toBeGreaterThanOrEqual(8);
        expect([...kinds].sort()).toEqual([
          "mls_group_info",
          "mls_key_package",
          "mls_private_message",
          "mls_public_message",
          "mls_welcome",
        ]);
      });
    });
  });
});

describe.skipIf(!HAVE_DRAFTS)("broken values: every violation, with its JSON pointer", () => {
  const example = (f: string) =>
    jsonOf(
      "mimi-content-main",
      "mimiContent",
      mimiContent.cbor.decode(new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples", f)))),
    ) as Record<string, any>;
  const check = (json: unknown) => violations("mimi-content-main", "mimiContent", json);

  it("bad hex", () => {
    const j = example("original.cbor");
    j["salt"] = "zz";
    j["nestedPart"]["content"] = "ABC";
    expect(check(j)).toEqual([
      { pointer: "/salt", message: "must have at least 16 bytes (32 hex digits)" },
      { pointer: "/salt", message: "must be lowercase hex with an even number of digits" },
      { pointer: "/nestedPart/content", message: "must be lowercase hex with an even number of digits" },
    ]);
  });

  it("wrong byte length under an optional", () => {
    const j = example("reply.cbor");
    j["inReplyTo"] = "00".repeat(31);
    expect(check(j)).toEqual([{ pointer: "/inReplyTo", message: "must have at least 32 bytes (64 hex digits)" }]);
  });

  it("missing required field and unknown field", () => {
    const j = example("original.cbor");
    delete j["salt"];
    j["bogus"] = 1;
    j["nestedPart"]["extra"] = true;
    expect(check(j)).toEqual([
      { pointer: "/salt", message: "required property is missing" },
      { pointer: "/bogus", message: "unknown property: the type has no field of this name" },
      { pointer: "/nestedPart/extra", message: "unknown property: the type has no field of this name" },
    ]);
  });

  it("unknown enum names, in an open and in a closed enum", () => {
    const j = example("original.cbor");
    j["nestedPart"]["disposition"] = "shout";
    expect(check(j)).toEqual([
      {
        pointer: "/nestedPart/disposition",
        message: expect.stringMatching(/^must be one of "unspecified", "render", /),
      },
    ]);
    j["nestedPart"]["disposition"] = 1; // a named value must be written as its name
    expect(check(j)).toEqual([
      { pointer: "/nestedPart/disposition", message: expect.stringMatching(/^must not be one of 0, 1, 2/) },
    ]);
    j["nestedPart"]["disposition"] = 200; // an unnamed value of the open enum
    expect(check(j)).toEqual([]);
    j["nestedPart"]["cardinality"] = "triple";
    expect(check(j)).toEqual([
      { pointer: "/nestedPart/cardinality", message: 'must be one of "nullpart", "single", "external", "multi"' },
    ]);
  });

  it("uints out of range (uint32 under an optional, uint64 as a string)", () => {
    const j = example("expiring.cbor");
    j["expires"]["time"] = 2 ** 32;
    expect(check(j)).toEqual([{ pointer: "/expires/time", message: "must be <= 4294967295" }]);
    const a = example("attachment.cbor");
    for (const bad of ["18446744073709551616", "-1", "007", "1e3"]) {
      a["nestedPart"]["size"] = bad;
      expect(check(a), bad).toEqual([
        { pointer: "/nestedPart/size", message: "must be a uint64 as a decimal string without leading zeros" },
      ]);
    }
    a["nestedPart"]["size"] = 708234961;
    expect(check(a)).toEqual([{ pointer: "/nestedPart/size", message: "must be string" }]);
  });

  it("fields of the wrong arm of a select, and an arm's missing fields", () => {
    const j = example("original.cbor");
    j["nestedPart"]["url"] = "https://example.com/x";
    expect(check(j)).toEqual([
      {
        pointer: "/nestedPart/url",
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      },
    ]);
    const k = example("original.cbor");
    k["nestedPart"]["cardinality"] = "multi";
    expect(check(k)).toEqual([
      { pointer: "/nestedPart/partSemantics", message: "required property is missing" },
      { pointer: "/nestedPart/parts", message: "required property is missing" },
      {
        pointer: "/nestedPart/contentType",
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      },
      {
        pointer: "/nestedPart/content",
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      },
    ]);
    const m = example("multipart-1.cbor");
    m["nestedPart"]["parts"] = [m["nestedPart"]["parts"][0]];
    m["nestedPart"]["parts"][0]["url"] = "not a uri";
    expect(check(m)).toEqual([
      { pointer: "/nestedPart/parts", message: "must NOT have fewer than 2 items" },
      {
        pointer: "/nestedPart/parts/0/url",
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      },
    ]);
  });

  it("Maps and any: entry shape, union keys, keys of the record's own fields, the cbor object", () => {
    const j = example("original.cbor");
    j["mimiExtensions"]["unknownExtension"] = [
      { key: 5, value: { cbor: "01" } },
      { key: { int: "1" }, value: { cbor: "01" } },
      { key: { int: "x" }, value: { cbor: "0" } },
      { key: "ok", value: { edn: "1" } },
      { key: "ok2" },
    ];
    expect(check(j)).toEqual([
      { pointer: "/mimiExtensions/unknownExtension/0/key", message: "must be object or string" },
      { pointer: "/mimiExtensions/unknownExtension/1/key", message: 'must not be one of {"int":"1"}, {"int":"2"}' },
      {
        pointer: "/mimiExtensions/unknownExtension/2/key/int",
        message: "must be a CDDL int as a decimal string without leading zeros",
      },
      {
        pointer: "/mimiExtensions/unknownExtension/2/value/cbor",
        message: "must be lowercase hex with an even number of digits",
      },
      { pointer: "/mimiExtensions/unknownExtension/3/value/cbor", message: "required property is missing" },
      {
        pointer: "/mimiExtensions/unknownExtension/3/value/edn",
        message: "unknown property: the type has no field of this name",
      },
      { pointer: "/mimiExtensions/unknownExtension/4/value", message: "required property is missing" },
    ]);
  });

  it("RFC 9420: Lifetime and a select on an open enum", () => {
    expect(violations("rfc9420", "Lifetime", { not_before: "x", not_after: "7", other: 1 })).toEqual([
      { pointer: "/other", message: "unknown property: the type has no field of this name" },
      { pointer: "/not_before", message: "must be a uint64 as a decimal string without leading zeros" },
    ]);
    expect(violations("rfc9420", "Credential", { credential_type: "basic", identity: "00", certificates: [] })).toEqual(
      [
        {
          pointer: "/certificates",
          message: "not allowed here: the field belongs to another arm than the one the tag selects",
        },
      ],
    );
    // an unknown credential type has no arm: the TypeScript type and the codec reject it too
    expect(violations("rfc9420", "Credential", { credential_type: 6682, identity: "00" })).toEqual([
      { pointer: "/credential_type", message: "selects no arm of the select" },
    ]);
    expect(
      violations("rfc9420", "Credential", { credential_type: "x509", certificates: [{ cert_data: "0g" }] }),
    ).toEqual([
      { pointer: "/certificates/0/cert_data", message: "must be lowercase hex with an even number of digits" },
    ]);
  });

  it("unknown types and documents are errors, not violations", () => {
    expect(() => violations("rfc9420", "NoSuchType", {})).toThrow(/no type NoSuchType/);
    expect(() => validateJson(schemasOf("rfc9420").set, "rfc8446", "Handshake", {})).toThrow(/no JSON Schema/);
  });

  it("ajv strict mode is on: a schema with an unknown keyword does not compile", () => {
    const ajv = createJsonSchemaAjv([
      { $id: "https://mimi-codec.invalid/t.json", $defs: { a: { type: "string", frobnicate: 1 } } },
    ]);
    expect(() => ajv.compile({ $ref: "https://mimi-codec.invalid/t.json#/$defs/a" })).toThrow(/strict mode/);
  });

  it("validators are compiled once per schema set", () => {
    const set = schemasOf("mimi-content-main").set;
    const j = example("original.cbor");
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) expect(validateJson(set, "mimi-content-main", "mimiContent", clone(j))).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
