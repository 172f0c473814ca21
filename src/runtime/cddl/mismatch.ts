/** A place in a CDDL document: file, 1-based line and column (structurally the compiler's SourceLoc). */
export interface CddlLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/**
 * How bad a finding is: an `error` means the item does not match; a
 * `warning` is a check that could not be made (an unknown control
 * operator, an unsupported regexp feature); a `note` is information (a
 * `.feature` the item uses).
 */
export type MismatchSeverity = "error" | "warning" | "note";

/**
 * One way a CBOR item fails (or may fail) a CDDL rule.
 *
 * `path` says where in the item, in this notation:
 * - it starts with the name of the rule validated against (`mimiContent`);
 * - `[i]` steps into element i (0-based) of an array;
 * - `.name` labels the item just reached with the member name the CDDL
 *   gives it (`salt: bstr` in an array), so `mimiContent[6].nestedPart[3]`
 *   is element 3 of element 6 (which the CDDL calls nestedPart);
 * - `{key}` steps into the entry of a map with that key, written like EDN
 *   (`{1}`, `{"senderUri"}`, `{h'01'}`); a finding about the key itself
 *   has the same path and says "key" in its message;
 * - `#6.n` steps into the content of a tag n;
 * - `<cbor>` steps into the item a `.cbor` byte string holds, `<cborseq>`
 *   into the array of the items a `.cborseq` byte string holds.
 */
export interface Mismatch {
  readonly path: string;
  /** Byte offset of the item (or map key) in the input, when the item was decoded from bytes. */
  readonly offset?: number;
  readonly message: string;
  /** The CDDL construct that is violated: a rule, a member, a control operator. */
  readonly cddl: CddlLocation;
  readonly severity: MismatchSeverity;
}

/** True when no finding is an error. */
export function isValid(mismatches: readonly Mismatch[]): boolean {
  return !mismatches.some((m) => m.severity === "error");
}
