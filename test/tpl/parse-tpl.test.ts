import { describe, expect, it } from "vitest";
import type { Expr, Statement, TypeRef } from "../../src/tpl/ast.js";
import { parseTpl } from "../../src/tpl/parse-tpl.js";

/**
 * grammar/tpl.peggy through parseTpl on small inline inputs: every construct
 * of RFC 8446 section 3 and RFC 9420 section 2.1, with exact AST shapes and
 * 1-based block positions. Inputs are written one line per array element so
 * that the line numbers in the expectations can be read off the source.
 */

const block = (...lines: string[]): string => lines.join("\n");

/** Parse a clean input: no deviations, no junk. */
function clean(text: string): Statement[] {
  const r = parseTpl(text);
  expect(r.deviations).toEqual([]);
  expect(r.statements.filter((s) => s.kind === "junk")).toEqual([]);
  return [...r.statements];
}

function only(text: string): Statement {
  const s = clean(text);
  expect(s).toHaveLength(1);
  return s[0]!;
}

const at = (line: number, col: number) => ({ line, col });
const named = (name: string, line: number, col: number): TypeRef => ({ kind: "named", name, at: at(line, col) });
const num = (v: number | bigint): Expr => ({ kind: "num", value: BigInt(v) });
const ref = (...path: string[]): Expr => ({ kind: "ref", path });
const bin = (op: "+" | "-" | "*" | "^", left: Expr, right: Expr): Expr => ({ kind: "binary", op, left, right });
const NONE = { kind: "none" } as const;
const V = { kind: "varvector" } as const;
const field = (type: TypeRef, name: string, line: number, col: number, suffix: object = NONE) => ({
  kind: "field",
  type,
  name,
  suffix,
  at: at(line, col),
});

describe("comments", () => {
  it("skips block, line, trailing and multi-line comments without moving positions", () => {
    const s = only(
      block(
        "/* a block comment before the struct */",
        "struct {",
        "    uint8 a; /* trailing */",
        "    // a line comment",
        "    uint16 b; // trailing line comment",
        "    /* a comment",
        "       over two lines */",
        "    uint24 c;",
        "} Comments; /* after */",
      ),
    );
    expect(s).toEqual({
      kind: "struct",
      name: "Comments",
      params: [],
      members: [field(named("uint8", 3, 5), "a", 3, 5), field(named("uint16", 5, 5), "b", 5, 5), field(named("uint24", 8, 5), "c", 8, 5)],
      at: at(2, 1),
      nameAt: at(9, 3),
    });
  });

  it("accepts comments between enum entries and between a brace and the name", () => {
    const s = only(block("enum {", "    a(0), // first", "    /* second */ b(1)", "} /* name: */ E;"));
    expect(s).toMatchObject({ kind: "enum", name: "E", entries: [{ name: "a", at: at(2, 5) }, { name: "b", at: at(3, 18) }], nameAt: at(4, 15) });
  });
});

describe("numbers, opaque and aliases", () => {
  it("uint8 .. uint64 and opaque are named types, positions at each field", () => {
    const s = only(
      block("struct {", "  uint8 a;", "  uint16 b;", "  uint24 c;", "  uint32 d;", "  uint64 e;", "  opaque f[4];", "} Ints;"),
    );
    expect(s).toEqual({
      kind: "struct",
      name: "Ints",
      params: [],
      members: [
        field(named("uint8", 2, 3), "a", 2, 3),
        field(named("uint16", 3, 3), "b", 3, 3),
        field(named("uint24", 4, 3), "c", 4, 3),
        field(named("uint32", 5, 3), "d", 5, 3),
        field(named("uint64", 6, 3), "e", 6, 3),
        field(named("opaque", 7, 3), "f", 7, 3, { kind: "fixed", length: num(4) }),
      ],
      at: at(1, 1),
      nameAt: at(8, 3),
    });
  });

  it("opaque MAC<V>; is an alias of a varint vector", () => {
    expect(only("opaque MAC<V>;")).toEqual({ kind: "alias", name: "MAC", type: named("opaque", 1, 1), suffix: V, at: at(1, 1), nameAt: at(1, 8) });
  });

  it("uint8 CipherSuite[2]; is an alias of a fixed array", () => {
    expect(only("uint8 CipherSuite[2];")).toEqual({
      kind: "alias",
      name: "CipherSuite",
      type: named("uint8", 1, 1),
      suffix: { kind: "fixed", length: num(2) },
      at: at(1, 1),
      nameAt: at(1, 7),
    });
  });

  it("plain aliases, RFC 8446's predefined numbers and a vector of a named type", () => {
    const s = clean(block("uint16 ProtocolVersion;", "opaque Random[32];", "uint8 uint24[3];", "opaque Datum[3];", "Datum Data[9];"));
    expect(s.map((x) => x.kind === "alias" && [x.name, x.type.kind === "named" && x.type.name, x.suffix.kind, x.nameAt.line, x.nameAt.col])).toEqual([
      ["ProtocolVersion", "uint16", "none", 1, 8],
      ["Random", "opaque", "fixed", 2, 8],
      ["uint24", "uint8", "fixed", 3, 7],
      ["Datum", "opaque", "fixed", 4, 8],
      ["Data", "Datum", "fixed", 5, 7],
    ]);
  });

  it("a fixed length may name another field (opaque fragment[TLSPlaintext.length])", () => {
    const s = only(block("struct {", "    uint16 length;", "    opaque fragment[TLSPlaintext.length];", "} TLSPlaintext;"));
    expect(s.kind === "struct" && s.members[1]).toEqual(
      field(named("opaque", 3, 5), "fragment", 3, 5, { kind: "fixed", length: ref("TLSPlaintext", "length") }),
    );
  });

  it("a top-level declaration `FrankAAD frank_aad;` reads as an alias", () => {
    expect(only("FrankAAD frank_aad;")).toEqual({ kind: "alias", name: "frank_aad", type: named("FrankAAD", 1, 1), suffix: NONE, at: at(1, 1), nameAt: at(1, 10) });
  });

  it("keywords only count as whole words: selector, structure, enumeration, case_type, defaults, optional_data", () => {
    const s = only(
      block("struct {", "  uint8 selector;", "  Structure structure;", "  Enumeration enumeration;", "  CaseType case_type;", "  optional_data defaults;", "} S;"),
    );
    expect(s.kind === "struct" && s.members.map((m) => m.kind === "field" && [m.type.kind === "named" && m.type.name, m.name])).toEqual([
      ["uint8", "selector"],
      ["Structure", "structure"],
      ["Enumeration", "enumeration"],
      ["CaseType", "case_type"],
      ["optional_data", "defaults"],
    ]);
  });

  it("a tab counts as one column (RFC 8446's indented blocks use tabs)", () => {
    const s = only(block("struct {", "\tuint8 a;", "\t\tuint16 b;", "} T;"));
    expect(s.kind === "struct" && s.members.map((m) => m.kind === "field" && m.at)).toEqual([at(2, 2), at(3, 3)]);
  });
});

describe("vector bounds", () => {
  const suffixOf = (line: string) => {
    const s = only(line);
    return s.kind === "alias" ? s.suffix : undefined;
  };

  it("<0..2^16-1>: ^ binds tighter than -", () => {
    expect(suffixOf("opaque x<0..2^16-1>;")).toEqual({ kind: "vector", min: num(0), max: bin("-", bin("^", num(2), num(16)), num(1)) });
  });

  it("<2..2^16-2> and <1..2^8-1>", () => {
    expect(suffixOf("CipherSuite cipher_suites<2..2^16-2>;")).toEqual({ kind: "vector", min: num(2), max: bin("-", bin("^", num(2), num(16)), num(2)) });
    expect(suffixOf("opaque legacy_compression_methods<1..2^8-1>;")).toEqual({ kind: "vector", min: num(1), max: bin("-", bin("^", num(2), num(8)), num(1)) });
  });

  it("plain decimal and hex bounds, with spaces", () => {
    expect(suffixOf("opaque legacy_session_id<0..32>;")).toEqual({ kind: "vector", min: num(0), max: num(32) });
    expect(suffixOf("opaque mandatory<300..400>;")).toEqual({ kind: "vector", min: num(300), max: num(400) });
    expect(suffixOf("uint16 longer< 0 .. 0xFFFF >;")).toEqual({ kind: "vector", min: num(0), max: num(0xffff) });
  });

  it("^ is right-associative, * binds tighter than + and -, parentheses group", () => {
    expect(suffixOf("opaque a<0..2^2^3>;")).toEqual({ kind: "vector", min: num(0), max: bin("^", num(2), bin("^", num(2), num(3))) });
    expect(suffixOf("opaque b<0..2*3+1>;")).toEqual({ kind: "vector", min: num(0), max: bin("+", bin("*", num(2), num(3)), num(1)) });
    expect(suffixOf("opaque c<0..(2^8)-2>;")).toEqual({ kind: "vector", min: num(0), max: bin("-", bin("^", num(2), num(8)), num(2)) });
  });

  it("<V> (with or without spaces) is the RFC 9420 varint vector", () => {
    expect(suffixOf("opaque cert_data<V>;")).toEqual(V);
    expect(suffixOf("opaque cert_data< V >;")).toEqual(V);
  });

  it("RFC 9420's StructWithVectors: a bounded and a <V> field", () => {
    const s = only(block("struct {", "    uint32 fixed<0..255>;", "    opaque variable<V>;", "} StructWithVectors;"));
    expect(s).toEqual({
      kind: "struct",
      name: "StructWithVectors",
      params: [],
      members: [
        field(named("uint32", 2, 5), "fixed", 2, 5, { kind: "vector", min: num(0), max: num(255) }),
        field(named("opaque", 3, 5), "variable", 3, 5, V),
      ],
      at: at(1, 1),
      nameAt: at(4, 3),
    });
  });
});

describe("optional<T>", () => {
  it("a field of type optional<T>", () => {
    const s = only(block("struct {", "    ProposalOrRef proposals<V>;", "    optional<UpdatePath> path;", "} Commit;"));
    expect(s.kind === "struct" && s.members[1]).toEqual({
      kind: "field",
      type: { kind: "optional", of: named("UpdatePath", 3, 14), at: at(3, 5) },
      name: "path",
      suffix: NONE,
      at: at(3, 5),
    });
  });

  it("spaces inside the brackets and nesting", () => {
    const s = only(block("struct {", "  optional< optional<T> > x;", "} N;"));
    expect(s.kind === "struct" && s.members[0]).toEqual({
      kind: "field",
      type: { kind: "optional", of: { kind: "optional", of: named("T", 2, 22), at: at(2, 13) }, at: at(2, 3) },
      name: "x",
      suffix: NONE,
      at: at(2, 3),
    });
  });

  it("the generic definition `struct {...} optional<T>;` with numeric case labels", () => {
    const s = only(
      block(
        "struct {",
        "    uint8 present;",
        "    select (present) {",
        "        case 0: struct{};",
        "        case 1: T value;",
        "    };",
        "} optional<T>;",
      ),
    );
    expect(s).toEqual({
      kind: "struct",
      name: "optional",
      params: ["T"],
      members: [
        field(named("uint8", 2, 5), "present", 2, 5),
        {
          kind: "select",
          path: ["present"],
          pathAt: at(3, 13),
          arms: [
            { labels: [{ name: "0", at: at(4, 9) }], members: [{ kind: "empty", at: at(4, 17) }], at: at(4, 9) },
            { labels: [{ name: "1", at: at(5, 9) }], members: [field(named("T", 5, 17), "value", 5, 17)], at: at(5, 9) },
          ],
          at: at(3, 5),
        },
      ],
      at: at(1, 1),
      nameAt: at(7, 3),
    });
  });
});

describe("enums", () => {
  it("explicit values and the width marker (255)", () => {
    const s = only(block("enum {", "    reserved(0),", "    mls10(1),", "    (255)", "} ProtocolVersion;"));
    expect(s).toEqual({
      kind: "enum",
      name: "ProtocolVersion",
      entries: [
        { name: "reserved", value: num(0), at: at(2, 5) },
        { name: "mls10", value: num(1), at: at(3, 5) },
      ],
      max: num(255),
      at: at(1, 1),
      nameAt: at(5, 3),
    });
  });

  it("hex values and a reserved range private_use(0xFE00..0xFFFF)", () => {
    const s = only(block("enum {", "    rsa_pkcs1_sha256(0x0401),", "    private_use(0xFE00..0xFFFF),", "    (0xFFFF)", "} SignatureScheme;"));
    expect(s).toEqual({
      kind: "enum",
      name: "SignatureScheme",
      entries: [
        { name: "rsa_pkcs1_sha256", value: num(0x0401), at: at(2, 5) },
        { name: "private_use", value: num(0xfe00), upTo: num(0xffff), at: at(3, 5) },
      ],
      max: num(0xffff),
      at: at(1, 1),
      nameAt: at(5, 3),
    });
  });

  it("one-line enums, with and without a width marker", () => {
    expect(only("enum { apple(0), orange(1) } VariantTag;")).toEqual({
      kind: "enum",
      name: "VariantTag",
      entries: [
        { name: "apple", value: num(0), at: at(1, 8) },
        { name: "orange", value: num(1), at: at(1, 18) },
      ],
      at: at(1, 1),
      nameAt: at(1, 30),
    });
    expect(only("enum { sweet(1), sour(2), bitter(4), (32000) } Taste;")).toMatchObject({
      entries: [{ name: "sweet" }, { name: "sour" }, { name: "bitter", value: num(4), at: at(1, 27) }],
      max: num(32000),
      nameAt: at(1, 48),
    });
  });

  it("an enum value may be an expression (2^16-1)", () => {
    expect(only("enum { a(0), (2^16-1) } Wide;")).toMatchObject({ max: bin("-", bin("^", num(2), num(16)), num(1)) });
  });
});

describe("structs and selects", () => {
  it("several definitions in one block keep their own positions", () => {
    const s = clean(block("struct {", "    uint8 a;", "} A;", "", "", "enum { x(1), (255) } B;", "opaque C<V>;"));
    expect(s.map((x) => [x.kind, x.kind !== "junk" && x.name, x.at, x.kind !== "junk" && x.nameAt])).toEqual([
      ["struct", "A", at(1, 1), at(3, 3)],
      ["enum", "B", at(6, 1), at(6, 22)],
      ["alias", "C", at(7, 1), at(7, 8)],
    ]);
  });

  it("an empty struct", () => {
    expect(only("struct {} Empty;")).toEqual({ kind: "struct", name: "Empty", params: [], members: [], at: at(1, 1), nameAt: at(1, 11) });
  });

  it("select on a dotted path, fall-through labels and struct{} arms", () => {
    const s = only(
      block(
        "struct {",
        "    opaque signature<V>;",
        "    select (FramedContentTBS.content.sender.sender_type) {",
        "        case commit:",
        "            MAC confirmation_tag;",
        "        case application:",
        "        case proposal:",
        "            struct{};",
        "    };",
        "} FramedContentAuthData;",
      ),
    );
    expect(s).toEqual({
      kind: "struct",
      name: "FramedContentAuthData",
      params: [],
      members: [
        field(named("opaque", 2, 5), "signature", 2, 5, V),
        {
          kind: "select",
          path: ["FramedContentTBS", "content", "sender", "sender_type"],
          pathAt: at(3, 13),
          arms: [
            { labels: [{ name: "commit", at: at(4, 9) }], members: [field(named("MAC", 5, 13), "confirmation_tag", 5, 13)], at: at(4, 9) },
            {
              labels: [
                { name: "application", at: at(6, 9) },
                { name: "proposal", at: at(7, 9) },
              ],
              members: [{ kind: "empty", at: at(8, 13) }],
              at: at(6, 9),
            },
          ],
          at: at(3, 5),
        },
      ],
      at: at(1, 1),
      nameAt: at(10, 3),
    });
  });

  it("default arms, struct {} with a space, labels on one line, spaces around the path and before the colon", () => {
    const s = only(
      block("struct {", "  E e;", "  select ( e ) {", "    case a : case b: uint8 x;", "    default: struct {};", "  };", "} S;"),
    );
    expect(s.kind === "struct" && s.members[1]).toEqual({
      kind: "select",
      path: ["e"],
      pathAt: at(3, 12),
      arms: [
        {
          labels: [
            { name: "a", at: at(4, 5) },
            { name: "b", at: at(4, 14) },
          ],
          members: [field(named("uint8", 4, 22), "x", 4, 22)],
          at: at(4, 5),
        },
        { labels: [{ name: null, at: at(5, 5) }], members: [{ kind: "empty", at: at(5, 14) }], at: at(5, 5) },
      ],
      at: at(3, 3),
    });
  });

  it("select(x) without a space and type-only arms (case add: Add;)", () => {
    const s = only(
      block(
        "struct {",
        "    ProposalType proposal_type;",
        "    select(Proposal.proposal_type) {",
        "        case add:                      Add;",
        "        case update:                   Update;",
        "    };",
        "} Proposal;",
      ),
    );
    expect(s.kind === "struct" && s.members[1]).toEqual({
      kind: "select",
      path: ["Proposal", "proposal_type"],
      pathAt: at(3, 12),
      arms: [
        { labels: [{ name: "add", at: at(4, 9) }], members: [{ kind: "type-only", type: named("Add", 4, 40), at: at(4, 40) }], at: at(4, 9) },
        { labels: [{ name: "update", at: at(5, 9) }], members: [{ kind: "type-only", type: named("Update", 5, 40), at: at(5, 40) }], at: at(5, 9) },
      ],
      at: at(3, 5),
    });
  });

  it("nested selects, and fields after a select", () => {
    const s = only(
      block(
        "struct {",
        "  Protocol protocol;",
        "  select (protocol) {",
        "    case mls10:",
        "      Code code;",
        "      select (code) {",
        "        case ok:",
        "          uint64 accepted;",
        "        case retry:",
        "          uint64 epoch;",
        "      };",
        "  };",
        "  uint8 trailer;",
        "} Response;",
      ),
    );
    expect(s).toEqual({
      kind: "struct",
      name: "Response",
      params: [],
      members: [
        field(named("Protocol", 2, 3), "protocol", 2, 3),
        {
          kind: "select",
          path: ["protocol"],
          pathAt: at(3, 11),
          arms: [
            {
              labels: [{ name: "mls10", at: at(4, 5) }],
              members: [
                field(named("Code", 5, 7), "code", 5, 7),
                {
                  kind: "select",
                  path: ["code"],
                  pathAt: at(6, 15),
                  arms: [
                    { labels: [{ name: "ok", at: at(7, 9) }], members: [field(named("uint64", 8, 11), "accepted", 8, 11)], at: at(7, 9) },
                    { labels: [{ name: "retry", at: at(9, 9) }], members: [field(named("uint64", 10, 11), "epoch", 10, 11)], at: at(9, 9) },
                  ],
                  at: at(6, 7),
                },
              ],
              at: at(4, 5),
            },
          ],
          at: at(3, 3),
        },
        field(named("uint8", 13, 3), "trailer", 13, 3),
      ],
      at: at(1, 1),
      nameAt: at(14, 3),
    });
  });

  it("an inline struct {...} name; field", () => {
    const s = only(block("struct {", "    struct {", "        uint8 a;", "    } inner;", "    uint8 b;", "} Outer;"));
    expect(s).toEqual({
      kind: "struct",
      name: "Outer",
      params: [],
      members: [
        {
          kind: "field",
          type: { kind: "inline-struct", members: [field(named("uint8", 3, 9), "a", 3, 9)], at: at(2, 5) },
          name: "inner",
          suffix: NONE,
          at: at(2, 5),
        },
        field(named("uint8", 5, 5), "b", 5, 5),
      ],
      at: at(1, 1),
      nameAt: at(6, 3),
    });
  });

  it("an inline struct with a vector suffix", () => {
    const s = only(block("struct {", "  struct {", "    uint8 k;", "  } pairs<V>;", "} M;"));
    expect(s.kind === "struct" && s.members[0]).toMatchObject({ kind: "field", type: { kind: "inline-struct" }, name: "pairs", suffix: V });
  });

  it("fixed values: = 0x0303, = mls10, = Color.blue, = 8", () => {
    const s = only(
      block(
        "struct {",
        "    ProtocolVersion legacy_version = 0x0303;",
        "    ProtocolVersion version = mls10;",
        "    Color color = Color.blue;",
        "    T1 f1 = 8;  /* T.f1 must always be 8 */",
        "} Fixed;",
      ),
    );
    expect(s.kind === "struct" && s.members).toEqual([
      { ...field(named("ProtocolVersion", 2, 5), "legacy_version", 2, 5), fixedValue: num(0x0303) },
      { ...field(named("ProtocolVersion", 3, 5), "version", 3, 5), fixedValue: ref("mls10") },
      { ...field(named("Color", 4, 5), "color", 4, 5), fixedValue: ref("Color", "blue") },
      { ...field(named("T1", 5, 5), "f1", 5, 5), fixedValue: num(8) },
    ]);
  });

  it("RFC 8446 variants: select (VariantStruct.type) with type-only arms", () => {
    const s = clean(
      block(
        "enum { apple(0), orange(1) } VariantTag;",
        "",
        "struct {",
        "    uint16 number;",
        "    opaque string<0..10>; /* variable length */",
        "} V1;",
        "",
        "struct {",
        "    VariantTag type;",
        "    select (VariantStruct.type) {",
        "        case apple:  V1;",
        "        case orange: V2;",
        "    };",
        "} VariantStruct;",
      ),
    );
    expect(s.map((x) => x.kind !== "junk" && x.name)).toEqual(["VariantTag", "V1", "VariantStruct"]);
    const v1 = s[1]!;
    expect(v1.kind === "struct" && v1.members[1]).toEqual(
      field(named("opaque", 5, 5), "string", 5, 5, { kind: "vector", min: num(0), max: num(10) }),
    );
    const vs = s[2]!;
    expect(vs.kind === "struct" && vs.members[1]).toMatchObject({
      kind: "select",
      path: ["VariantStruct", "type"],
      pathAt: at(10, 13),
      arms: [
        { labels: [{ name: "apple" }], members: [{ kind: "type-only", type: named("V1", 11, 22) }] },
        { labels: [{ name: "orange" }], members: [{ kind: "type-only", type: named("V2", 12, 22) }] },
      ],
    });
  });
});
