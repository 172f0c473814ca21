import { describe, expect, it } from "vitest";
import { compareTypes, type CompareOptions } from "../../src/compare/compare-types.js";
import { FINDING_KINDS, type Finding, type FindingKind } from "../../src/compare/finding.js";
import type { Definition, IRType, IRVariant } from "../../src/ir/types.js";
import { at, bytesV, define, field, kinds, rec, ref, scopeOf, show, textV, u } from "./helpers.js";

/**
 * src/compare/compare-types.ts on small IR written inline: every finding
 * kind, its path, its per-format verdict and both locations. "L" is the
 * left (old / TPL) file, "R" the right one; the top-level types sit at line 1.
 */

const L = "L.tls";
const R = "R.cddl";

function cmp(left: IRType, right: IRType, opts: { defs?: { left?: Definition[]; right?: Definition[] } } & Partial<CompareOptions> = {}): Finding[] {
  const { defs, ...rest } = opts;
  return compareTypes(
    { type: left, scope: scopeOf(...(defs?.left ?? [])), loc: at(L, 1) },
    { type: right, scope: scopeOf(...(defs?.right ?? [])), loc: at(R, 1) },
    { mode: "evolve", path: "T", ...rest },
  );
}

const seen = new Set<FindingKind>();
const track = (fs: Finding[]) => {
  for (const f of fs) seen.add(f.kind);
  return fs;
};

describe("records: fields", () => {
  const a = field("a", u(8), at(L, 2));
  const b = field("b", bytesV, at(L, 3));

  it("an added field breaks both formats; a trailing omittable one keeps old CBOR", () => {
    const fs = track(cmp(rec([a]), rec([field("a", u(8), at(R, 2)), field("b", u(16), at(R, 3))])));
    expect(show(fs)).toEqual(["field-added T.b [neither neither] L.tls:1:1 R.cddl:3:1", "field-count T [neither neither] L.tls:1:1 R.cddl:1:1"]);
    const opt = cmp(rec([a]), rec([field("a", u(8), at(R, 2)), field("b", u(16), at(R, 3), { omittable: true })]));
    expect(show(opt)).toEqual(["field-added T.b [neither left-to-right] L.tls:1:1 R.cddl:3:1", "field-count T [neither left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });

  it("a removed field is located at the old field and the new record", () => {
    const fs = track(cmp(rec([a, b]), rec([field("a", u(8), at(R, 2))])));
    expect(show(fs)).toEqual(["field-removed T.b [neither neither] L.tls:3:1 R.cddl:1:1", "field-count T [neither neither] L.tls:1:1 R.cddl:1:1"]);
  });

  it("same position, same shape, another name: a rename, invisible on the wire", () => {
    const fs = track(cmp(rec([a, b]), rec([field("a", u(8), at(R, 2)), field("c", bytesV, at(R, 4))])));
    expect(show(fs)).toEqual(["field-renamed T.b [both both] L.tls:3:1 R.cddl:4:1"]);
  });

  it("another shape at the same position is a removal plus an addition", () => {
    const fs = cmp(rec([a, b]), rec([field("a", u(8), at(R, 2)), field("c", textV, at(R, 4))]));
    expect(kinds(fs)).toEqual(["field-removed T.b", "field-added T.c"]);
  });

  it("names match case-insensitively only when asked (alignment)", () => {
    const right = rec([field("A", u(8), at(R, 2))]);
    expect(kinds(cmp(rec([a]), right))).toEqual(["field-renamed T.a"]);
    expect(cmp(rec([a]), right, { ignoreCase: true })).toEqual([]);
  });

  it("a moved field breaks positional encodings, not CBOR maps", () => {
    const c = field("c", textV, at(L, 4));
    const right = [field("b", bytesV, at(R, 2)), field("a", u(8), at(R, 3)), field("c", textV, at(R, 4))];
    expect(show(track(cmp(rec([a, b, c]), rec(right))))).toEqual(["field-moved T.b [neither neither] L.tls:3:1 R.cddl:2:1"]);
    const keyed = (fs: typeof right, file: string) => fs.map((f, i) => ({ ...f, key: f.name, loc: at(file, i + 2) }));
    const fs = cmp(rec(keyed([a, b, c], L), "map"), rec(keyed(right, R), "map"));
    expect(show(fs)).toEqual(["field-moved T.b [neither both] L.tls:3:1 R.cddl:2:1"]);
  });

  it("array vs map encoding, and map keys", () => {
    const fs = track(cmp(rec([a]), rec([field("a", u(8), at(R, 2), { key: 1 })], "map")));
    expect(show(fs)).toEqual(["record-encoding T [both neither] L.tls:1:1 R.cddl:1:1"]);
    const keys = track(cmp(rec([field("a", u(8), at(L, 2), { key: 1 })], "map"), rec([field("a", u(8), at(R, 2), { key: 2 })], "map")));
    expect(show(keys)).toEqual(["map-key T.a [both neither] L.tls:2:1 R.cddl:2:1"]);
  });
});

describe("nesting: a struct on one side, its fields inline on the other", () => {
  const part = define("Part", rec([field("c", textV, at(L, 20)), field("d", bytesV, at(L, 21))]), at(L, 22));
  const inline = [field("c", textV, at(R, 5)), field("d", bytesV, at(R, 6))];

  it("in a record: the same TPL bytes, a nested CBOR array", () => {
    const fs = track(
      cmp(rec([field("x", u(8), at(L, 2)), field("p", ref("Part"), at(L, 3))]), rec([field("x", u(8), at(R, 2)), ...inline]), { defs: { left: [part] } }),
    );
    expect(show(fs)).toEqual(["nesting T.p [both neither] L.tls:3:1 R.cddl:5:1"]);
  });

  it("as the only member of a select arm it is inline in CBOR too", () => {
    const kind = define("K", { kind: "enum", bits: 8, values: [{ name: "one", value: 1 }], open: false }, at(L, 30));
    const kindR = { ...kind, loc: at(R, 30) };
    const sel = (file: string, members: IRVariant["cases"][number]["members"]): IRVariant => ({
      kind: "variant",
      discriminant: { kind: "field", path: ["k"], enumType: "K" },
      cases: [{ labels: ["one"], isDefault: false, members, loc: at(file, 4) }],
      loc: at(file, 3),
    });
    const left = rec([field("k", ref("K"), at(L, 2)), sel(L, [field("p", ref("Part"), at(L, 5))])]);
    const right = rec([field("k", ref("K"), at(R, 2)), sel(R, inline)]);
    const fs = cmp(left, right, { defs: { left: [part, kind], right: [kindR] } });
    expect(show(fs)).toEqual(["nesting T.case(one).p [both both] L.tls:5:1 R.cddl:5:1"]);
  });
});

describe("scalars", () => {
  it("uint width: TPL moves bytes, CBOR widening keeps old values", () => {
    expect(show(track(cmp(u(16), u(32))))).toEqual(["int-width T [neither left-to-right] L.tls:1:1 R.cddl:1:1"]);
    expect(show(cmp(u(32), u(16)))).toEqual(["int-width T [neither right-to-left] L.tls:1:1 R.cddl:1:1"]);
  });

  it("uint ranges", () => {
    expect(show(track(cmp({ kind: "uint", bits: 8, max: 100 }, u(8))))).toEqual(["int-range T [left-to-right left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });

  it("a closed enum vs a plain uint of the same width", () => {
    const e: IRType = {
      kind: "enum",
      bits: 8,
      values: [
        { name: "none", value: 0 },
        { name: "sha256", value: 1 },
      ],
      open: false,
    };
    expect(show(track(cmp(e, u(8))))).toEqual(["enum-vs-uint T [left-to-right left-to-right] L.tls:1:1 R.cddl:1:1"]);
    expect(kinds(cmp(e, u(64)))).toEqual(["int-width T", "enum-vs-uint T"]);
  });

  it("text vs bytes, and a vector of uint8 vs a byte string", () => {
    expect(show(track(cmp(textV, bytesV)))).toEqual(["text-vs-bytes T [left-to-right neither] L.tls:1:1 R.cddl:1:1"]);
    const octets: IRType = { kind: "vector", of: u(8), length: { kind: "varint", min: 0, max: 0x3fffffff } };
    expect(show(track(cmp(octets, bytesV)))).toEqual(["vector-vs-string T [both neither] L.tls:1:1 R.cddl:1:1"]);
    expect(show(cmp(octets, textV))).toEqual(["vector-vs-string T [right-to-left neither] L.tls:1:1 R.cddl:1:1"]);
  });

  it("different kinds of value", () => {
    expect(show(track(cmp(u(8), textV)))).toEqual(["type-changed T [neither neither] L.tls:1:1 R.cddl:1:1"]);
    expect(show(cmp(bytesV, { kind: "any" }))).toEqual(["type-changed T [neither left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });

  it("CBOR tags: required in CBOR, transparent in TPL", () => {
    expect(show(track(cmp(textV, { kind: "tagged", tag: 32, of: textV })))).toEqual(["tag T [both neither] L.tls:1:1 R.cddl:1:1"]);
  });
});

describe("lengths", () => {
  it("bounds: widening a limit keeps old bytes in both formats", () => {
    const small: IRType = { kind: "bytes", length: { kind: "varint", min: 0, max: 4095 } };
    const big: IRType = { kind: "bytes", length: { kind: "varint", min: 0, max: 65535 } };
    expect(show(track(cmp(small, big)))).toEqual(["limit T [left-to-right left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });

  it("a TPL length prefix vs a varint: framing (TPL only), then limits", () => {
    const prefixed: IRType = { kind: "bytes", length: { kind: "prefixed", width: 2, min: 0, max: 65535 } };
    const varint: IRType = { kind: "bytes", length: { kind: "varint", min: 0, max: 4095 } };
    expect(show(track(cmp(prefixed, varint)))).toEqual([
      "framing T [neither both] L.tls:1:1 R.cddl:1:1",
      "limit T [right-to-left right-to-left] L.tls:1:1 R.cddl:1:1",
    ]);
    const tiny1: IRType = { kind: "bytes", length: { kind: "prefixed", width: 1, min: 0, max: 32 } };
    const tinyV: IRType = { kind: "bytes", length: { kind: "varint", min: 0, max: 32 } };
    expect(cmp(tiny1, tinyV)).toEqual([]); // below 64 a one-byte prefix and a varint are the same byte
  });

  it("TPL byte bounds vs CDDL item counts convert through a fixed element size", () => {
    const id = define("Id", { kind: "bytes", length: { kind: "fixed", bytes: 32 } }, at(L, 9));
    const idR = { ...id, loc: at(R, 9) };
    const tpl: IRType = { kind: "vector", of: ref("Id"), length: { kind: "varint", min: 0, max: 64 } };
    const cddl: IRType = { kind: "vector", of: ref("Id"), length: { kind: "count", min: 0, max: 2 } };
    expect(cmp(tpl, cddl, { defs: { left: [id], right: [idR] } })).toEqual([]);
    const three: IRType = { kind: "vector", of: ref("Id"), length: { kind: "count", min: 0, max: 3 } };
    expect(show(cmp(tpl, three, { defs: { left: [id], right: [idR] } }))).toEqual(["limit T [left-to-right left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });
});

describe("optional, omittable and type choices", () => {
  it("T -> optional<T>: a presence octet in TPL, null / T in CBOR", () => {
    expect(show(track(cmp(u(8), { kind: "optional", of: u(8) })))).toEqual(["optionality T [neither left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });

  it("optional<T> vs an omittable T: the same TPL presence octet, null vs absent in CBOR", () => {
    const fs = cmp(rec([field("a", { kind: "optional", of: u(8) }, at(L, 2))]), rec([field("a", u(8), at(R, 2), { omittable: true })]));
    expect(show(fs)).toEqual(["optionality T.a [both neither] L.tls:2:1 R.cddl:2:1"]);
  });

  it("one type becoming a choice; choices reordered", () => {
    const fs = track(cmp(u(64), { kind: "union", options: [u(64), textV] }));
    expect(show(fs)).toEqual(["union-option T [neither left-to-right] L.tls:1:1 R.cddl:1:1", "union-option T|2 [neither left-to-right] L.tls:1:1 R.cddl:1:1"]);
    const swapped = cmp({ kind: "union", options: [u(64), textV] }, { kind: "union", options: [textV, u(64)] });
    expect(show(swapped)).toEqual(["union-option T|1 [neither both] L.tls:1:1 R.cddl:1:1", "union-option T|2 [neither both] L.tls:1:1 R.cddl:1:1"]);
  });
});

describe("maps", () => {
  const kv = define("KV", rec([field("name", textV, at(L, 5)), field("value", bytesV, at(L, 6))]), at(L, 7));
  const map: IRType = { kind: "map", key: textV, value: bytesV, min: 0, max: 0xffffffff };

  it("a vector of key/value structs is a map's TPL image, not its CBOR", () => {
    const vec: IRType = { kind: "vector", of: ref("KV"), length: { kind: "varint", min: 0, max: 0x3fffffff } };
    expect(show(track(cmp(vec, map, { defs: { left: [kv] } })))).toEqual(["map-vs-vector T [both neither] L.tls:1:1 R.cddl:1:1"]);
  });

  it("a plain map vs a map with keyed fields and a rest: old entries still decode as rest entries", () => {
    const keyed: IRType = {
      kind: "record",
      encoding: "map",
      members: [field("uri", textV, at(R, 3), { key: 1, omittable: true })],
      rest: { name: "other", key: textV, value: bytesV },
    };
    expect(show(track(cmp(map, keyed)))).toEqual(["map-vs-record T [neither left-to-right] L.tls:1:1 R.cddl:1:1"]);
  });
});

describe("enums", () => {
  const e = (values: [string, number][], open = false): IRType => ({ kind: "enum", bits: 8, values: values.map(([name, value]) => ({ name, value })), open });

  it("values added, removed, renamed, renumbered", () => {
    expect(
      show(
        track(
          cmp(
            e([["a", 0]]),
            e([
              ["a", 0],
              ["b", 1],
            ]),
          ),
        ),
      ),
    ).toEqual(["enum-value-added T.b [left-to-right left-to-right] L.tls:1:1 R.cddl:1:1"]);
    expect(
      show(
        track(
          cmp(
            e([
              ["a", 0],
              ["b", 1],
            ]),
            e([["a", 0]]),
          ),
        ),
      ),
    ).toEqual(["enum-value-removed T.b [right-to-left right-to-left] L.tls:1:1 R.cddl:1:1"]);
    expect(show(track(cmp(e([["null", 0]]), e([["nullpart", 0]]))))).toEqual(["enum-value-renamed T.null [both both] L.tls:1:1 R.cddl:1:1"]);
    expect(
      show(
        track(
          cmp(
            e([
              ["a", 0],
              ["b", 1],
            ]),
            e([
              ["a", 0],
              ["b", 2],
            ]),
          ),
        ),
      ),
    ).toEqual(["enum-value-renumbered T.b [neither neither] L.tls:1:1 R.cddl:1:1"]);
  });

  it("closed vs open; an open enum still accepts a removed number", () => {
    expect(show(track(cmp(e([["a", 0]]), e([["a", 0]], true))))).toEqual(["enum-open T [left-to-right left-to-right] L.tls:1:1 R.cddl:1:1"]);
    expect(
      show(
        cmp(
          e(
            [
              ["a", 0],
              ["b", 1],
            ],
            true,
          ),
          e([["a", 0]], true),
        ),
      ),
    ).toEqual(["enum-value-removed T.b [both both] L.tls:1:1 R.cddl:1:1"]);
  });
});

describe("selects", () => {
  const K = define(
    "K",
    {
      kind: "enum",
      bits: 8,
      values: [
        { name: "x", value: 0 },
        { name: "y", value: 1 },
        { name: "z", value: 2 },
      ],
      open: false,
    },
    at(L, 40),
  );
  const KR = { ...K, loc: at(R, 40) };
  const arm = (label: string, file: string, line: number) => ({
    labels: [label],
    isDefault: false,
    members: [field(`${label}v`, u(8), at(file, line + 1))],
    loc: at(file, line),
  });
  const sel = (path: string, file: string, arms: ReturnType<typeof arm>[]): IRVariant => ({
    kind: "variant",
    discriminant: { kind: "field", path: [path], enumType: "K" },
    cases: arms,
    loc: at(file, 3),
  });
  const recOf = (file: string, path: string, arms: ReturnType<typeof arm>[]) =>
    rec([field("k", ref("K"), at(file, 2)), field("j", ref("K"), at(file, 2, 20)), sel(path, file, arms)]);
  const defs = { left: [K], right: [KR] };

  it("arms added and removed, matched by the enum value", () => {
    const fs = track(cmp(recOf(L, "k", [arm("x", L, 4), arm("y", L, 6)]), recOf(R, "k", [arm("x", R, 4), arm("z", R, 8)]), { defs }));
    expect(show(fs)).toEqual([
      "case-removed T.case(y) [right-to-left right-to-left] L.tls:6:1 R.cddl:3:1",
      "case-added T.case(z) [left-to-right left-to-right] L.tls:3:1 R.cddl:8:1",
    ]);
  });

  it("a select on another field", () => {
    const fs = track(cmp(recOf(L, "k", [arm("x", L, 4)]), recOf(R, "j", [arm("x", R, 4)]), { defs }));
    expect(show(fs)).toEqual(["discriminant T.select [neither neither] L.tls:3:1 R.cddl:3:1"]);
  });
});

describe("refs", () => {
  it("followed on both sides, paths through fields, located at the referenced fields", () => {
    const inner = (file: string, bits: 8 | 16) => define("Inner", rec([field("x", u(bits), at(file, 11, 5))]), at(file, 12));
    const fs = cmp(rec([field("in", ref("Inner"), at(L, 2))]), rec([field("in", ref("Inner"), at(R, 2))]), {
      defs: { left: [inner(L, 8)], right: [inner(R, 16)] },
    });
    expect(show(fs)).toEqual(["int-width T.in.x [neither left-to-right] L.tls:11:5 R.cddl:11:5"]);
  });

  it("recursive types end (cycle-safe): one finding, not one per level", () => {
    const node = (file: string, bits: 8 | 16) =>
      define(
        "Node",
        rec([
          field("v", u(bits), at(file, 2)),
          field("kids", { kind: "vector", of: ref("Node"), length: { kind: "varint", min: 0, max: 0x3fffffff } }, at(file, 3)),
        ]),
        at(file, 4),
      );
    const fs = cmp(ref("Node"), ref("Node"), { defs: { left: [node(L, 8)], right: [node(R, 16)] } });
    expect(kinds(fs)).toEqual(["int-width T.v"]);
  });

  it("descend and onRefPair let a caller compare each pair once", () => {
    const e = (file: string) => define("E", { kind: "enum", bits: 8, values: [{ name: "a", value: 0 }], open: false }, at(file, 9));
    const met: string[] = [];
    const fs = cmp(rec([field("e", ref("E"), at(L, 2))]), rec([field("e", ref("E"), at(R, 2))]), {
      defs: { left: [e(L)], right: [{ ...e(R), type: { kind: "enum", bits: 16, values: [], open: false } }] },
      descend: () => false,
      onRefPair: (a, b, path) => met.push(`${a.name}~${b.name}@${path}`),
    });
    expect(fs).toEqual([]);
    expect(met).toEqual(["E~E@T.e"]);
  });

  it("an undefined name on one side", () => {
    expect(show(track(cmp(ref("Missing"), u(8))))).toEqual(["unresolved T [neither neither] L.tls:1:1 R.cddl:1:1"]);
    expect(cmp(ref("Missing"), ref("Missing"))).toEqual([]);
  });
});

describe("coverage", () => {
  it("every finding kind has a test above (field-count comes with additions)", () => {
    expect(FINDING_KINDS.filter((k) => !seen.has(k))).toEqual([]);
  });
});
