import type { SourceLoc } from "../diagnostics/index.js";
import type { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRType } from "../ir/types.js";
import type { CompareMode, Finding, FindingKind, FormatVerdicts } from "./finding.js";

/** A type being compared, where it is written (`loc`) and the field or definition that uses it (`use`). */
export interface At {
  readonly t: IRType;
  readonly loc: SourceLoc;
  readonly use: SourceLoc;
  /** The definition `t` is the type of, when a ref led here (named in messages while `t` is unchanged). */
  readonly from?: { readonly t: IRType; readonly name: string };
}

export interface CompareOptions {
  readonly mode: CompareMode;
  /** Match field names case-insensitively (aligning TPL and CDDL: MimiContent ~ mimiContent). */
  readonly ignoreCase?: boolean;
  /** How messages name the two sides; default "left"/"right" (align) or "old"/"new" (evolve). */
  readonly labels?: readonly [string, string];
  /** Whether to compare a pair of referenced definitions here; default: always. */
  readonly descend?: (left: Definition, right: Definition) => boolean;
  /** Every pair of referenced definitions met (before `descend` is asked). */
  readonly onRefPair?: (left: Definition, right: Definition, path: string) => void;
  /** A definition entered structurally (for "compared where used" notes). */
  readonly onEnter?: (side: "left" | "right", def: Definition, path: string) => void;
  /**
   * The field that wrote a type object, per side (field-index.ts): a map
   * built from a TPL vector of key/value structs keeps the struct's field
   * types, so its key and value are located at those fields.
   */
  readonly fieldOf?: { readonly left?: FieldIndex; readonly right?: FieldIndex };
}

export type FieldIndex = (t: IRType) => { readonly loc: SourceLoc; readonly owner: Definition } | undefined;

/**
 * What the parts of the comparison (members, integers) need from the
 * comparer in compare-types.ts.
 */
export interface CompareContext {
  readonly left: TypeScope;
  readonly right: TypeScope;
  readonly opts: CompareOptions;
  /** Labels of the two sides in messages ("TPL"/"CDDL", "old"/"new"). */
  readonly L: string;
  readonly R: string;
  emit(kind: FindingKind, path: string, message: string, left: SourceLoc, right: SourceLoc, formats: FormatVerdicts): void;
  /** The findings a comparison would make, without reporting them. */
  trial(fn: () => void): Finding[];
  types(l: At, r: At, path: string): void;
  typeChanged(l: At, r: At, path: string, detail?: string): void;
  sameName(a: string, b: string): boolean;
  /** Report a definition compared structurally (not in a trial). */
  entered(side: "left" | "right", def: Definition, path: string): void;
}

/** The record (or select arm) whose members are being compared. */
export interface MembersContext {
  readonly path: string;
  /** The record (or arm) on each side: where fields one side lacks are reported. */
  readonly left: SourceLoc;
  readonly right: SourceLoc;
  readonly encoding: "array" | "map";
  /** The members of a select arm (an arm whose only member is a struct is inline in CBOR). */
  readonly arm?: boolean;
}
