/**
 * Typed output of grammar/cddl.peggy: RFC 8610 Appendix B as updated by
 * RFC 9682. Each node quotes the ABNF production it stands for.
 *
 * Positions are 1-based line/col inside the code block (a column counts
 * UTF-16 code units); the front end maps them into the draft. Every node
 * has `at`, the position of its first character; names carry their own.
 *
 * The type levels of the ABNF (`type`, `type1`, `type2`) are collapsed: a
 * `type-choice` node exists only for two or more alternatives, a `range` or
 * `control` node only where the operator is written. Groups keep their
 * levels (`group` -> `group-choice` -> entries), because every consumer
 * walks them the same way.
 *
 * It lives in the runtime because the runtime's CDDL validator matches
 * items against it (a portable schema is this AST as JSON data); the
 * compiler imports it through src/cddl/ast.ts.
 */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** `id = EALPHA *(*("-" / ".") (EALPHA / DIGIT))`, used as typename, groupname, bareword or parameter. */
export interface Name {
  readonly name: string;
  readonly at: Pos;
}

// ---------------------------------------------------------------- rules

/**
 * `rule = typename [genericparm] S assignt S type`, `assignt = "=" / "/="`.
 *
 * `a = b` is also a valid group rule when `b` names a group; the ABNF
 * reads it as a type rule ("preempted by above"), and so does the parser.
 * Whether `a` is a type or a group is for name resolution to decide.
 */
export interface TypeRule {
  readonly kind: "type-rule";
  readonly name: Name;
  /** `genericparm = "<" S id S *("," S id S ) ">"`; empty if none. */
  readonly params: readonly Name[];
  readonly assign: "=" | "/=";
  readonly type: Type;
  /** The rule's source text, from its name to the end of its right-hand side. */
  readonly text: string;
  readonly at: Pos;
}

/** `rule = groupname [genericparm] S assigng S grpent`, `assigng = "=" / "//="`. */
export interface GroupRule {
  readonly kind: "group-rule";
  readonly name: Name;
  readonly params: readonly Name[];
  readonly assign: "=" | "//=";
  readonly entry: GroupEntry;
  readonly text: string;
  readonly at: Pos;
}

/** `cddl = S *(rule S)` is a list of these. */
export type Rule = TypeRule | GroupRule;

// ---------------------------------------------------------------- types

/** `type = type1 *(S "/" S type1)`: a type is one `type1`, or a choice of two or more. */
export type Type = TypeChoice | Type1;

/** `type1 *(S "/" S type1)` with at least one `/`. */
export interface TypeChoice {
  readonly kind: "type-choice";
  readonly alternatives: readonly Type1[];
  readonly at: Pos;
}

/** `type1 = type2 [S (rangeop / ctlop) S type2]` */
export type Type1 = Range | Control | Type2;

/** `type2 S rangeop S type2`, `rangeop = "..." / ".."`. `..` includes the upper bound, `...` excludes it. */
export interface Range {
  readonly kind: "range";
  readonly inclusive: boolean;
  readonly min: Type2;
  readonly max: Type2;
  readonly at: Pos;
}

/**
 * `type2 S ctlop S type2`, `ctlop = "." id`: `.size .bits .regexp .cbor
 * .cborseq .within .and .lt .le .gt .ge .eq .ne .default .plus .cat .det
 * .abnf .abnfb .feature` and any other `.id`. `op.name` is the id without
 * the dot; `op.at` is the position of the dot.
 */
export interface Control {
  readonly kind: "control";
  readonly op: Name;
  readonly target: Type2;
  readonly controller: Type2;
  readonly at: Pos;
}

export type Type2 =
  | Value
  | Ref
  | Paren
  | MapType
  | ArrayType
  | Unwrap
  | ChoiceOfGroup
  | ChoiceOfRef
  | Tag
  | Major
  | Any;

/** `typename [genericarg]`, `genericarg = "<" S type1 S *("," S type1 S ) ">"`; `args` is empty without arguments. */
export interface Ref {
  readonly kind: "ref";
  readonly name: Name;
  readonly args: readonly Type1[];
  readonly at: Pos;
}

/** `"(" S type S ")"` */
export interface Paren {
  readonly kind: "paren";
  readonly type: Type;
  readonly at: Pos;
}

/** `"{" S group S "}"` */
export interface MapType {
  readonly kind: "map";
  readonly group: Group;
  readonly at: Pos;
}

/** `"[" S group S "]"` */
export interface ArrayType {
  readonly kind: "array";
  readonly group: Group;
  readonly at: Pos;
}

/** `"~" S typename [genericarg]` */
export interface Unwrap {
  readonly kind: "unwrap";
  readonly name: Name;
  readonly args: readonly Type1[];
  readonly at: Pos;
}

/** `"&" S "(" S group S ")"`: the choice of the group's values (an enumeration). */
export interface ChoiceOfGroup {
  readonly kind: "choice-of-group";
  readonly group: Group;
  readonly at: Pos;
}

/** `"&" S groupname [genericarg]` */
export interface ChoiceOfRef {
  readonly kind: "choice-of-ref";
  readonly name: Name;
  readonly args: readonly Type1[];
  readonly at: Pos;
}

/**
 * `"#" "6" ["." head-number] "(" S type S ")"`: a tagged item; `tag` is
 * null for `#6(T)` (any tag number).
 */
export interface Tag {
  readonly kind: "tag";
  readonly tag: HeadNumber | null;
  readonly type: Type;
  readonly at: Pos;
}

/**
 * `"#" DIGIT ["." uint]` (major type and additional information) and,
 * for major type 7, RFC 9682's `"#" "7" ["." head-number]`, where a number
 * 0..23 or 32..255 is a simple value and 24..31 the additional information
 * (`#7.25` is float16). `ai` is null for `#n` alone. `#6.32` without
 * parentheses is a major type, not a tag.
 */
export interface Major {
  readonly kind: "major";
  readonly major: number;
  /** Always an `int` literal unless `major` is 7. */
  readonly ai: HeadNumber | null;
  readonly at: Pos;
}

/** `"#"`: any data item. */
export interface Any {
  readonly kind: "any";
  readonly at: Pos;
}

/** `head-number = uint / ("<" type ">")` (RFC 9682). */
export type HeadNumber = IntValue | HeadType;

/** `"<" type ">"` as a tag number or simple value: `#6.<ct-tag-number>(T)`. */
export interface HeadType {
  readonly kind: "head-type";
  readonly type: Type;
  readonly at: Pos;
}

// ---------------------------------------------------------------- values

/** `value = number / text / bytes` */
export type Value = IntValue | FloatValue | TextValue | BytesValue;

/** `int = ["-"] uint`, `uint = DIGIT1 *DIGIT / "0x" 1*HEXDIG / "0b" 1*BINDIG / "0"` */
export interface IntValue {
  readonly kind: "int";
  readonly value: bigint;
  /** As written: `0x10`, `-3`. */
  readonly raw: string;
  readonly at: Pos;
}

/**
 * `number = hexfloat / (int ["." fraction] ["e" exponent ])` when it has a
 * fraction or an exponent, or `hexfloat = ["-"] "0x" 1*HEXDIG ["." 1*HEXDIG] "p" exponent`.
 */
export interface FloatValue {
  readonly kind: "float";
  readonly value: number;
  readonly raw: string;
  readonly at: Pos;
}

/** `text = %x22 *SCHAR %x22`; `value` has the escapes (RFC 9682 SESC) resolved. */
export interface TextValue {
  readonly kind: "text";
  readonly value: string;
  readonly at: Pos;
}

/**
 * `bytes = [bsqual] %x27 *BCHAR %x27`, `bsqual = "h" / "b64"`.
 * `content` is the text between the quotes with the escapes resolved; what
 * it means depends on the qualifier (RFC 9682 Appendix A: a semantic step
 * after the syntax): UTF-8 text, or hex / base64 with white space and
 * `;` comments. decodeBytes() (bytes-literal.ts) computes the bytes.
 */
export interface BytesValue {
  readonly kind: "bytes";
  readonly encoding: "utf8" | "hex" | "base64";
  readonly content: string;
  readonly at: Pos;
}

// ---------------------------------------------------------------- groups

/** `group = grpchoice *(S "//" S grpchoice)`; always at least one choice. */
export interface Group {
  readonly kind: "group";
  readonly choices: readonly GroupChoice[];
  readonly at: Pos;
}

/** `grpchoice = *(grpent optcom)`, `optcom = S ["," S]`; may be empty. */
export interface GroupChoice {
  readonly kind: "group-choice";
  readonly entries: readonly GroupEntry[];
  readonly at: Pos;
}

/**
 * `grpent = [occur S] [memberkey S] type / [occur S] groupname [genericarg]
 * / [occur S] "(" S group S ")"`. The second form is "preempted by" the
 * first: a bare name is a `member` whose type is a `ref`, and name
 * resolution decides whether it names a group.
 */
export type GroupEntry = Member | InlineGroup;

/** `[occur S] [memberkey S] type` */
export interface Member {
  readonly kind: "member";
  readonly occurrence: Occurrence | null;
  readonly key: MemberKey | null;
  readonly type: Type;
  readonly at: Pos;
}

/** `[occur S] "(" S group S ")"` when the group is more than one bare type (`(a)` is a `member` with a `paren` type). */
export interface InlineGroup {
  readonly kind: "inline-group";
  readonly occurrence: Occurrence | null;
  readonly group: Group;
  readonly at: Pos;
}

/** `occur = [uint] "*" [uint] / "+" / "?"`: `?` is 0..1, `*` 0.., `+` 1..; `max` null is unbounded. */
export interface Occurrence {
  readonly kind: "occurrence";
  readonly min: bigint;
  readonly max: bigint | null;
  readonly at: Pos;
}

/** `memberkey = type1 S ["^" S] "=>" / bareword S ":" / value S ":"` */
export type MemberKey = TypeKey | BarewordKey | ValueKey;

/** `type1 S ["^" S] "=>"`; `cut` for `^ =>`. */
export interface TypeKey {
  readonly kind: "type-key";
  readonly type: Type1;
  readonly cut: boolean;
  readonly at: Pos;
}

/** `bareword S ":"`, `bareword = id`: the key is the text string of the name. */
export interface BarewordKey {
  readonly kind: "bareword-key";
  readonly name: Name;
  readonly at: Pos;
}

/** `value S ":"` */
export interface ValueKey {
  readonly kind: "value-key";
  readonly value: Value;
  readonly at: Pos;
}

// ---------------------------------------------------------------- result

/** A syntax error, or a literal whose content does not decode (`h'0'`). */
export interface CddlSyntaxError {
  readonly message: string;
  readonly at: Pos;
  /**
   * The rule the error is in, when the line it starts on names it
   * (`name =`): that rule is missing from `rules`, except after a byte
   * string that does not decode, where the rule is kept.
   */
  readonly rule?: string;
}

export interface CddlFile {
  readonly rules: readonly Rule[];
  readonly errors: readonly CddlSyntaxError[];
}
