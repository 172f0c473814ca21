import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileDocument, type CompiledDocument } from "../../src/compile/compile-document.js";
import type { DocumentConfig } from "../../src/compile/config.js";
import { formatLoc, type Diagnostic } from "../../src/diagnostics/index.js";
import type { ExtractIo } from "../../src/extract/index.js";
import type { Definition, IRMember, IRVariant } from "../../src/ir/types.js";

/**
 * src/compile/compile-document.ts end to end on small markdown drafts held
 * in memory: extract -> parse -> lower -> resolve names -> resolve selects ->
 * find broken. Every location is a draft `file:line:col`, so each test also
 * checks the fence line offset and the block -> draft column mapping.
 */

const FILE = "/drafts/test/draft-test.md";

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

const lines = (...ls: string[]) => ls.join("\n") + "\n";

function compile(
  md: string,
  opts: { strict?: boolean; config?: Partial<DocumentConfig>; imports?: readonly CompiledDocument[]; file?: string } = {},
): CompiledDocument {
  const file = opts.file ?? FILE;
  const config: DocumentConfig = { document: "test", source: "test/draft-test.md", mode: "lenient", ...opts.config };
  return compileDocument({
    path: file,
    config,
    io: memIo({ [file]: md }),
    ...(opts.strict !== undefined ? { strict: opts.strict } : {}),
    ...(opts.imports ? { imports: opts.imports } : {}),
  });
}

/** `severity code file:line:col`, the way a draft author reads them. */
const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${formatLoc(d.loc)}`);
const withCode = (c: CompiledDocument, code: string) => c.diagnostics.filter((d) => d.code === code);
const def = (c: CompiledDocument, name: string): Definition => {
  const d = c.ir.definitions.find((x) => x.name === name);
  if (!d) throw new Error(`no definition ${name}`);
  return d;
};
const members = (d: Definition): readonly IRMember[] => (d.type.kind === "record" ? d.type.members : []);
const variant = (d: Definition): IRVariant => {
  const v = members(d).find((m): m is IRVariant => m.kind === "variant");
  if (!v) throw new Error(`${d.name} has no select`);
  return v;
};

// ------------------------------------------------------------------ deviations

/**
 * One draft with every lenient recovery. Line numbers are draft lines:
 * YAML front matter, a heading and prose come before the first fence, so a
 * block-relative position that is not shifted by the fence line is caught.
 */
const SLOPPY = lines(
  "---", //                                   1
  "title: A sloppy draft", //                 2
  "---", //                                   3
  "", //                                      4
  "# Messages", //                            5
  "", //                                      6
  "Some prose about `Code` and `Reply`.", //  7
  "", //                                      8
  "~~~ tls", //                               9
  "enum {", //                               10
  "  ok(0);", //                             11  enum-semicolon at col 8
  "  busy(1),", //                           12
  "  (255)", //                              13
  "} Code;", //                              14
  "", //                                     15
  "struct {", //                             16
  "  Code code", //                          17  missing-semicolon at col 12
  "  optional Note note;", //                18  optional-without-brackets at col 3
  "} Reply", //                              19  missing-semicolon at col 8
  "", //                                     20
  "struct Note {", //                        21  c-style-struct at col 8
  "  opaque text<V>; */ utf-8 */", //        22  broken-comment at col 19
  "};", //                                   23
  "~~~", //                                  24
  "", //                                     25
  "More prose.", //                          26
  "", //                                     27
  "  ~~~ tls-presentation", //               28  an indented fence: content columns shift by 2
  "  struct {", //                           29
  "    Code code;", //                       30
  "    select (code) {", //                  31
  "      case ok: uint8 a;", //              32
  "      case busy: uint8 b;", //            33
  "    }", //                                34  select `}` without `;` at col 5
  "  } Wrapped;", //                         35
  "", //                                     36
  "  struct {", //                           37
  "    Code code;", //                       38
  "    select (code) {", //                  39
  "      case ok: uint8 a;", //              40
  "  } Unclosed;", //                        41  unclosed-select at col 3
  "  ~~~", //                                42
);

const SLOPPY_FINDINGS = [
  ["tpl/enum-semicolon", 11, 8],
  ["tpl/missing-semicolon", 17, 12],
  ["tpl/optional-without-brackets", 18, 3],
  ["tpl/missing-semicolon", 19, 8],
  ["tpl/c-style-struct", 21, 8],
  ["tpl/broken-comment", 22, 19],
  ["tpl/missing-semicolon", 34, 5],
  ["tpl/unclosed-select", 41, 3],
] as const;

describe("deviations: warnings in lenient mode, errors in strict mode, at the draft position", () => {
  it("lenient: each deviation is a warning at its exact file:line:col, and everything compiles", () => {
    const c = compile(SLOPPY);
    expect(c.blocks).toBe(2);
    expect(show(c.diagnostics)).toEqual(SLOPPY_FINDINGS.map(([code, l, col]) => `warning ${code} ${FILE}:${l}:${col}`));
    expect(c.ir.definitions.map((d) => d.name)).toEqual(["Code", "Reply", "Note", "Wrapped", "Unclosed"]);
    expect([...c.broken]).toEqual([]);
  });

  it("strict: the same findings, each an error", () => {
    const c = compile(SLOPPY, { strict: true });
    expect(show(c.diagnostics)).toEqual(SLOPPY_FINDINGS.map(([code, l, col]) => `error ${code} ${FILE}:${l}:${col}`));
  });

  it("config.mode decides when `strict` is not given", () => {
    expect(compile(SLOPPY, { config: { mode: "strict" } }).diagnostics.every((d) => d.severity === "error")).toBe(true);
    expect(compile(SLOPPY, { config: { mode: "strict" }, strict: false }).diagnostics.every((d) => d.severity === "warning")).toBe(true);
  });

  it("each diagnostic carries the strict spelling as `fix`", () => {
    const c = compile(SLOPPY);
    expect(c.diagnostics.map((d) => d.fix)).toEqual([",", ";", "optional<Note>", ";", "struct { ... } Note;", "/* ... */", "};", "};"]);
  });

  it("the recoveries mean what the author meant: optional Note, the select arms", () => {
    const c = compile(SLOPPY);
    expect(members(def(c, "Reply")).map((m) => m.kind === "field" && [m.name, m.type])).toEqual([
      ["code", { kind: "ref", name: "Code" }],
      ["note", { kind: "optional", of: { kind: "ref", name: "Note" } }],
    ]);
    expect(variant(def(c, "Unclosed")).cases.map((k) => k.labels)).toEqual([["ok"]]);
    expect(def(c, "Wrapped").loc).toEqual({ file: FILE, line: 35, col: 5 });
  });

  it("pseudocode is a not-tpl warning (error in strict) and does not hide the next struct", () => {
    const md = lines("# Sig", "", "~~~ tls", "sig = SignWithLabel(key, \"Label\", content)", "", "struct {", "  opaque sig<V>;", "} Signed;", "~~~");
    expect(show(compile(md).diagnostics)).toEqual([`warning tpl/not-tpl ${FILE}:4:1`]);
    expect(show(compile(md, { strict: true }).diagnostics)).toEqual([`error tpl/not-tpl ${FILE}:4:1`]);
    expect(compile(md).ir.definitions.map((d) => d.name)).toEqual(["Signed"]);
  });

  it("a definition the grammar cannot read is a tpl/syntax error even in lenient mode; the rest compiles", () => {
    const md = lines("~~~ tls", "struct {", "  uint8 a<>;", "} Bad;", "", "struct {", "  uint8 b;", "} Good;", "~~~");
    const c = compile(md);
    expect(show(c.diagnostics)).toEqual([`error tpl/syntax ${FILE}:2:1`]);
    expect(c.diagnostics[0]!.message).toContain("struct {");
    expect(c.ir.definitions.map((d) => d.name)).toEqual(["Good"]);
  });
});

// ------------------------------------------------------------------ names

describe("undefined types", () => {
  const md = lines(
    "# Types", //                    1
    "", //                           2
    "~~~ tls", //                    3
    "struct {", //                   4
    "  opaque id<V>;", //            5
    "  string label;", //            6  undefined `string`
    "} Profile;", //                 7
    "", //                           8
    "struct {", //                   9
    "  Profile profiles<V>;", //     10
    "} Directory;", //               11
    "", //                           12
    "struct {", //                   13
    "  Directory dir;", //           14
    "} Root;", //                    15
    "", //                           16
    "struct {", //                   17
    "  opaque id<V>;", //            18
    "  uint32 flags;", //            19
    "} Fine;", //                    20
    "~~~", //                        21
  );

  for (const strict of [false, true]) {
    it(`${strict ? "strict" : "lenient"}: an error names the type; users are not compiled; the rest compiles`, () => {
      const c = compile(md, { strict });
      expect(show(c.diagnostics)).toEqual([
        `error ir/undefined-type ${FILE}:6:3`,
        `error ir/not-compiled ${FILE}:11:3`,
        `error ir/not-compiled ${FILE}:15:3`,
      ]);
      expect(c.diagnostics[0]!.message).toContain("type string is not defined");
      expect(c.diagnostics[0]!.message).toContain("Profile");
      expect(c.diagnostics[1]!.message).toContain("Directory is not compiled: it uses Profile");
      expect(c.diagnostics[2]!.message).toContain("Root is not compiled: it uses Directory");
      expect([...c.broken.keys()].sort()).toEqual(["Directory", "Profile", "Root"]);
      expect(c.broken.get("Profile")).toContain("string");
      expect(c.ir.definitions.map((d) => d.name)).toContain("Fine");
      expect(c.broken.has("Fine")).toBe(false);
    });
  }

  it("the same undefined type used twice in one struct is reported at each use", () => {
    const c = compile(lines("~~~ tls", "struct {", "  Missing a;", "  Missing b<V>;", "} S;", "~~~"));
    expect(show(c.diagnostics)).toEqual([`error ir/undefined-type ${FILE}:3:3`, `error ir/undefined-type ${FILE}:4:3`]);
    expect([...c.broken.keys()]).toEqual(["S"]);
  });

  it("an imported document fills in names the draft does not define", () => {
    const mls = compile(lines("~~~ tls", "struct {", "  opaque data<V>;", "} KeyPackage;", "~~~"), {
      file: "/drafts/mls.md",
      config: { document: "mls" },
    });
    const c = compile(lines("~~~ tls", "struct {", "  KeyPackage key_packages<V>;", "} Bundle;", "~~~"), { imports: [mls], strict: true });
    expect(c.diagnostics).toEqual([]);
    expect(members(def(c, "Bundle"))[0]).toMatchObject({ type: { kind: "vector", of: { kind: "ref", name: "KeyPackage", document: "mls" } } });
    expect(c.ir.imports).toEqual(["mls"]);
  });
});

describe("ir/name-case: a name that differs only in letter case", () => {
  const md = lines(
    "# URIs", //                     1
    "", //                           2
    "~~~ tls", //                    3
    "struct {", //                   4
    "    opaque uri<V>;", //         5
    "} IdentifierUri;", //           6
    "~~~", //                        7
    "", //                           8
    "~~~ tls", //                    9
    "struct {", //                   10
    "    IdentifierURI sender;", //  11
    "} Request;", //                 12
    "~~~", //                        13
  );

  it("lenient: a warning at the use, citing the definition, and the name is bound to it", () => {
    const c = compile(md);
    expect(show(c.diagnostics)).toEqual([`warning ir/name-case ${FILE}:11:5`]);
    const d = c.diagnostics[0]!;
    expect(d.fix).toBe("IdentifierUri");
    expect(d.related).toEqual({ file: FILE, line: 6, col: 3 });
    expect(d.message).toContain("IdentifierURI");
    expect(members(def(c, "Request"))[0]).toMatchObject({ type: { kind: "ref", name: "IdentifierUri" } });
    expect(c.broken.size).toBe(0);
  });

  it("strict: an undefined type with a hint; Request is not compiled", () => {
    const c = compile(md, { strict: true });
    expect(show(c.diagnostics)).toEqual([`error ir/undefined-type ${FILE}:11:5`]);
    expect(c.diagnostics[0]!.message).toContain("did you mean IdentifierUri?");
    expect([...c.broken.keys()]).toEqual(["Request"]);
  });
});

describe("duplicate definitions", () => {
  const md = lines(
    "# Body", //                1
    "", //                      2
    "~~~ tls", //               3
    "struct {", //              4
    "  uint8 a;", //            5
    "} A;", //                  6
    "", //                      7
    "struct {", //              8
    "  uint16 b;", //           9
    "} B;", //                  10
    "~~~", //                   11
    "", //                      12
    "# Appendix", //            13
    "", //                      14
    "~~~ tls", //               15
    "struct {", //              16
    "    uint8 a;", //          17  same shape, other indentation
    "} A;", //                  18
    "", //                      19
    "struct {", //              20
    "  uint16 b;", //           21
    "  uint8 c;", //            22
    "} B;", //                  23
    "~~~", //                   24
  );

  it("an identical repeat is a note citing the first; a conflicting one is an error; one definition is kept", () => {
    for (const strict of [false, true]) {
      const c = compile(md, { strict });
      expect(show(c.diagnostics)).toEqual([`note ir/duplicate-identical ${FILE}:18:3`, `error ir/duplicate-definition ${FILE}:23:3`]);
      expect(c.diagnostics.map((d) => d.related)).toEqual([
        { file: FILE, line: 6, col: 3 },
        { file: FILE, line: 10, col: 3 },
      ]);
      expect(c.ir.definitions.map((d) => d.name)).toEqual(["A", "B"]);
      expect(def(c, "A").section).toBe("Body");
    }
  });
});

// ------------------------------------------------------------------ selects

const SELECTS = lines(
  "# Selects", //                          1
  "", //                                   2
  "~~~ tls", //                            3
  "enum {", //                             4
  "  red(1),", //                          5
  "  blue(2),", //                         6
  "  (255)", //                            7
  "} Color;", //                           8
  "", //                                   9
  "struct {", //                           10
  "  Color color;", //                     11
  "  select (color) {", //                 12  own field
  "    case red: uint8 r;", //             13
  "    case blue: uint16 b;", //           14
  "  };", //                               15
  "} Own;", //                             16
  "", //                                   17
  "struct {", //                           18
  "  Color color;", //                     19
  "  select (Qualified.color) {", //       20  own struct, qualified
  "    case red: uint8 r;", //             21
  "    case blue: struct{};", //           22
  "  };", //                               23
  "} Qualified;", //                       24
  "", //                                   25
  "struct {", //                           26
  "  Own inner;", //                       27
  "  select (inner.color) {", //           28  dotted path into an earlier field
  "    case red: uint8 r;", //             29
  "    default: struct{};", //             30
  "  };", //                               31
  "} Dotted;", //                          32
  "", //                                   33
  "struct {", //                           34
  "  select (Own.color) {", //             35  another struct: context key
  "    case red: uint8 r;", //             36
  "    case blue: uint16 b;", //           37
  "  };", //                               38
  "} External;", //                        39
  "", //                                   40
  "struct {", //                           41
  "  Color searchType;", //                42
  "  select (type) {", //                  43  no such field
  "    case red: uint8 r;", //             44
  "    case blue: uint16 b;", //           45
  "  };", //                               46
  "} Recovered;", //                       47
  "", //                                   48
  "struct {", //                           49
  "  Color color;", //                     50
  "  select (color) {", //                 51
  "    case green: uint8 g;", //           52  not a Color
  "    case blue: uint16 b;", //           53
  "  };", //                               54
  "} BadLabel;", //                        55
  "~~~", //                                56
);

describe("select resolution", () => {
  const lenient = compile(SELECTS);
  const strict = compile(SELECTS, { strict: true });

  it("own field: the discriminant is that field, typed by its enum", () => {
    expect(variant(def(lenient, "Own")).discriminant).toEqual({ kind: "field", path: ["color"], enumType: "Color" });
    expect(variant(def(lenient, "Own")).cases.map((k) => [k.labels, k.isDefault])).toEqual([
      [["red"], false],
      [["blue"], false],
    ]);
  });

  it("own-struct-qualified path (Qualified.color) drops the struct name", () => {
    expect(variant(def(lenient, "Qualified")).discriminant).toEqual({ kind: "field", path: ["color"], enumType: "Color" });
  });

  it("a dotted path into an earlier field (inner.color), with a default arm", () => {
    const v = variant(def(lenient, "Dotted"));
    expect(v.discriminant).toEqual({ kind: "field", path: ["inner", "color"], enumType: "Color" });
    expect(v.cases.map((k) => [k.labels, k.isDefault])).toEqual([
      [["red"], false],
      [[], true],
    ]);
  });

  it("another struct's field (Own.color) is a context key, with a note at the path", () => {
    expect(variant(def(lenient, "External")).discriminant).toEqual({ kind: "context", key: "Own.color", enumType: "Color" });
    for (const c of [lenient, strict]) expect(show(withCode(c, "tpl/select-external"))).toEqual([`note tpl/select-external ${FILE}:35:11`]);
  });

  it("lenient select (type) -> the earlier field whose enum holds every label, with a warning (error in strict)", () => {
    expect(variant(def(lenient, "Recovered")).discriminant).toEqual({ kind: "field", path: ["searchType"], enumType: "Color" });
    expect(show(withCode(lenient, "tpl/select-unknown-field"))).toEqual([`warning tpl/select-unknown-field ${FILE}:43:11`]);
    expect(withCode(lenient, "tpl/select-unknown-field")[0]!.fix).toBe("select (searchType)");
    expect(show(withCode(strict, "tpl/select-unknown-field"))).toEqual([`error tpl/select-unknown-field ${FILE}:43:11`]);
  });

  it("an unknown case label is an error at the arm, in both modes, and the struct is not compiled", () => {
    for (const c of [lenient, strict]) {
      expect(show(withCode(c, "tpl/unknown-case-label"))).toEqual([`error tpl/unknown-case-label ${FILE}:52:5`]);
      expect(withCode(c, "tpl/unknown-case-label")[0]!.message).toContain("green");
      expect([...c.broken.keys()]).toEqual(["BadLabel"]);
    }
  });

  it("nothing else is reported", () => {
    expect(show(lenient.diagnostics)).toEqual([
      `note tpl/select-external ${FILE}:35:11`,
      `warning tpl/select-unknown-field ${FILE}:43:11`,
      `error tpl/unknown-case-label ${FILE}:52:5`,
    ]);
  });

  it("config caseLabels maps a label to an enum value, with a warning; the struct compiles", () => {
    const c = compile(SELECTS, { config: { caseLabels: { BadLabel: { green: "red" } } } });
    expect(show(withCode(c, "tpl/case-label-config"))).toEqual([`warning tpl/case-label-config ${FILE}:52:5`]);
    expect(withCode(c, "tpl/case-label-config")[0]!.fix).toBe("case red:");
    expect(withCode(c, "tpl/unknown-case-label")).toEqual([]);
    expect(variant(def(c, "BadLabel")).cases.map((k) => k.labels)).toEqual([["red"], ["blue"]]);
    expect(c.broken.size).toBe(0);
  });

  it("a caseLabels entry for another struct does not apply", () => {
    const c = compile(SELECTS, { config: { caseLabels: { Own: { green: "red" } } } });
    expect(show(withCode(c, "tpl/unknown-case-label"))).toEqual([`error tpl/unknown-case-label ${FILE}:52:5`]);
  });

  it("config selectPaths rereads a written path, with a warning", () => {
    const c = compile(SELECTS, { config: { selectPaths: { "Recovered:type": "searchType" } } });
    expect(show(withCode(c, "tpl/select-path-config"))).toEqual([`warning tpl/select-path-config ${FILE}:43:11`]);
    expect(withCode(c, "tpl/select-unknown-field")).toEqual([]);
    expect(variant(def(c, "Recovered")).discriminant).toEqual({ kind: "field", path: ["searchType"], enumType: "Color" });
  });

  it("a label repeated in a later arm is reported at that arm", () => {
    const md = lines(
      "~~~ tls", //                        1
      "enum { red(1), blue(2), (255) } Color;", // 2
      "", //                               3
      "struct {", //                       4
      "  Color color;", //                 5
      "  select (color) {", //             6
      "    case red: uint8 a;", //         7
      "    case red: uint16 b;", //        8
      "  };", //                           9
      "} S;", //                           10
      "~~~", //                            11
    );
    for (const strict of [false, true]) {
      const found = withCode(compile(md, { strict }), "tpl/duplicate-case-label");
      expect(found.map((d) => formatLoc(d.loc))).toEqual([`${FILE}:8:5`]);
      expect(found[0]!.message).toContain("red");
    }
  });

  // BUG (src/ir/resolve-selects.ts, discriminantFor/contextEnum): a dotted
  // path whose head is neither a field nor a defined struct
  // (mimi-protocol-06's `select (room.protocol)`) is bound to whichever enum
  // holds the case labels, and reported only as a note, even in strict mode:
  // a silent guess. A struct head (`PrivateMessage.content_type`) is fine.
  it("select (room.protocol) with no `room` anywhere is an error in strict mode and a warning in lenient mode", () => {
    const md = lines("~~~ tls", "enum { mls10(1), (255) } Protocol;", "", "struct {", "  select (room.protocol) {", "    case mls10: uint8 a;", "  };", "} S;", "~~~");
    const severitiesAt = (c: CompiledDocument) => c.diagnostics.filter((d) => d.loc.line === 5 && d.loc.col === 11).map((d) => d.severity);
    expect(severitiesAt(compile(md, { strict: true }))).toContain("error");
    expect(severitiesAt(compile(md))).toContain("warning");
  });

  it("select on a field that is not an enum is an error and the struct is not compiled", () => {
    const c = compile(lines("~~~ tls", "struct {", "  uint8 kind;", "  select (kind) {", "    case a: uint8 x;", "  };", "} S;", "~~~"));
    expect(show(c.diagnostics)).toEqual([`error tpl/select-not-enum ${FILE}:4:11`]);
    expect([...c.broken.keys()]).toEqual(["S"]);
  });
});

// ------------------------------------------------------------------ lowering checks

describe("enum width and opaque without a length", () => {
  const md = lines(
    "# Codes", //            1
    "", //                   2
    "~~~ tls", //            3
    "enum {", //             4
    "  small(1),", //        5
    "  big(256),", //        6  does not fit (255)
    "  (255)", //            7
    "} Code;", //            8
    "~~~", //                9
  );

  it("an enum value above the (255) marker is an error naming the value", () => {
    for (const strict of [false, true]) {
      const c = compile(md, { strict });
      const found = withCode(c, "tpl/enum-width");
      expect(found.map((d) => [d.severity, d.loc.file, d.loc.line])).toEqual([["error", FILE, expect.any(Number)]]);
      expect(found[0]!.message).toContain("256");
      expect(found[0]!.message).toContain("big");
    }
  });

  // BUG (src/ir/lower-tpl.ts, lowerEnum): the error is placed at the `enum`
  // keyword (4:1), not at the entry that does not fit (6:3); the entry's
  // position is in the AST but lowerEnum passes the enum's.
  it("tpl/enum-width points at the offending entry", () => {
    expect(show(withCode(compile(md), "tpl/enum-width"))).toEqual([`error tpl/enum-width ${FILE}:6:3`]);
  });

  // BUG (src/ir/lower-tpl.ts + compile-document.ts): the enum is still emitted
  // (8-bit, with value 256) because lowering errors never reach `broken`, so
  // the generated codec would write 256 into one byte.
  it("an enum with a value that does not fit its width is not compiled", () => {
    expect(compile(md).broken.has("Code")).toBe(true);
  });

  const opaque = lines(
    "# Keys", //                              1
    "", //                                    2
    "~~~ tls", //                             3
    "struct {", //                            4
    "  opaque uri<V>;", //                    5
    "  opaque signature_public_key;", //      6
    "  uint32 flags;", //                     7
    "} Credential;", //                       8
    "~~~", //                                 9
  );

  it("lenient: `opaque x;` is a warning and reads as opaque x<V>", () => {
    const c = compile(opaque);
    expect(show(c.diagnostics)).toEqual([`warning tpl/opaque-without-length ${FILE}:6:3`]);
    expect(c.diagnostics[0]!.fix).toBe("opaque signature_public_key<V>;");
    expect(members(def(c, "Credential")).map((m) => m.kind === "field" && [m.name, m.type])).toEqual([
      ["uri", { kind: "bytes", length: { kind: "varint", min: 0, max: 0x3fffffff } }],
      ["signature_public_key", { kind: "bytes", length: { kind: "varint", min: 0, max: 0x3fffffff } }],
      ["flags", { kind: "uint", bits: 32 }],
    ]);
  });

  it("strict: `opaque x;` is an error at the field", () => {
    const c = compile(opaque, { strict: true });
    expect(show(c.diagnostics)).toEqual([`error tpl/opaque-without-length ${FILE}:6:3`]);
  });

  // BUG (src/ir/lower-tpl.ts, lowerMembers/lowerField): in strict mode the
  // field that cannot be lowered is dropped and Credential still compiles,
  // with two fields (uri, flags): a wrong wire format with no broken entry.
  // The same happens for any field with a bad length (tpl/vector-bounds,
  // tpl/expression).
  it("strict: a struct with a field that cannot be lowered is not compiled", () => {
    const c = compile(opaque, { strict: true });
    expect(c.broken.has("Credential")).toBe(true);
  });
});

// ------------------------------------------------------------------ fixtures as bare files

const FIXTURES = fileURLToPath(new URL("../fixtures/tpl/", import.meta.url));

describe("fixtures/tpl as bare .tls documents (one block, draft line = block line)", () => {
  const ok = readdirSync(FIXTURES + "ok").filter((f) => f.endsWith(".tls"));
  it.each(ok)("ok/%s compiles strictly with no diagnostics (but a note for the definition of optional<T>)", (f) => {
    const path = FIXTURES + "ok/" + f;
    const c = compileDocument({ path, config: { document: "fixture", source: path, mode: "strict" } });
    expect(c.diagnostics.filter((d) => d.code !== "tpl/generic-builtin")).toEqual([]);
    expect(c.diagnostics.filter((d) => d.code === "tpl/generic-builtin").length).toBe(readFileSync(path, "utf8").includes("} optional<T>;") ? 1 : 0);
    expect(c.blocks).toBe(1);
    expect(c.broken.size).toBe(0);
  });

  const bad = readdirSync(FIXTURES + "bad").filter((f) => f.endsWith(".tls"));
  it.each(bad)("bad/%s: one warning with the sidecar's code at file:line:col", (f) => {
    const path = FIXTURES + "bad/" + f;
    const want = JSON.parse(readFileSync(path.replace(/\.tls$/, ".json"), "utf8")) as { code: string; line: number; col: number };
    const c = compileDocument({ path, config: { document: "fixture", source: path, mode: "lenient" } });
    expect(show(c.diagnostics)).toEqual([`warning ${want.code} ${path}:${want.line}:${want.col}`]);
    expect(c.broken.size).toBe(0);
  });
});
