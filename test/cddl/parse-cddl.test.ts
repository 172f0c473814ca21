import { describe, expect, it } from "vitest";
import { parseCddl } from "../../src/cddl/parse-cddl.js";
import { bare, entriesOf, group, int, member, occ, ref, rulesOf, strip, text, typeAt, typeOf } from "./helpers.js";

describe("rules", () => {
  it("reads a type rule with its name, position and source text", () => {
    expect(rulesOf("a = int")).toEqual([
      {
        kind: "type-rule",
        name: { name: "a", at: { line: 1, col: 1 } },
        params: [],
        assign: "=",
        type: { kind: "ref", name: { name: "int", at: { line: 1, col: 5 } }, args: [], at: { line: 1, col: 5 } },
        text: "a = int",
        at: { line: 1, col: 1 },
      },
    ]);
  });

  it("reads /= as a type rule and //= as a group rule", () => {
    expect(strip(rulesOf("$a /= int\n$$b //= (x: int)"))).toEqual([
      { kind: "type-rule", name: { name: "$a" }, params: [], assign: "/=", type: ref("int") },
      {
        kind: "group-rule",
        name: { name: "$$b" },
        params: [],
        assign: "//=",
        entry: { kind: "inline-group", occurrence: null, group: group([member(ref("int"), bare("x"))]) },
      },
    ]);
  });

  it("reads a group rule when the right-hand side is not a type", () => {
    expect(strip(rulesOf("a = x: int\nb = ? y: tstr\nc = (p: int, q: int)"))).toEqual([
      { kind: "group-rule", name: { name: "a" }, params: [], assign: "=", entry: member(ref("int"), bare("x")) },
      { kind: "group-rule", name: { name: "b" }, params: [], assign: "=", entry: member(ref("tstr"), bare("y"), occ(0n, 1n)) },
      {
        kind: "group-rule",
        name: { name: "c" },
        params: [],
        assign: "=",
        entry: { kind: "inline-group", occurrence: null, group: group([member(ref("int"), bare("p")), member(ref("int"), bare("q"))]) },
      },
    ]);
  });

  it("reads `a = (b)` and `a = b` as type rules (the ABNF's preemption)", () => {
    expect(rulesOf("a = (b)\nc = d").map((r) => r.kind)).toEqual(["type-rule", "type-rule"]);
  });

  it("does not accept a group choice as the right-hand side of a rule (grpent, not group)", () => {
    const file = parseCddl("a = b // c");
    expect(file.errors).toHaveLength(1);
    expect(file.errors[0]?.at).toEqual({ line: 1, col: 7 });
  });

  it("reads generic parameters with their positions and generic arguments", () => {
    const [use, def] = rulesOf('messages = message<"reboot", 1..100>\nmessage<t, v> = {type: t, value: v}');
    expect(def?.params).toEqual([
      { name: "t", at: { line: 2, col: 9 } },
      { name: "v", at: { line: 2, col: 12 } },
    ]);
    expect(strip(use)).toMatchObject({
      type: ref("message", [text("reboot"), { kind: "range", inclusive: true, min: int(1n), max: int(100n) }]),
    });
    expect(strip(rulesOf("x = foo< int , tstr >"))).toMatchObject([{ type: ref("foo", [ref("int"), ref("tstr")]) }]);
  });

  it("accepts an empty file and a file of comments (RFC 9682)", () => {
    expect(parseCddl("")).toEqual({ rules: [], errors: [] });
    expect(parseCddl("; nothing here\n\n  ; at all")).toEqual({ rules: [], errors: [] });
  });

  it("accepts CRLF line ends and comments everywhere, including at the end without a newline", () => {
    const rules = rulesOf("; head\r\na = [ ; open\r\n  int, ; first\r\n  tstr ; last\r\n] ; done\r\nb = 1 ; no newline");
    expect(rules.map((r) => r.name.name)).toEqual(["a", "b"]);
    expect(rules[1]?.at).toEqual({ line: 6, col: 1 });
  });

  it("reads names with dots, dashes, @, _ and $", () => {
    expect(rulesOf("tcp.throughput-x1 = @a_b.c\n$$s-1 //= (_: int)").map((r) => r.name.name)).toEqual(["tcp.throughput-x1", "$$s-1"]);
  });

  it("reads `tstr.size 3` as the name tstr.size followed by junk (the ABNF's note on spaces)", () => {
    expect(parseCddl("x = tstr.size 3").errors[0]?.at).toEqual({ line: 1, col: 15 });
  });
});

describe("type2", () => {
  it("reads numbers", () => {
    expect(typeOf("0")).toEqual(int(0n));
    expect(typeOf("42")).toEqual(int(42n));
    expect(typeOf("-7")).toEqual(int(-7n));
    expect(typeOf("0x1F")).toEqual(int(31n, "0x1F"));
    expect(typeOf("-0xff")).toEqual(int(-255n, "-0xff"));
    expect(typeOf("0b101")).toEqual(int(5n, "0b101"));
    expect(typeOf("18446744073709551616")).toEqual(int(18446744073709551616n));
    expect(typeOf("1.5")).toEqual({ kind: "float", value: 1.5, raw: "1.5" });
    expect(typeOf("-0.25")).toEqual({ kind: "float", value: -0.25, raw: "-0.25" });
    expect(typeOf("1e3")).toEqual({ kind: "float", value: 1000, raw: "1e3" });
    expect(typeOf("2.5E-2")).toEqual({ kind: "float", value: 0.025, raw: "2.5E-2" });
    expect(typeOf("-1.5e+2")).toEqual({ kind: "float", value: -150, raw: "-1.5e+2" });
    expect(typeOf("0x1.8p1")).toEqual({ kind: "float", value: 3, raw: "0x1.8p1" });
    expect(typeOf("-0x1p-2")).toEqual({ kind: "float", value: -0.25, raw: "-0x1p-2" });
    expect(typeOf("0xAP0")).toEqual({ kind: "float", value: 10, raw: "0xAP0" });
  });

  it("rejects 0X and leading zeros (RFC 8610 3.1: lower-case x)", () => {
    expect(parseCddl("x = 0X1F").errors).toHaveLength(1);
    expect(parseCddl("x = 007").errors).toHaveLength(1);
  });

  it("reads text strings with every RFC 9682 escape", () => {
    expect(typeOf('"plain"')).toEqual(text("plain"));
    expect(typeOf('""')).toEqual(text(""));
    expect(typeOf('"q\\"b\\\\s\\/ \\b\\f\\n\\r\\t"')).toEqual(text('q"b\\s/ \b\f\n\r\t'));
    expect(typeOf('"\\u00e9\\u2318"')).toEqual(text("é⌘"));
    expect(typeOf('"\\u{6f}\\u{1F073}\\u{0}\\u{000041}\\u{10FFFF}"')).toEqual(text("o\u{1F073}\u0000A\u{10FFFF}"));
    expect(typeOf('"\\uD83C\\uDC73"')).toEqual(text("\u{1F073}"));
    expect(typeOf('"Domino\'s 🁳 + ⌘"')).toEqual(text("Domino's 🁳 + ⌘"));
  });

  it("reads byte strings: text, hex and base64, with the escapes resolved", () => {
    expect(typeOf("'abc'")).toEqual({ kind: "bytes", encoding: "utf8", content: "abc" });
    expect(typeOf("'it\\'s \\u{1F073}'")).toEqual({ kind: "bytes", encoding: "utf8", content: "it's \u{1F073}" });
    expect(typeOf("h'0102ff'")).toEqual({ kind: "bytes", encoding: "hex", content: "0102ff" });
    expect(typeOf("h''")).toEqual({ kind: "bytes", encoding: "hex", content: "" });
    expect(typeOf("b64'AQID'")).toEqual({ kind: "bytes", encoding: "base64", content: "AQID" });
    expect(typeOf("h'\n  43424F52 ; \\'CBOR\\'\n  0A\n'")).toEqual({ kind: "bytes", encoding: "hex", content: "\n  43424F52 ; 'CBOR'\n  0A\n" });
  });

  it("reads names, generic arguments and parentheses", () => {
    expect(typeOf("foo")).toEqual(ref("foo"));
    expect(typeOf("$socket")).toEqual(ref("$socket"));
    expect(typeOf("foo<bar<int>, 1>")).toEqual(ref("foo", [ref("bar", [ref("int")]), int(1n)]));
    expect(typeOf("( int / tstr )")).toEqual({ kind: "paren", type: { kind: "type-choice", alternatives: [ref("int"), ref("tstr")] } });
  });

  it("reads maps, arrays, unwrap and choices from groups", () => {
    expect(typeOf("{}")).toEqual({ kind: "map", group: group([]) });
    expect(typeOf("[ ]")).toEqual({ kind: "array", group: group([]) });
    expect(typeOf("~ basic-header")).toEqual({ kind: "unwrap", name: { name: "basic-header" }, args: [] });
    expect(typeOf("~foo<int>")).toEqual({ kind: "unwrap", name: { name: "foo" }, args: [ref("int")] });
    expect(typeOf("&(a: 1, b: 2)")).toEqual({
      kind: "choice-of-group",
      group: group([member(int(1n), bare("a")), member(int(2n), bare("b"))]),
    });
    expect(typeOf("& colors")).toEqual({ kind: "choice-of-ref", name: { name: "colors" }, args: [] });
    expect(typeOf("&colors<x>")).toEqual({ kind: "choice-of-ref", name: { name: "colors" }, args: [ref("x")] });
  });

  it("reads tags, including RFC 9682 tag number expressions", () => {
    expect(typeOf("#6.32(tstr)")).toEqual({ kind: "tag", tag: int(32n), type: ref("tstr") });
    expect(typeOf("#6.0x10( tstr )")).toEqual({ kind: "tag", tag: int(16n, "0x10"), type: ref("tstr") });
    expect(typeOf("#6(any)")).toEqual({ kind: "tag", tag: null, type: ref("any") });
    expect(typeOf("#6.<ct-tag-number>(content)")).toEqual({
      kind: "tag",
      tag: { kind: "head-type", type: ref("ct-tag-number") },
      type: ref("content"),
    });
    expect(typeOf("#6.<1..5>(bstr)")).toMatchObject({ tag: { kind: "head-type", type: { kind: "range" } } });
  });

  it("reads major types, simple values and any", () => {
    expect(typeOf("#0")).toEqual({ kind: "major", major: 0, ai: null });
    expect(typeOf("#1.24")).toEqual({ kind: "major", major: 1, ai: int(24n) });
    expect(typeOf("#6.32")).toEqual({ kind: "major", major: 6, ai: int(32n) });
    expect(typeOf("#7")).toEqual({ kind: "major", major: 7, ai: null });
    expect(typeOf("#7.25")).toEqual({ kind: "major", major: 7, ai: int(25n) });
    expect(typeOf("#7.<20..21>")).toEqual({
      kind: "major",
      major: 7,
      ai: { kind: "head-type", type: { kind: "range", inclusive: true, min: int(20n), max: int(21n) } },
    });
    expect(typeOf("#")).toEqual({ kind: "any" });
  });

  it("does not allow a type expression after #0..#5 or an untagged #6.<t>", () => {
    expect(parseCddl("x = #0.<1>").errors).toHaveLength(1);
    expect(parseCddl("x = #6.<1>").errors).toHaveLength(1);
  });
});

describe("type1: ranges and control operators", () => {
  it("reads inclusive and exclusive ranges", () => {
    expect(typeOf("0..10")).toEqual({ kind: "range", inclusive: true, min: int(0n), max: int(10n) });
    expect(typeOf("0...10")).toEqual({ kind: "range", inclusive: false, min: int(0n), max: int(10n) });
    expect(typeOf("-10..-1")).toEqual({ kind: "range", inclusive: true, min: int(-10n), max: int(-1n) });
    expect(typeOf("0.5..1.5")).toMatchObject({ kind: "range", min: { kind: "float", value: 0.5 }, max: { kind: "float", value: 1.5 } });
    expect(typeOf("0x10 .. max-byte")).toEqual({ kind: "range", inclusive: true, min: int(16n, "0x10"), max: ref("max-byte") });
  });

  it.each([
    "size", "bits", "regexp", "cbor", "cborseq", "within", "and", "lt", "le", "gt", "ge", "eq", "ne",
    "default", "plus", "cat", "det", "abnf", "abnfb", "feature", "my-own.op",
  ])("reads .%s as a control operator", (op) => {
    expect(typeOf(`a .${op} b`)).toEqual({ kind: "control", op: { name: op }, target: ref("a"), controller: ref("b") });
  });

  it("places the operator at its dot", () => {
    expect(typeAt("bstr .size 32")).toMatchObject({ op: { name: "size", at: { line: 1, col: 10 } }, at: { line: 1, col: 5 } });
  });

  it("allows no space before an operator after a number or a closing bracket", () => {
    expect(typeOf("0.size 1")).toMatchObject({ kind: "control", target: int(0n) });
    expect(typeOf("(uint).size(1..4)")).toMatchObject({ kind: "control", controller: { kind: "paren" } });
  });
});

describe("groups", () => {
  it("reads occurrence indicators", () => {
    expect(entriesOf("? a, * b, + c, 1*2 d, 2* e, *3 f, 0x2*0b11 g")).toEqual([
      member(ref("a"), null, occ(0n, 1n)),
      member(ref("b"), null, occ(0n, null)),
      member(ref("c"), null, occ(1n, null)),
      member(ref("d"), null, occ(1n, 2n)),
      member(ref("e"), null, occ(2n, null)),
      member(ref("f"), null, occ(0n, 3n)),
      member(ref("g"), null, occ(2n, 3n)),
    ]);
  });

  it("reads `*2 => x` as * with the key 2, since `*2` with the key `=> x` cannot parse", () => {
    expect(entriesOf("*2 => x, 1*2: y, *2 z")).toEqual([
      member(ref("x"), { kind: "type-key", type: int(2n), cut: false }, occ(0n, null)),
      member(ref("y"), { kind: "value-key", value: int(2n) }, occ(1n, null)),
      member(ref("z"), null, occ(0n, 2n)),
    ]);
  });

  it("reads every kind of member key", () => {
    expect(entriesOf('a: int, "b": int, 1: int, -3: m, h\'01\': int, tstr => any, "c" ^ => int, &(d: 1) ^ => tstr, 0..5 => int')).toEqual([
      member(ref("int"), bare("a")),
      member(ref("int"), { kind: "value-key", value: text("b") }),
      member(ref("int"), { kind: "value-key", value: int(1n) }),
      member(ref("m"), { kind: "value-key", value: int(-3n) }),
      member(ref("int"), { kind: "value-key", value: { kind: "bytes", encoding: "hex", content: "01" } }),
      member(ref("any"), { kind: "type-key", type: ref("tstr"), cut: false }),
      member(ref("int"), { kind: "type-key", type: text("c"), cut: true }),
      member(ref("tstr"), { kind: "type-key", type: { kind: "choice-of-group", group: group([member(int(1n), bare("d"))]) }, cut: true }),
      member(ref("int"), { kind: "type-key", type: { kind: "range", inclusive: true, min: int(0n), max: int(5n) }, cut: false }),
    ]);
  });

  it("accepts spaces before : and entries without commas", () => {
    expect(entriesOf("city   : tstr\n gps : uint  ? x : int")).toEqual([
      member(ref("tstr"), bare("city")),
      member(ref("uint"), bare("gps")),
      member(ref("int"), bare("x"), occ(0n, 1n)),
    ]);
  });

  it("reads parenthesised groups as entries, and `(a)` as a parenthesised type", () => {
    expect(entriesOf("(a, b), ? (c: int), (d), +(e // f)")).toEqual([
      { kind: "inline-group", occurrence: null, group: group([member(ref("a")), member(ref("b"))]) },
      { kind: "inline-group", occurrence: occ(0n, 1n), group: group([member(ref("int"), bare("c"))]) },
      member({ kind: "paren", type: ref("d") }),
      { kind: "inline-group", occurrence: occ(1n, null), group: group([member(ref("e"))], [member(ref("f"))]) },
    ]);
  });

  it("reads group choices, including empty ones", () => {
    expect(typeOf("[ a // b: int, c // ]")).toEqual({
      kind: "array",
      group: group([member(ref("a"))], [member(ref("int"), bare("b")), member(ref("c"))], []),
    });
  });

  it("reads sockets in groups", () => {
    expect(entriesOf("* $$tcp-option, x: $t")).toEqual([member(ref("$$tcp-option"), null, occ(0n, null)), member(ref("$t"), bare("x"))]);
  });

  it("keeps positions of entries, keys and choices", () => {
    const t = typeAt("{\n  ? a: int,\n  * tstr => any // b\n}");
    expect(t).toMatchObject({
      kind: "map",
      at: { line: 1, col: 5 },
      group: {
        at: { line: 2, col: 3 },
        choices: [
          {
            at: { line: 2, col: 3 },
            entries: [
              { at: { line: 2, col: 3 }, occurrence: { at: { line: 2, col: 3 } }, key: { at: { line: 2, col: 5 }, name: { at: { line: 2, col: 5 } } } },
              { at: { line: 3, col: 3 }, key: { kind: "type-key", at: { line: 3, col: 5 } }, type: { at: { line: 3, col: 13 } } },
            ],
          },
          { at: { line: 3, col: 20 }, entries: [{ at: { line: 3, col: 20 } }] },
        ],
      },
    });
  });
});

describe("precedence", () => {
  it("binds range and control operators tighter than /", () => {
    expect(typeOf("a / b .. c")).toEqual({
      kind: "type-choice",
      alternatives: [ref("a"), { kind: "range", inclusive: true, min: ref("b"), max: ref("c") }],
    });
    expect(typeOf("uint .size 4 / tstr .size (1..10)")).toEqual({
      kind: "type-choice",
      alternatives: [
        { kind: "control", op: { name: "size" }, target: ref("uint"), controller: int(4n) },
        {
          kind: "control",
          op: { name: "size" },
          target: ref("tstr"),
          controller: { kind: "paren", type: { kind: "range", inclusive: true, min: int(1n), max: int(10n) } },
        },
      ],
    });
  });

  it("allows one operator per type1", () => {
    expect(parseCddl("x = 1..2 .size 3").errors).toHaveLength(1);
    expect(parseCddl("x = a .size 1 .size 2").errors).toHaveLength(1);
    expect(typeOf("(number .gt 0) .default 1")).toMatchObject({ kind: "control", op: { name: "default" }, target: { kind: "paren" } });
  });

  it("gives a member key the whole type choice after it", () => {
    expect(entriesOf("a: b / c")).toEqual([member({ kind: "type-choice", alternatives: [ref("b"), ref("c")] }, bare("a"))]);
  });

  it("takes only a type1 before =>", () => {
    expect(parseCddl("x = { a / b => c }").errors).toHaveLength(1);
    expect(entriesOf("(a / b) => c")).toEqual([
      member(ref("c"), { kind: "type-key", type: { kind: "paren", type: { kind: "type-choice", alternatives: [ref("a"), ref("b")] } }, cut: false }),
    ]);
  });

  it("binds // looser than , and /", () => {
    expect(typeOf("[ a / b, c // d ]")).toEqual({
      kind: "array",
      group: group([member({ kind: "type-choice", alternatives: [ref("a"), ref("b")] }), member(ref("c"))], [member(ref("d"))]),
    });
  });

  it("keeps a type choice across lines, and a rule after it separate", () => {
    expect(strip(rulesOf("a = b\n  / c\nd = e"))).toMatchObject([
      { name: { name: "a" }, type: { kind: "type-choice", alternatives: [ref("b"), ref("c")] } },
      { name: { name: "d" }, type: ref("e") },
    ]);
  });
});

describe("a complete example with every position", () => {
  it("matches exactly", () => {
    const file = parseCddl("m<t> = {\n  ? k: t .size 2, ; c\n  * int => #6.1(h'00')\n}\n");
    expect(file).toEqual({
      errors: [],
      rules: [
        {
          kind: "type-rule",
          name: { name: "m", at: { line: 1, col: 1 } },
          params: [{ name: "t", at: { line: 1, col: 3 } }],
          assign: "=",
          text: "m<t> = {\n  ? k: t .size 2, ; c\n  * int => #6.1(h'00')\n}",
          at: { line: 1, col: 1 },
          type: {
            kind: "map",
            at: { line: 1, col: 8 },
            group: {
              kind: "group",
              at: { line: 2, col: 3 },
              choices: [
                {
                  kind: "group-choice",
                  at: { line: 2, col: 3 },
                  entries: [
                    {
                      kind: "member",
                      at: { line: 2, col: 3 },
                      occurrence: { kind: "occurrence", min: 0n, max: 1n, at: { line: 2, col: 3 } },
                      key: { kind: "bareword-key", name: { name: "k", at: { line: 2, col: 5 } }, at: { line: 2, col: 5 } },
                      type: {
                        kind: "control",
                        at: { line: 2, col: 8 },
                        op: { name: "size", at: { line: 2, col: 10 } },
                        target: { kind: "ref", name: { name: "t", at: { line: 2, col: 8 } }, args: [], at: { line: 2, col: 8 } },
                        controller: { kind: "int", value: 2n, raw: "2", at: { line: 2, col: 16 } },
                      },
                    },
                    {
                      kind: "member",
                      at: { line: 3, col: 3 },
                      occurrence: { kind: "occurrence", min: 0n, max: null, at: { line: 3, col: 3 } },
                      key: {
                        kind: "type-key",
                        cut: false,
                        at: { line: 3, col: 5 },
                        type: { kind: "ref", name: { name: "int", at: { line: 3, col: 5 } }, args: [], at: { line: 3, col: 5 } },
                      },
                      type: {
                        kind: "tag",
                        at: { line: 3, col: 12 },
                        tag: { kind: "int", value: 1n, raw: "1", at: { line: 3, col: 15 } },
                        type: { kind: "bytes", encoding: "hex", content: "00", at: { line: 3, col: 17 } },
                      },
                    },
                  ],
                },
              ],
            },
          },
        },
      ],
    });
  });
});
