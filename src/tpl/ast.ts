/**
 * Typed output of grammar/tpl.peggy. Positions are 1-based line/col inside
 * the code block; the front end maps them into the draft with blockLoc().
 */
export interface Pos {
  readonly line: number;
  readonly col: number;
}

/** Integer expressions in bounds and lengths: `2^16-1`, `0xFFFF`, `Hash.length`. */
export type Expr =
  | { readonly kind: "num"; readonly value: bigint }
  | { readonly kind: "ref"; readonly path: readonly string[] }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "^"; readonly left: Expr; readonly right: Expr };

/** `<a..b>` (TPL: bounds in bytes), `<V>` (RFC 9420 varint), `[n]` fixed, or none. */
export type Suffix =
  | { readonly kind: "none" }
  | { readonly kind: "vector"; readonly min: Expr; readonly max: Expr }
  | { readonly kind: "varvector" }
  | { readonly kind: "fixed"; readonly length: Expr };

export type TypeRef =
  | { readonly kind: "named"; readonly name: string; readonly at: Pos }
  | { readonly kind: "optional"; readonly of: TypeRef; readonly at: Pos }
  | { readonly kind: "inline-struct"; readonly members: readonly Member[]; readonly at: Pos };

export interface Field {
  readonly kind: "field";
  readonly type: TypeRef;
  readonly name: string;
  readonly suffix: Suffix;
  /** Lenient `optional opaque x<V>;`: the suffix belongs inside the optional. */
  readonly innerSuffix?: Suffix;
  /** `= 0x0303` or `= mls10`: the value the draft says the field takes. */
  readonly fixedValue?: Expr;
  readonly at: Pos;
}

/** A case arm that names only a type (`case add: Add;`): its fields are inlined. */
export interface TypeOnly {
  readonly kind: "type-only";
  readonly type: TypeRef;
  readonly at: Pos;
}

export interface CaseLabel {
  readonly name: string | null; // null for `default`
  readonly at: Pos;
}

export interface Arm {
  readonly labels: readonly CaseLabel[];
  readonly members: readonly Member[];
  readonly at: Pos;
}

export interface Select {
  readonly kind: "select";
  readonly path: readonly string[];
  readonly pathAt: Pos;
  readonly arms: readonly Arm[];
  readonly at: Pos;
}

/** `struct {}` / `struct{};` as an arm body: no fields. */
export interface Empty {
  readonly kind: "empty";
  readonly at: Pos;
}

export type Member = Field | TypeOnly | Select | Empty;

export interface EnumEntry {
  readonly name: string;
  readonly value: Expr;
  /** `private_use(0xFE00..0xFFFF)`: a reserved range. */
  readonly upTo?: Expr;
  readonly at: Pos;
}

export interface StructDef {
  readonly kind: "struct";
  readonly name: string;
  /** `optional<T>`'s own definition is generic. */
  readonly params: readonly string[];
  readonly members: readonly Member[];
  readonly at: Pos;
  readonly nameAt: Pos;
}

export interface EnumDef {
  readonly kind: "enum";
  readonly name: string;
  readonly entries: readonly EnumEntry[];
  /** `(255)`: the largest value, which fixes the wire width. */
  readonly max?: Expr;
  readonly at: Pos;
  readonly nameAt: Pos;
}

/** `opaque MAC<V>;`, `uint16 WireFormat;`, `FrankAAD frank_aad;` */
export interface AliasDef {
  readonly kind: "alias";
  readonly name: string;
  readonly type: TypeRef;
  readonly suffix: Suffix;
  readonly at: Pos;
  readonly nameAt: Pos;
}

/** Text that is not TPL (pseudocode, prose) kept so the front end can report it. */
export interface Junk {
  readonly kind: "junk";
  readonly text: string;
  readonly at: Pos;
}

export type Statement = StructDef | EnumDef | AliasDef | Junk;

/** A spot where the block departs from strict TPL but the meaning is clear. */
export interface Deviation {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
  readonly at: Pos;
}

/** What stops a block from being parsed at all (nesting beyond maxNesting). */
export interface TplError {
  readonly message: string;
  readonly at: Pos;
}

export interface TplFile {
  readonly statements: readonly Statement[];
  readonly deviations: readonly Deviation[];
  /** Empty unless the block could not be parsed; then there are no statements. */
  readonly errors: readonly TplError[];
}
