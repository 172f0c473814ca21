import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileDocument, type CompiledDocument } from "../../src/compile/compile-document.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { formatLoc, type Diagnostic } from "../../src/diagnostics/index.js";
import type { ExtractIo } from "../../src/extract/index.js";
import type { Definition, IRType } from "../../src/ir/types.js";

/**
 * src/ir/lower-cddl.ts through compileDocument: a small markdown draft held
 * in memory with one ```cddl fence (or an included .cddl file), and the
 * exact IR each CDDL construct lowers to (`loc` fields ignored), plus the
 * diagnostics (code and draft `file:line:col`) for what does not lower.
 */

const FILE = "/drafts/t/draft-t.md";

/** Lines before the fence: the first CDDL line is draft line 8. */
const PREAMBLE = ["---", "title: lowering", "---", "", "# Types", "", "```cddl"];
const FIRST = PREAMBLE.length + 1;

function memIo(files: Record<string, string>): ExtractIo {
  return {
    readFile(p) {
      const t = files[p];
      if (t === undefined) throw new Error(`ENOENT: ${p}`);
      return t;
    },
    exists: (p) => Object.hasOwn(files, p),
  };
}

function draft(cddl: string): string {
  return [...PREAMBLE, cddl.replace(/\n$/, ""), "```", ""].join("\n");
}

function compileMd(md: string, opts: { strict?: boolean; extra?: Record<string, string> } = {}): CompiledDocument {
  return compileDocument({
    path: FILE,
    config: { document: "t", source: "t/draft-t.md", mode: "lenient" },
    io: memIo({ [FILE]: md, ...opts.extra }),
    ...(opts.strict !== undefined ? { strict: opts.strict } : {}),
  });
}

const compile = (cddl: string, opts: { strict?: boolean } = {}) => compileMd(draft(cddl), opts);

/** A deep copy without `loc` fields (bigints kept). */
function noLoc<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => noLoc(x)) as T;
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (k !== "loc") out[k] = noLoc(x);
  return out as T;
}

function def(c: CompiledDocument, name: string): Definition {
  const d = c.ir.definitions.find((x) => x.name === name);
  if (!d) throw new Error(`no definition ${name}; have ${c.ir.definitions.map((x) => x.name).join(", ")}`);
  return d;
}

const typeOf = (c: CompiledDocument, name: string): IRType => noLoc(def(c, name).type);
const names = (c: CompiledDocument) => c.ir.definitions.map((d) => d.name);
const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${formatLoc(d.loc)}`);
/** Diagnostics other than notes. */
const findings = (c: CompiledDocument) => show(c.diagnostics.filter((d) => d.severity !== "note"));

const NO_LIMIT = 0xffffffff;
const VARINT_MAX = 0x3fffffff;
const TSTR: IRType = { kind: "text", length: { kind: "varint", min: 0, max: VARINT_MAX } };
const BSTR: IRType = { kind: "bytes", length: { kind: "varint", min: 0, max: VARINT_MAX } };
const UINT: IRType = { kind: "uint", bits: 64 };
const INT: IRType = { kind: "int" };

// ------------------------------------------------------------------ arrays

describe("arrays", () => {
  it("[name: T, ...] is a record encoded as an array, fields named by the barewords", () => {
    const c = compile("A = [salt: bstr .size 2, n: uint, name: tstr, ok: bool]\n");
    expect(findings(c)).toEqual([]);
    expect(def(c, "A").kind).toBe("struct");
    expect(def(c, "A").language).toBe("cddl");
    expect(def(c, "A").section).toBe("Types");
    expect(typeOf(c, "A")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "salt", type: { kind: "bytes", length: { kind: "fixed", bytes: 2 } } },
        { kind: "field", name: "n", type: UINT },
        { kind: "field", name: "name", type: TSTR },
        { kind: "field", name: "ok", type: { kind: "bool" } },
      ],
    });
  });

  it("entries without a bareword are named after their type, made unique", () => {
    const c = compile("P = [uint, uint, tstr, 1: int]\n");
    expect(typeOf(c, "P")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "uint", type: UINT },
        { kind: "field", name: "uint2", type: UINT },
        { kind: "field", name: "tstr", type: TSTR },
        { kind: "field", name: "key1", type: INT },
      ],
    });
  });

  it("a trailing `? x: T` is an omittable field", () => {
    const c = compile("O = [a: uint, ? b: tstr]\n");
    expect(typeOf(c, "O")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "a", type: UINT },
        { kind: "field", name: "b", type: TSTR, omittable: true },
      ],
    });
  });

  it("[* T], [+ T], [2* T], [1*4 T] are vectors with count bounds", () => {
    const c = compile(["V0 = [* int]", "V1 = [+ uint]", "V2 = [2* tstr]", "V3 = [1*4 bstr]", "V4 = [*3 bool]"].join("\n"));
    expect(findings(c)).toEqual([]);
    expect(typeOf(c, "V0")).toEqual({ kind: "vector", of: INT, length: { kind: "count", min: 0, max: NO_LIMIT } });
    expect(typeOf(c, "V1")).toEqual({ kind: "vector", of: UINT, length: { kind: "count", min: 1, max: NO_LIMIT } });
    expect(typeOf(c, "V2")).toEqual({ kind: "vector", of: TSTR, length: { kind: "count", min: 2, max: NO_LIMIT } });
    expect(typeOf(c, "V3")).toEqual({ kind: "vector", of: BSTR, length: { kind: "count", min: 1, max: 4 } });
    expect(typeOf(c, "V4")).toEqual({ kind: "vector", of: { kind: "bool" }, length: { kind: "count", min: 0, max: 3 } });
    expect(def(c, "V0").kind).toBe("alias");
  });

  it("a vector of an inline array hoists the element record as <Rule>_item", () => {
    const c = compile("L = [* [k: tstr, v: uint]]\n");
    expect(names(c)).toEqual(["L_item", "L"]);
    expect(typeOf(c, "L")).toEqual({ kind: "vector", of: { kind: "ref", name: "L_item" }, length: { kind: "count", min: 0, max: NO_LIMIT } });
    expect(typeOf(c, "L_item")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "k", type: TSTR },
        { kind: "field", name: "v", type: UINT },
      ],
    });
    expect(def(c, "L_item").kind).toBe("struct");
  });

  it("a repeated entry among other entries is a spread vector: its items are the array's own (RFC 8610 Appendix A)", () => {
    const c = compile("R = [n: uint, * items: tstr]\n");
    expect(typeOf(c, "R")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "n", type: UINT },
        { kind: "field", name: "items", type: { kind: "vector", of: TSTR, length: { kind: "count", min: 0, max: NO_LIMIT } }, spread: true },
      ],
    });
    expect(findings(c)).toEqual([]);
  });

  it("group rules spliced into an array keep their entries in order", () => {
    const c = compile(["G = [head: uint, Common, tail: bool]", "Common = (x: int, y: tstr)"].join("\n"));
    expect(typeOf(c, "G")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "head", type: UINT },
        { kind: "field", name: "x", type: INT },
        { kind: "field", name: "y", type: TSTR },
        { kind: "field", name: "tail", type: { kind: "bool" } },
      ],
    });
  });
});

// ------------------------------------------------------------------ maps

describe("maps", () => {
  it("{ a: T, ? 1: U, ... } is a record encoded as a map: text keys from barewords and strings, int keys", () => {
    const c = compile('M = { a: int, ? 1: tstr, -2: bool, "quoted key": uint, ? b: bstr }\n');
    expect(findings(c)).toEqual([]);
    expect(def(c, "M").kind).toBe("struct");
    expect(typeOf(c, "M")).toEqual({
      kind: "record",
      encoding: "map",
      members: [
        { kind: "field", name: "a", type: INT, key: "a" },
        { kind: "field", name: "key1", type: TSTR, key: 1, omittable: true },
        { kind: "field", name: "keyMinus2", type: { kind: "bool" }, key: -2 },
        { kind: "field", name: "quoted key", type: UINT, key: "quoted key" },
        { kind: "field", name: "b", type: BSTR, key: "b", omittable: true },
      ],
    });
  });

  it("{ * K => V } and { + K => V } are maps", () => {
    const c = compile(["D = { * tstr => int }", "E = { + uint => bstr }", "F = { 1*3 int => [* uint] }"].join("\n"));
    expect(typeOf(c, "D")).toEqual({ kind: "map", key: TSTR, value: INT, min: 0, max: NO_LIMIT });
    expect(typeOf(c, "E")).toEqual({ kind: "map", key: UINT, value: BSTR, min: 1, max: NO_LIMIT });
    expect(typeOf(c, "F")).toEqual({
      kind: "map",
      key: INT,
      value: { kind: "vector", of: UINT, length: { kind: "count", min: 0, max: NO_LIMIT } },
      min: 1,
      max: 3,
    });
    expect(def(c, "D").kind).toBe("alias");
  });

  it("`* tstr => any` after keyed fields is the record's rest", () => {
    const c = compile("R = { a: int, ? b: tstr, * tstr => any }\n");
    expect(typeOf(c, "R")).toEqual({
      kind: "record",
      encoding: "map",
      members: [
        { kind: "field", name: "a", type: INT, key: "a" },
        { kind: "field", name: "b", type: TSTR, key: "b", omittable: true },
      ],
      rest: { name: "rest", key: TSTR, value: { kind: "any" } },
    });
  });

  it("the rest field name does not clash with a field called rest", () => {
    const c = compile("R = { rest: uint, * int => tstr }\n");
    expect(typeOf(c, "R")).toEqual({
      kind: "record",
      encoding: "map",
      members: [{ kind: "field", name: "rest", type: UINT, key: "rest" }],
      rest: { name: "rest2", key: INT, value: TSTR },
    });
  });

  it("`&(senderUri: 1) ^ => tstr` is field senderUri with key 1; `LABEL => T` with `LABEL = 7` is field LABEL with key 7", () => {
    const c = compile(["K = {", "  &(senderUri: 1) ^ => tstr,", "  ? &(deviceId: 2) ^ => uint,", "  LABEL => bool,", "}", "LABEL = 7"].join("\n"));
    expect(findings(c)).toEqual([]);
    expect(names(c)).toEqual(["K", "LABEL"]); // LABEL is a constant definition, and the key of K's field
    expect(def(c, "LABEL").kind).toBe("constant");
    expect(typeOf(c, "K")).toEqual({
      kind: "record",
      encoding: "map",
      members: [
        { kind: "field", name: "senderUri", type: TSTR, key: 1 },
        { kind: "field", name: "deviceId", type: UINT, key: 2, omittable: true },
        { kind: "field", name: "LABEL", type: { kind: "bool" }, key: 7 },
      ],
    });
  });

  it("a `*` group of type-keyed entries in a map becomes the rest, named after the group", () => {
    const c = compile(["X = { v: uint, * Ext }", "Ext = ( * tstr => any )"].join("\n"));
    expect(typeOf(c, "X")).toEqual({
      kind: "record",
      encoding: "map",
      members: [{ kind: "field", name: "v", type: UINT, key: "v" }],
      rest: { name: "Ext", key: TSTR, value: { kind: "any" } },
    });
  });

  it("a group choice inside a map: each choice's keys become omittable fields, and exactly one choice is enforced", () => {
    const c = compile("N = { a: int, (b: int // c: tstr) }\n");
    expect(typeOf(c, "N")).toEqual({
      kind: "record",
      encoding: "map",
      members: [
        { kind: "field", name: "a", type: INT, key: "a" },
        { kind: "field", name: "b", type: INT, key: "b", omittable: true },
        { kind: "field", name: "c", type: TSTR, key: "c", omittable: true },
      ],
      choices: [{ options: [{ fields: ["b"], required: ["b"] }, { fields: ["c"], required: ["c"] }], optional: false }],
    });
    expect(findings(c)).toEqual([]);
  });

  it("an inline map in a field is hoisted as <Rule>_<field>", () => {
    const c = compile("H = [meta: { id: uint }]\n");
    expect(names(c)).toEqual(["H_meta", "H"]);
    expect(typeOf(c, "H")).toEqual({ kind: "record", encoding: "array", members: [{ kind: "field", name: "meta", type: { kind: "ref", name: "H_meta" } }] });
    expect(typeOf(c, "H_meta")).toEqual({ kind: "record", encoding: "map", members: [{ kind: "field", name: "id", type: UINT, key: "id" }] });
  });
});

// ------------------------------------------------------------------ group choices

describe("group choices led by a literal", () => {
  it("( A // B ) with A = (kind: 0, ...) becomes an enum field and a variant on it", () => {
    const c = compile(["Msg = [id: uint, ( A // B )]", "A = (kind: 0, x: uint)", "B = (kind: 1, y: tstr, z: bool)"].join("\n"));
    expect(findings(c)).toEqual([]);
    expect(names(c)).toEqual(["Msg_kind", "Msg"]);
    expect(typeOf(c, "Msg_kind")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "0", value: 0 },
        { name: "1", value: 1 },
      ],
      open: false,
    });
    expect(def(c, "Msg_kind").kind).toBe("enum");
    expect(typeOf(c, "Msg")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "id", type: UINT },
        { kind: "field", name: "kind", type: { kind: "ref", name: "Msg_kind" } },
        {
          kind: "variant",
          discriminant: { kind: "field", path: ["kind"], enumType: "Msg_kind" },
          cases: [
            { labels: ["0"], isDefault: false, members: [{ kind: "field", name: "x", type: UINT }] },
            {
              labels: ["1"],
              isDefault: false,
              members: [
                { kind: "field", name: "y", type: TSTR },
                { kind: "field", name: "z", type: { kind: "bool" } },
              ],
            },
          ],
        },
      ],
    });
  });

  it("constants name the enum values: `cardinality: single` with `single = 1`", () => {
    const c = compile(
      [
        "Part = [lang: tstr, ( NullPart // SinglePart // MultiPart )]",
        "NullPart = (cardinality: nullpart)",
        "SinglePart = (cardinality: single, content: bstr)",
        "MultiPart = (cardinality: multi, parts: [2* Part])",
        "nullpart = 0",
        "single = 1",
        "multi = 2",
      ].join("\n"),
    );
    expect(findings(c)).toEqual([]);
    expect(typeOf(c, "Part_cardinality")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "nullpart", value: 0 },
        { name: "single", value: 1 },
        { name: "multi", value: 2 },
      ],
      open: false,
    });
    const t = typeOf(c, "Part");
    expect(t).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "lang", type: TSTR },
        { kind: "field", name: "cardinality", type: { kind: "ref", name: "Part_cardinality" } },
        {
          kind: "variant",
          discriminant: { kind: "field", path: ["cardinality"], enumType: "Part_cardinality" },
          cases: [
            { labels: ["nullpart"], isDefault: false, members: [] },
            { labels: ["single"], isDefault: false, members: [{ kind: "field", name: "content", type: BSTR }] },
            {
              labels: ["multi"],
              isDefault: false,
              members: [{ kind: "field", name: "parts", type: { kind: "vector", of: { kind: "ref", name: "Part" }, length: { kind: "count", min: 2, max: NO_LIMIT } } }],
            },
          ],
        },
      ],
    });
  });

  it("the whole array as a group choice: [ (k: 0, a: uint) // (k: 1) ]", () => {
    const c = compile("W = [ (k: 0, a: uint) // (k: 1) ]\n");
    expect(typeOf(c, "W")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "k", type: { kind: "ref", name: "W_k" } },
        {
          kind: "variant",
          discriminant: { kind: "field", path: ["k"], enumType: "W_k" },
          cases: [
            { labels: ["0"], isDefault: false, members: [{ kind: "field", name: "a", type: UINT }] },
            { labels: ["1"], isDefault: false, members: [] },
          ],
        },
      ],
    });
  });

  it("choices that do not start with the same literal-valued key give the rule a validated generic codec, with a warning", () => {
    const c = compile(["X = [ ( A // B ) ]", "A = (kind: 0, x: uint)", "B = (other: 1)"].join("\n"));
    expect(findings(c)).toEqual([`warning cddl/generic-codec ${FILE}:${FIRST}:7`]);
    expect([...c.broken.keys()]).toEqual([]);
    expect(typeOf(c, "X").kind).toBe("validated");
  });
});

// ------------------------------------------------------------------ choices and enums

describe("type choices and enums", () => {
  it("null / T and T / null are optional", () => {
    const c = compile(["O1 = null / tstr", "O2 = uint / nil", "O3 = null / int / tstr"].join("\n"));
    expect(typeOf(c, "O1")).toEqual({ kind: "optional", of: TSTR });
    expect(typeOf(c, "O2")).toEqual({ kind: "optional", of: UINT });
    expect(typeOf(c, "O3")).toEqual({ kind: "optional", of: { kind: "union", options: [INT, TSTR] } });
    expect(def(c, "O1").kind).toBe("alias");
  });

  it("literal choices are a closed enum named by their values", () => {
    const c = compile("Lit = 0 / 1 / 5 / 300\n");
    expect(typeOf(c, "Lit")).toEqual({
      kind: "enum",
      bits: 16,
      values: [
        { name: "0", value: 0 },
        { name: "1", value: 1 },
        { name: "5", value: 5 },
        { name: "300", value: 300 },
      ],
      open: false,
    });
    expect(def(c, "Lit").kind).toBe("enum");
  });

  it("&( a: 0, b: 1 ) is an enum with those names; constants name literal choices", () => {
    const c = compile(["Named = &( a: 0, b: 1 )", "Consts = red / green", "red = 3", "green = 4"].join("\n"));
    expect(typeOf(c, "Named")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "a", value: 0 },
        { name: "b", value: 1 },
      ],
      open: false,
    });
    expect(typeOf(c, "Consts")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "red", value: 3 },
        { name: "green", value: 4 },
      ],
      open: false,
    });
  });

  it("&Group over a group rule written without parentheses: &Black with Black = black: 0", () => {
    const c = compile(["C = &Black", "Black = black: 0"].join("\n"));
    expect(typeOf(c, "C")).toEqual({ kind: "enum", bits: 8, values: [{ name: "black", value: 0 }], open: false });
  });

  // BUG src/ir/lower-cddl.ts enumPart() "choice-of-ref" / "choice-of-group":
  // the group's entries are not spliced (only `G = name: 0` without
  // parentheses works), so RFC 8610 §2.2.2.2's own example
  // (`terminal-color = &basecolors` with a parenthesised multi-entry group,
  // and `&(basecolors, orange: 8)`) is cddl/not-lowered ("this enumeration")
  // and the rules are broken. Expected: enums with the group's names.
  it("&basecolors and &(basecolors, orange: 8) over a multi-entry group rule (RFC 8610 §2.2.2.2)", () => {
    const c = compile(["terminal-color = &basecolors", "basecolors = (black: 0, red: 1, green: 2)", "extended-color = &(basecolors, orange: 8)"].join("\n"));
    expect(findings(c)).toEqual([]);
    const base = [
      { name: "black", value: 0 },
      { name: "red", value: 1 },
      { name: "green", value: 2 },
    ];
    expect(typeOf(c, "terminal-color")).toEqual({ kind: "enum", bits: 8, values: base, open: false });
    expect(typeOf(c, "extended-color")).toEqual({ kind: "enum", bits: 8, values: [...base, { name: "orange", value: 8 }], open: false });
  });

  it("a socket with no plugs in a choice makes the enum open", () => {
    const c = compile("OpenE = &( a: 0, b: 1 ) / $ext\n");
    expect(findings(c)).toEqual([]);
    expect(typeOf(c, "OpenE")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "a", value: 0 },
        { name: "b", value: 1 },
      ],
      open: true,
    });
  });

  it("a socket with plugs in a choice contributes its values and keeps the enum open", () => {
    const c = compile(["G = 0 / $t", "$t /= 3", "$t /= 4"].join("\n"));
    expect(typeOf(c, "G")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "0", value: 0 },
        { name: "3", value: 3 },
        { name: "4", value: 4 },
      ],
      open: true,
    });
  });

  it("a socket with no plugs used as a whole type is an open enum with no named values", () => {
    const c = compile("E = $ext\n");
    expect(findings(c)).toEqual([]);
    expect(typeOf(c, "E")).toEqual({ kind: "enum", bits: 8, values: [], open: true });
  });

  // BUG src/ir/lower-cddl.ts literalOf(): a socket with one plug (`$s /= 3`)
  // counts as a constant, so `e: $s` is the fixed uint 3 and `0 / $s` a
  // closed enum with a value named "$s". A socket is extensible by
  // definition: both should be open enums.
  it("a socket with a single plug is an open enum, not the constant 3", () => {
    const c = compile(["X = [e: $s]", "F = 0 / $s", "$s /= 3"].join("\n"));
    expect(typeOf(c, "F")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "0", value: 0 },
        { name: "3", value: 3 },
      ],
      open: true,
    });
    const x = typeOf(c, "X");
    expect(x.kind === "record" && x.members[0]?.kind === "field" ? x.members[0].type : undefined).not.toEqual({ kind: "uint", bits: 8, min: 3, max: 3 });
  });

  // BUG src/ir/lower-cddl.ts ensureDefinition()/refOf(): a socket with several
  // plugs used directly as a type (`e: $t`) is lowered from its plugs as a
  // closed enum `$t`, while the same socket inside a choice (`0 / $t`) is
  // open. Expected: `$t` is an open enum (unknown values kept).
  it("a socket with plugs used directly as a field type is an open enum", () => {
    const c = compile(["Y = [e: $t]", "$t /= 3", "$t /= 4"].join("\n"));
    expect(typeOf(c, "Y_e")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "3", value: 3 },
        { name: "4", value: 4 },
      ],
      open: true,
    });
  });

  it("ranges: 9..255 -> uint8 min 9, 0..1000 -> uint16 max 1000, -5..5 -> int, 0...256 -> uint8", () => {
    const c = compile(["S = [r: 9..255, r2: 0..1000, neg: -5..5, ex: 0...256, big: 1..70000]"].join("\n"));
    expect(typeOf(c, "S")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "r", type: { kind: "uint", bits: 8, min: 9 } },
        { kind: "field", name: "r2", type: { kind: "uint", bits: 16, max: 1000 } },
        { kind: "field", name: "neg", type: { kind: "int", min: -5n, max: 5n } },
        { kind: "field", name: "ex", type: { kind: "uint", bits: 8 } },
        { kind: "field", name: "big", type: { kind: "uint", bits: 32, min: 1, max: 70000 } },
      ],
    });
  });

  it("a range among literal choices is an enum range value", () => {
    const c = compile("E = 0 / 9..255 / 1\n");
    expect(typeOf(c, "E")).toEqual({
      kind: "enum",
      bits: 8,
      values: [
        { name: "0", value: 0 },
        { name: "range_9_255", value: 9, upTo: 255 },
        { name: "1", value: 1 },
      ],
      open: false,
    });
  });

  it("int / tstr and other choices without a literal are unions", () => {
    const c = compile(["Un = int / tstr", "Un3 = bstr / tstr / bool", "Ur = [a: uint] / { b: uint }"].join("\n"));
    expect(typeOf(c, "Un")).toEqual({ kind: "union", options: [INT, TSTR] });
    expect(typeOf(c, "Un3")).toEqual({ kind: "union", options: [BSTR, TSTR, { kind: "bool" }] });
    expect(typeOf(c, "Ur")).toEqual({ kind: "union", options: [{ kind: "ref", name: "Ur_1" }, { kind: "ref", name: "Ur_2" }] });
    expect(typeOf(c, "Ur_1")).toEqual({ kind: "record", encoding: "array", members: [{ kind: "field", name: "a", type: UINT }] });
    expect(typeOf(c, "Ur_2")).toEqual({ kind: "record", encoding: "map", members: [{ kind: "field", name: "b", type: UINT, key: "b" }] });
  });
});

// ------------------------------------------------------------------ controls, tags, prelude

describe("controls, tags and prelude types", () => {
  it(".size on uint picks the width", () => {
    const c = compile(["U1 = uint .size 1", "U2 = uint .size 2", "U3 = uint .size 3", "U4 = uint .size 4", "U8 = uint .size 8", "UR = uint .size (1..2)"].join("\n"));
    expect(typeOf(c, "U1")).toEqual({ kind: "uint", bits: 8 });
    expect(typeOf(c, "U2")).toEqual({ kind: "uint", bits: 16 });
    expect(typeOf(c, "U3")).toEqual({ kind: "uint", bits: 24 });
    expect(typeOf(c, "U4")).toEqual({ kind: "uint", bits: 32 });
    expect(typeOf(c, "U8")).toEqual({ kind: "uint", bits: 64 });
    expect(typeOf(c, "UR")).toEqual({ kind: "uint", bits: 16 });
  });

  // BUG src/ir/lower-cddl.ts controlOf() "size": `uint .size 5` (6, 7) becomes
  // an unbounded uint64 without any diagnostic, so 2^40 is accepted although
  // it needs 6 bytes. Expected: uint64 with max 2^40-1.
  it("uint .size 5 keeps its bound (max 2^40-1)", () => {
    const c = compile("U5 = uint .size 5\n");
    expect(typeOf(c, "U5")).toEqual({ kind: "uint", bits: 64, max: 2 ** 40 - 1 });
  });

  it(".size on bstr and tstr: fixed bytes, byte bounds", () => {
    const c = compile(["B16 = bstr .size 16", "BR = bstr .size (0..16)", "T = tstr .size (1..255)", "T4 = tstr .size 4"].join("\n"));
    expect(typeOf(c, "B16")).toEqual({ kind: "bytes", length: { kind: "fixed", bytes: 16 } });
    expect(typeOf(c, "BR")).toEqual({ kind: "bytes", length: { kind: "varint", min: 0, max: 16 } });
    expect(typeOf(c, "T")).toEqual({ kind: "text", length: { kind: "varint", min: 1, max: 255 } });
    expect(typeOf(c, "T4")).toEqual({ kind: "text", length: { kind: "varint", min: 4, max: 4 } });
  });

  it(".gt .ge .lt .le set min/max on uint and int", () => {
    const c = compile(["G = uint .gt 0", "Ge = uint .ge 3", "L = uint .lt 10", "Le = uint .le 300", "Ig = int .gt -3", "Il = int .le -1"].join("\n"));
    expect(findings(c)).toEqual([]);
    expect(typeOf(c, "G")).toEqual({ kind: "uint", bits: 64, min: 1 });
    expect(typeOf(c, "Ge")).toEqual({ kind: "uint", bits: 64, min: 3 });
    expect(typeOf(c, "L")).toEqual({ kind: "uint", bits: 64, max: 9 });
    expect(typeOf(c, "Le")).toEqual({ kind: "uint", bits: 64, max: 300 });
    expect(typeOf(c, "Ig")).toEqual({ kind: "int", min: -2n });
    expect(typeOf(c, "Il")).toEqual({ kind: "int", max: -1n });
  });

  it("controls that are not enforced warn (lenient) but keep the base type", () => {
    const c = compile(["Is = int .size 2"].join("\n"));
    expect(typeOf(c, "Is")).toEqual(INT);
    expect(findings(c)).toEqual([`warning cddl/control-not-enforced ${FILE}:${FIRST}:6`]);
  });

  it(".regexp is a check both codecs enforce; a pattern the XSD engine does not support is a note and only text", () => {
    const c = compile(['Re = tstr .regexp "a+"', String.raw`Rb = tstr .regexp "\\p{IsBasicLatin}+"`].join("\n"));
    expect(typeOf(c, "Re")).toEqual({ kind: "checked", of: TSTR, checks: [{ op: "regexp", pattern: "a+" }] });
    expect(typeOf(c, "Rb")).toEqual(TSTR);
    expect(findings(c)).toEqual([]);
    expect(c.diagnostics.filter((d) => d.code === "cddl/control-not-enforced").map((d) => `${d.severity} ${d.loc.line}:${d.loc.col}`)).toEqual([`note ${FIRST + 1}:6`]);
  });

  it("#6.1001(T) is tagged; #6.32(tstr) inside a field too", () => {
    const c = compile(["Tg = #6.1001(tstr)", "Tf = [u: #6.32(tstr), n: #6.2(bstr)]"].join("\n"));
    expect(typeOf(c, "Tg")).toEqual({ kind: "tagged", tag: 1001, of: TSTR });
    expect(typeOf(c, "Tf")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "u", type: { kind: "tagged", tag: 32, of: TSTR } },
        { kind: "field", name: "n", type: { kind: "tagged", tag: 2, of: BSTR } },
      ],
    });
  });

  it("prelude names and major types map to IR primitives", () => {
    const c = compile(
      ["P = [a: nint, b: float, c: float16, d: float32, e: float64, f: any, g: bytes, h: text, i: null, j: true, k: #7.25, l: #0, m: #3, n: integer, o: tdate]"].join("\n"),
    );
    expect(findings(c)).toEqual([]);
    const t = typeOf(c, "P");
    const types = t.kind === "record" ? t.members.map((m) => (m.kind === "field" ? [m.name, m.type] : [])) : [];
    expect(types).toEqual([
      ["a", { kind: "int", max: -1n }],
      ["b", { kind: "float" }],
      ["c", { kind: "float", bits: 16 }],
      ["d", { kind: "float", bits: 32 }],
      ["e", { kind: "float", bits: 64 }],
      ["f", { kind: "any" }],
      ["g", BSTR],
      ["h", TSTR],
      ["i", { kind: "null" }],
      ["j", { kind: "literal", value: { type: "bool", value: true } }],
      ["k", { kind: "float", bits: 16 }],
      ["l", UINT],
      ["m", TSTR],
      ["n", { kind: "int", big: "preferred" }],
      ["o", { kind: "tagged", tag: 0, of: TSTR }],
    ]);
  });

  it("a reference to another rule is a ref; a constant is a definition of kind constant, and its value where used", () => {
    const c = compile(["A = [b: B, n: ten]", "B = uint", "ten = 10"].join("\n"));
    expect(names(c)).toEqual(["B", "A", "ten"]);
    expect(def(c, "ten").kind).toBe("constant");
    expect(typeOf(c, "A")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "b", type: { kind: "ref", name: "B" } },
        { kind: "field", name: "n", type: { kind: "uint", bits: 8, min: 10, max: 10 } },
      ],
    });
  });
});

// ------------------------------------------------------------------ generics

describe("generic rules", () => {
  it("pair<uint, bool> used as a field type is instantiated into a hoisted record", () => {
    const c = compile(["pair<K, V> = [k: K, v: V]", "Q = { p: pair<uint, bool>, ? q: pair<int, tstr> }"].join("\n"));
    expect(findings(c)).toEqual([]);
    expect(names(c)).toEqual(["Q_p", "Q_q", "Q"]);
    expect(typeOf(c, "Q")).toEqual({
      kind: "record",
      encoding: "map",
      members: [
        { kind: "field", name: "p", type: { kind: "ref", name: "Q_p" }, key: "p" },
        { kind: "field", name: "q", type: { kind: "ref", name: "Q_q" }, key: "q", omittable: true },
      ],
    });
    expect(typeOf(c, "Q_p")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "k", type: UINT },
        { kind: "field", name: "v", type: { kind: "bool" } },
      ],
    });
    expect(typeOf(c, "Q_q")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "k", type: INT },
        { kind: "field", name: "v", type: TSTR },
      ],
    });
  });

  it("a generic with a non-record body is substituted inline", () => {
    const c = compile(["opt<T> = null / T", "W = [a: opt<uint>, b: opt<tstr>]"].join("\n"));
    expect(typeOf(c, "W")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "a", type: { kind: "optional", of: UINT } },
        { kind: "field", name: "b", type: { kind: "optional", of: TSTR } },
      ],
    });
  });

  // BUG (minor) src/ir/lower-cddl.ts instantiate(): the instance is lowered
  // without `top`, so a rule whose whole right-hand side is a generic
  // instance gets its record hoisted under a synthetic name (P2) and P
  // becomes an alias. Expected: P is the record itself, as for
  // `P = [k: int, v: tstr]`.
  it("P = pair<int, tstr> is the record itself", () => {
    const c = compile(["pair<K, V> = [k: K, v: V]", "P = pair<int, tstr>"].join("\n"));
    expect(names(c)).toEqual(["P"]);
    expect(def(c, "P").kind).toBe("struct");
    expect(typeOf(c, "P")).toEqual({
      kind: "record",
      encoding: "array",
      members: [
        { kind: "field", name: "k", type: INT },
        { kind: "field", name: "v", type: TSTR },
      ],
    });
  });

  it("a generic used with the wrong number of arguments is reported and broken", () => {
    const c = compile(["pair<K, V> = [k: K, v: V]", "Z = pair<int>"].join("\n"));
    expect(findings(c)).toEqual([`error cddl/generic-arity ${FILE}:${FIRST + 1}:5`, `error cddl/not-lowered ${FILE}:${FIRST + 1}:5`]);
    expect([...c.broken.keys()]).toEqual(["Z"]);
  });
});

// ------------------------------------------------------------------ what does not lower

describe("constructs the IR cannot express", () => {
  const SRC = [
    "Good = [a: uint]", //                     FIRST
    'TextLit = [t: "hello"]', //             FIRST+1  literal text as a type: lowered
    "Arr = [ * (a: int, b: tstr) ]", //       FIRST+2  repeated group in array: lowered
    "Tg = #6(tstr)", //                       FIRST+3  tag without number, col 6
    "Maj = #5", //                            FIRST+4  major type 5, col 7
    "Unw = ~Good", //                         FIRST+5  unwrap of an array where a type is expected, col 7
    "Tx = [ * A ]", //                        FIRST+6  group as type: a sequence, lowered
    "A = (k: 0)",
    "Uses = [g: Good, t: Tg]", //              FIRST+8  depends on a broken rule
  ].join("\n");

  it("each gets a validated generic codec, with a cddl/generic-codec warning at the construct's draft file:line:col, lenient and strict", () => {
    for (const strict of [false, true]) {
      const c = compile(SRC, { strict });
      expect(show(c.diagnostics.filter((d) => d.code === "cddl/generic-codec"))).toEqual([
        `warning cddl/generic-codec ${FILE}:${FIRST + 3}:6`,
        `warning cddl/generic-codec ${FILE}:${FIRST + 4}:7`,
        `warning cddl/generic-codec ${FILE}:${FIRST + 5}:7`,
      ]);
      expect(c.diagnostics.filter((d) => d.code === "cddl/not-lowered")).toEqual([]);
    }
  });

  it("the messages name the construct and say what the rule gets instead", () => {
    const c = compile(SRC);
    expect(c.diagnostics.filter((d) => d.code === "cddl/generic-codec").map((d) => d.message)).toEqual([
      "a tag without a literal tag number: Tg gets a validated generic codec (any CBOR item, checked against the rule)",
      "major type #5: Maj gets a validated generic codec (any CBOR item, checked against the rule)",
      "unwrapping Good where a type is expected (only a tag unwraps to a type): Unw gets a validated generic codec (any CBOR item, checked against the rule)",
    ]);
  });

  it("nothing is broken: those rules carry the schema their codec checks, and a rule that uses one compiles", () => {
    const c = compile(SRC);
    expect([...c.broken.keys()]).toEqual([]);
    const tg = typeOf(c, "Tg");
    expect(tg.kind === "validated" && tg.rule === "Tg" && tg.schema.rules.map((r) => r.name).sort()).toEqual(["Tg", "tstr"]); // the rule and the prelude rule it reaches
    expect(typeOf(c, "Uses").kind).toBe("record");
    expect(typeOf(c, "Good")).toEqual({ kind: "record", encoding: "array", members: [{ kind: "field", name: "a", type: UINT }] });
  });

  it("an undefined name is cddl/undefined-name (from lowering) at the reference", () => {
    const c = compile("U = [x: Nope]\n");
    expect(show(c.diagnostics.filter((d) => d.code === "cddl/undefined-name"))).toContain(`error cddl/undefined-name ${FILE}:${FIRST}:9`);
    expect(c.broken.has("U")).toBe(true);
  });

  // BUG src/ir/lower-cddl.ts arrayMembers(): an omittable entry that is not
  // the last one (`[a: uint, ? b: uint, c: uint]`) is accepted silently, but
  // the generated CBOR decoder takes the next item for `b` whenever one is
  // left, so {a, c} encodes as [a, c] and fails to decode. Expected: a
  // diagnostic (warning or error) at the `? b` entry.
  it("an omittable entry before a required one in an array is reported", () => {
    const c = compile("Mid = [a: uint, ? b: uint, c: uint]\n");
    expect(show(c.diagnostics.filter((d) => d.severity !== "note"))).toContainEqual(expect.stringMatching(new RegExp(`${FILE}:${FIRST}:17$`)));
  });
});

// ------------------------------------------------------------------ locations

describe("locations", () => {
  it("definitions and fields point at the draft line and column", () => {
    const c = compile(["; a comment", "Loc = [", "  first: uint,", "    second: tstr,", "]"].join("\n"));
    const d = def(c, "Loc");
    expect(formatLoc(d.loc)).toBe(`${FILE}:${FIRST + 1}:1`);
    const t = d.type;
    const locs = t.kind === "record" ? t.members.map((m) => formatLoc(m.loc)) : [];
    expect(locs).toEqual([`${FILE}:${FIRST + 2}:3`, `${FILE}:${FIRST + 3}:5`]);
  });

  it("a bare .cddl file compiled with compileWithImports reports errors at its own lines", () => {
    const dir = mkdtempSync(join(tmpdir(), "lower-cddl-"));
    const file = join(dir, "bare.cddl");
    writeFileSync(file, ["; header", "Ok = [a: uint]", "", "Bad = [ x: #6(tstr) ]", ""].join("\n"));
    const c = compileWithImports(file);
    expect(c.ir.name).toBe("bare");
    expect(c.ir.imports).toEqual(["rfc9420"]);
    expect(show(c.diagnostics.filter((d) => d.code === "cddl/generic-codec"))).toEqual([`warning cddl/generic-codec ${file}:4:12`]);
    expect([...c.broken.keys()]).toEqual([]);
    expect(formatLoc(def(c, "Ok").loc)).toBe(`${file}:2:1`);
    expect(typeOf(c, "Ok")).toEqual({ kind: "record", encoding: "array", members: [{ kind: "field", name: "a", type: UINT }] });
  });
});

// ------------------------------------------------------------------ one rule, two files

describe("a rule defined in two files of one document", () => {
  const md = ["# T", "", "Text.", "", "{::include defs.cddl}", "", "~~~ cddl", "X = [a: tstr]", "Y = uint", "~~~", ""].join("\n");
  const extra = { "/drafts/t/defs.cddl": ["; defs", "X = [a: int]", "Y = uint", ""].join("\n") };

  it("differently: cddl/conflicting-rule warning (lenient) at the second, related to the first; the first wins", () => {
    const c = compileMd(md, { extra });
    const conflicts = c.diagnostics.filter((d) => d.code === "cddl/conflicting-rule");
    expect(show(conflicts)).toEqual([`warning cddl/conflicting-rule ${FILE}:8:1`]);
    expect(formatLoc(conflicts[0]!.related!)).toBe("/drafts/t/defs.cddl:2:1");
    expect(conflicts[0]!.message).toBe("X is defined differently in two files of this document; the first definition is used");
    expect(formatLoc(def(c, "X").loc)).toBe("/drafts/t/defs.cddl:2:1");
    expect(typeOf(c, "X")).toEqual({ kind: "record", encoding: "array", members: [{ kind: "field", name: "a", type: INT }] });
    expect(c.cddlBlocks).toBe(2);
  });

  it("in strict mode the conflict is an error", () => {
    const c = compileMd(md, { extra, strict: true });
    expect(show(c.diagnostics.filter((d) => d.code === "cddl/conflicting-rule"))).toEqual([`error cddl/conflicting-rule ${FILE}:8:1`]);
  });

  it("identically: a note cddl/duplicate-rule-identical, related to the first", () => {
    const c = compileMd(md, { extra });
    const dups = c.diagnostics.filter((d) => d.code === "cddl/duplicate-rule-identical");
    expect(show(dups)).toEqual([`note cddl/duplicate-rule-identical ${FILE}:9:1`]);
    expect(formatLoc(dups[0]!.related!)).toBe("/drafts/t/defs.cddl:3:1");
    expect(names(c)).toEqual(["X", "Y"]);
  });
});
