import type { Rule } from "../cddl/ast.js";
import type { SourceLoc } from "../diagnostics/index.js";
import { writePortableSchema, type PortableSchema } from "../runtime/cddl/portable-schema.js";
import type { RulePart, RuleSet, SchemaRule } from "../runtime/cddl/rule-set.js";

/**
 * The rules of a document as the CDDL validator reads them, and the part of
 * them one rule reaches as a portable schema: what a validated generic
 * codec embeds.
 */
export function ruleSetOf(rules: ReadonlyArray<{ readonly rule: Rule; readonly locate: (at: { line: number; col: number }) => SourceLoc }>, prelude: readonly Rule[]): RuleSet {
  const building = new Map<string, { name: string; kind: "type" | "group"; params: string[]; parts: RulePart[]; loc: SourceLoc; prelude: boolean }>();
  const add = (rule: Rule, locate: (at: { line: number; col: number }) => SourceLoc, isPrelude: boolean) => {
    const name = rule.name.name;
    const part: RulePart = { rule, locate };
    const have = building.get(name);
    if (!have) {
      building.set(name, { name, kind: rule.kind === "type-rule" ? "type" : "group", params: rule.params.map((p) => p.name), parts: [part], loc: locate(rule.name.at), prelude: isPrelude });
      return;
    }
    if (have.prelude && !isPrelude) return; // a document's own rule of a prelude name is reported elsewhere; keep the prelude's
    if (rule.assign === "=") have.parts.unshift(part);
    else have.parts.push(part);
  };
  for (const r of prelude) add(r, (at) => ({ file: "<prelude>", line: at.line, col: at.col }), true);
  for (const r of rules) add(r.rule, r.locate, false);
  const out = new Map<string, SchemaRule>();
  for (const [name, r] of building) out.set(name, { ...r, locate: r.parts[0]!.locate });
  return { rules: out };
}

/** The rule and every rule a name in it leads to, as a portable schema rooted at it. Iterative: rules come from drafts. */
export function portableSchemaOf(rules: RuleSet, root: string): PortableSchema {
  const seen = new Set<string>();
  const queue = [root];
  seen.add(root);
  for (let i = 0; i < queue.length; i++) {
    for (const part of rules.rules.get(queue[i]!)?.parts ?? []) {
      const stack: unknown[] = [part.rule];
      while (stack.length > 0) {
        const v = stack.pop();
        if (v === null || typeof v !== "object") continue;
        if (Array.isArray(v)) {
          for (const x of v as unknown[]) stack.push(x); // not push(...v): drafts make arrays longer than a call takes arguments
          continue;
        }
        const o = v as { readonly kind?: unknown; readonly name?: { readonly name?: unknown } };
        if ((o.kind === "ref" || o.kind === "unwrap" || o.kind === "choice-of-ref") && typeof o.name?.name === "string" && !seen.has(o.name.name) && rules.rules.has(o.name.name)) {
          seen.add(o.name.name);
          queue.push(o.name.name);
        }
        for (const x of Object.values(v)) if (x !== null && typeof x === "object") stack.push(x);
      }
    }
  }
  return writePortableSchema(rules, [...rules.rules.keys()].filter((n) => seen.has(n)), root);
}
