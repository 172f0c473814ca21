/**
 * What the matcher needs of a CDDL schema: the rules by name, each with
 * its `=` / `/=` / `//=` parts and a way to locate their positions. The
 * compiler's CddlSchema (src/validate/schema.ts) is one; a PortableSchema
 * read back from JSON (portable-schema.ts) is another.
 */
import type { GroupRule, Pos, TypeRule } from "./ast.js";
import type { CddlLocation } from "./mismatch.js";

/** A rule definition as the matcher reads it: the parser's, without its source text. */
export type RuleBody = Omit<TypeRule, "text"> | Omit<GroupRule, "text">;

/** One `=`, `/=` or `//=` definition of a rule, with the way to locate its positions. */
export interface RulePart {
  readonly rule: RuleBody;
  /** Position in the rule -> `file:line:col` in the document. */
  readonly locate: (at: Pos) => CddlLocation;
}

/**
 * A rule with all its parts: the `=` definition (if any) first, then the
 * `/=` / `//=` extensions in document order. A socket (`$name`, `$$name`)
 * may have extensions only.
 */
export interface SchemaRule {
  readonly name: string;
  readonly kind: "type" | "group";
  /** Generic parameters of the `=` definition. */
  readonly params: readonly string[];
  readonly parts: readonly RulePart[];
  /** Where the rule's name is first written. */
  readonly loc: CddlLocation;
  /** True for the rules of the RFC 8610 prelude. */
  readonly prelude: boolean;
  /** Map any position inside this rule's first part to `file:line:col`. */
  readonly locate: (at: Pos) => CddlLocation;
}

export interface RuleSet {
  /** Every rule, the document's and the prelude's. */
  readonly rules: ReadonlyMap<string, SchemaRule>;
}
