/**
 * A shortcut for the commonest references: names that finally stand for
 * major types or integer literals (`int`, `tstr`, `bool`, `nullpart = 0`)
 * are tested with one predicate instead of a walk through the prelude.
 * Only a success is taken from the shortcut; a failure is matched again
 * the long way, which builds the message.
 */
import type { Type } from "./ast.js";
import type { CborItem } from "../index.js";
import type { Alt, Env, ResolvedType } from "./matcher.js";
import { stripParens } from "./resolve.js";

export type Predicate = (item: CborItem) => boolean;

const KIND: readonly CborItem["type"][] = ["uint", "nint", "bytes", "text", "array", "map", "tag"];

/** A predicate equivalent to matching the alternatives, or null when there is none this simple. */
export function fastPredicate(r: ResolvedType, resolve: (node: Extract<Type, { kind: "ref" }>, env: Env) => ResolvedType, depth = 0): Predicate | null {
  if (r.kind !== "type" || depth > 8) return null;
  const preds: Predicate[] = [];
  for (const alt of r.alts) {
    const p = altPredicate(alt, resolve, depth);
    if (!p) return null;
    preds.push(p);
  }
  if (preds.length === 1) return preds[0]!;
  return (item) => preds.some((p) => p(item));
}

function altPredicate(alt: Alt, resolve: (node: Extract<Type, { kind: "ref" }>, env: Env) => ResolvedType, depth: number): Predicate | null {
  const node = stripParens(alt.node);
  switch (node.kind) {
    case "major": {
      if (node.ai === null) {
        if (node.major === 7) return (item) => item.type === "simple" || item.type === "float";
        const kind = KIND[node.major];
        return (item) => item.type === kind;
      }
      if (node.major === 7 && node.ai.kind === "int" && node.ai.value >= 20n && node.ai.value <= 23n) {
        const v = Number(node.ai.value);
        return (item) => item.type === "simple" && item.value === v;
      }
      return null;
    }
    case "int": {
      const v = node.value;
      return (item) => (item.type === "uint" || item.type === "nint") && item.value === v;
    }
    case "ref":
      return fastPredicate(resolve(node, alt.env), resolve, depth + 1);
    default:
      return null;
  }
}
