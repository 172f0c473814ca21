import { writePortableSchema, type PortableSchema } from "../runtime/cddl/index.js";
import { SchemaError, type CddlSchema } from "./schema.js";
import { suggestRules } from "./validate.js";

/**
 * The part of `schema` that validating against `rule` can reach (the rule,
 * every rule a name in it leads to, the prelude rules among them), as a
 * portable schema the runtime's validateItem() reads: JSON data, without
 * source text, positions as `file:line:col`.
 */
export function toPortableSchema(schema: CddlSchema, rule: string): PortableSchema {
  if (!schema.rules.has(rule)) {
    const near = suggestRules(schema, rule);
    throw new SchemaError(`${schema.name} has no rule ${rule}${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`);
  }
  const queue: string[] = [];
  const seen = new Set<string>();
  const reach = (name: string): void => {
    if (seen.has(name) || !schema.rules.has(name)) return;
    seen.add(name);
    queue.push(name);
  };
  reach(rule);
  for (let i = 0; i < queue.length; i++) {
    for (const part of schema.rules.get(queue[i]!)!.parts) namesIn(part.rule, reach);
  }
  // in the schema's order: the document's rules, then the prelude's
  return writePortableSchema(
    schema,
    [...schema.rules.keys()].filter((n) => seen.has(n)),
    rule,
  );
}

/** Every rule name an AST node uses (references, `~name`, `&name`, generic arguments), found without recursion. */
function namesIn(root: object, found: (name: string) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (const x of v as unknown[]) stack.push(x); // not push(...v): drafts make arrays longer than a call takes arguments
      continue;
    }
    const o = v as { readonly kind?: unknown; readonly name?: { readonly name?: unknown } };
    if ((o.kind === "ref" || o.kind === "unwrap" || o.kind === "choice-of-ref") && typeof o.name?.name === "string") found(o.name.name);
    for (const x of Object.values(v)) if (x !== null && typeof x === "object") stack.push(x);
  }
}
