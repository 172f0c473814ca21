/**
 * The portable schema: the rules a validation needs, as JSON data that a
 * generated module can embed and the runtime can read back without the
 * compiler. Each rule part is the parser's AST (ast.ts) with its source
 * text left out, every position written as a `file:line:col` string (so
 * mismatches still point into the draft), integers as decimal strings and
 * non-finite floats as "Infinity" / "-Infinity".
 */
import type { Pos } from "./ast.js";
import { CddlSchemaError } from "./match-rule.js";
import type { CddlLocation } from "./mismatch.js";
import type { RuleBody, RulePart, RuleSet, SchemaRule } from "./rule-set.js";

export const PORTABLE_SCHEMA_FORMAT = "mimi-codec/cddl-schema/1";

export interface PortableSchema {
  readonly format: typeof PORTABLE_SCHEMA_FORMAT;
  /** The rule the schema was made for; every rule it reaches is included, the prelude's too. */
  readonly root: string;
  readonly rules: readonly PortableRule[];
}

export interface PortableRule {
  readonly name: string;
  readonly kind: "type" | "group";
  readonly params: readonly string[];
  readonly prelude: boolean;
  /** `file:line:col` of the rule's name. */
  readonly loc: string;
  /** The `=` definition first, then the `/=` / `//=` ones: AST data as described above. */
  readonly parts: readonly PortableObject[];
}

export type PortableValue = string | number | boolean | null | PortableObject | readonly PortableValue[];
export interface PortableObject {
  readonly [key: string]: PortableValue;
}

/** `rules` (by name, in order) as a portable schema rooted at `root`. */
export function writePortableSchema(rules: RuleSet, names: Iterable<string>, root: string): PortableSchema {
  const out: PortableRule[] = [];
  for (const name of names) {
    const r = rules.rules.get(name);
    if (!r) continue;
    out.push({
      name: r.name,
      kind: r.kind,
      params: [...r.params],
      prelude: r.prelude,
      loc: formatLocation(r.loc),
      parts: r.parts.map((p) => writeNode(p.rule, p.locate) as PortableObject),
    });
  }
  return { format: PORTABLE_SCHEMA_FORMAT, root, rules: out };
}

function writeNode(v: unknown, locate: (at: Pos) => CddlLocation): PortableValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map((x: unknown) => writeNode(x, locate));
  const o = v as Record<string, unknown>;
  const rule = o["kind"] === "type-rule" || o["kind"] === "group-rule";
  const out: Record<string, PortableValue> = {};
  for (const key of Object.keys(o)) {
    if (rule && key === "text") continue; // the source text stays with the compiler
    out[key] = key === "at" ? formatLocation(locate(o[key] as Pos)) : writeNode(o[key], locate);
  }
  return out;
}

export function formatLocation(loc: CddlLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

const cache = new WeakMap<PortableSchema, RuleSet>();

/** The rules of a portable schema, ready for matchRule(); read once per schema object. */
export function readPortableSchema(schema: PortableSchema): RuleSet {
  let rules = cache.get(schema);
  if (!rules) {
    if (schema === null || typeof schema !== "object" || schema.format !== PORTABLE_SCHEMA_FORMAT || !Array.isArray(schema.rules)) {
      throw new CddlSchemaError(`not a portable CDDL schema (format ${PORTABLE_SCHEMA_FORMAT})`);
    }
    const map = new Map<string, SchemaRule>();
    for (const r of schema.rules) map.set(r.name, readRule(r));
    rules = { rules: map };
    cache.set(schema, rules);
  }
  return rules;
}

/** Positions read back are locations themselves: a location is a Pos with a file. */
function locateRead(at: Pos): CddlLocation {
  return "file" in at ? (at as CddlLocation) : { file: "<unknown>", line: at.line, col: at.col };
}

function readRule(r: PortableRule): SchemaRule {
  const parts: RulePart[] = r.parts.map((p) => ({ rule: readNode(p) as RuleBody, locate: locateRead }));
  return { name: r.name, kind: r.kind, params: r.params, parts, loc: parseLocation(r.loc), prelude: r.prelude, locate: locateRead };
}

function readNode(v: PortableValue): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(readNode);
  const o = v as PortableObject;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) out[key] = key === "at" ? parseLocation(o[key] as string) : readNode(o[key] as PortableValue);
  switch (o["kind"]) {
    case "int":
      out["value"] = BigInt(o["value"] as string);
      break;
    case "occurrence":
      out["min"] = BigInt(o["min"] as string);
      out["max"] = o["max"] === null ? null : BigInt(o["max"] as string);
      break;
    case "float":
      out["value"] = Number(o["value"]);
      break;
  }
  return out;
}

/** `file:line:col`, the file possibly holding colons itself. */
function parseLocation(s: string): CddlLocation {
  const m = typeof s === "string" ? /^(.*):(\d+):(\d+)$/s.exec(s) : null;
  if (!m) throw new CddlSchemaError(`not a portable CDDL schema: bad location ${JSON.stringify(s)}`);
  return { file: m[1]!, line: Number(m[2]), col: Number(m[3]) };
}
