import { expect } from "vitest";
import type { Rule, Type } from "../../src/cddl/ast.js";
import { parseCddl } from "../../src/cddl/parse-cddl.js";

/** The AST without positions and source text, for comparing shapes. */
export function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== "at" && k !== "text") out[k] = strip(v);
  return out;
}

/** Parses text that must have no errors. */
export function rulesOf(text: string): readonly Rule[] {
  const file = parseCddl(text);
  expect(file.errors).toEqual([]);
  return file.rules;
}

/** The right-hand side of `x = <type>`, without positions. */
export function typeOf(type: string): unknown {
  const [rule] = rulesOf(`x = ${type}`);
  if (rule?.kind !== "type-rule") throw new Error(`x = ${type} is not a type rule`);
  return strip(rule.type);
}

/** Same, keeping positions. */
export function typeAt(type: string): Type {
  const [rule] = rulesOf(`x = ${type}`);
  if (rule?.kind !== "type-rule") throw new Error(`x = ${type} is not a type rule`);
  return rule.type;
}

/** The entries of `x = [ <group> ]`, without positions. */
export function entriesOf(group: string): unknown {
  const t = typeOf(`[${group}]`) as { group: { choices: { entries: unknown[] }[] } };
  expect(t.group.choices).toHaveLength(1);
  return t.group.choices[0]?.entries;
}

// Shorthands for expected shapes.
export const ref = (name: string, args: unknown[] = []) => ({ kind: "ref", name: { name }, args });
export const int = (value: bigint, raw = String(value)) => ({ kind: "int", value, raw });
export const text = (value: string) => ({ kind: "text", value });
export const member = (type: unknown, key: unknown = null, occurrence: unknown = null) => ({ kind: "member", occurrence, key, type });
export const bare = (name: string) => ({ kind: "bareword-key", name: { name } });
export const occ = (min: bigint, max: bigint | null) => ({ kind: "occurrence", min, max });
export const group = (...choices: unknown[][]) => ({ kind: "group", choices: choices.map((entries) => ({ kind: "group-choice", entries })) });
