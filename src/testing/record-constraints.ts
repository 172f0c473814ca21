import type { IRCase, IRMember, IRType, IRVariant } from "../ir/types.js";

/**
 * What a record's own selects and lengths require of its fields, worked out
 * before the fields are drawn (arbitrary-from-ir.ts): a field a select
 * switches on must hold a label of a case (also through a nested path such
 * as `content.sender.sender_type`, which constrains a field of a field), and
 * a field a `[field]` length refers to must stay small.
 */

/** What an enclosing record's selects and lengths require of a value. */
export interface Constraint {
  /** Enum names the value must be one of. */
  readonly labels?: ReadonlySet<string>;
  /** Constraints on fields of a record value. */
  readonly fields?: ReadonlyMap<string, Constraint>;
  /** Upper bound for a uint (a length other fields depend on). */
  readonly maxValue?: number;
}

/**
 * What this record's own selects and lengths require of its fields: a
 * field discriminant must be a label of a case (unless a default case
 * takes anything), a `[field]` length source is kept small.
 */
export function fieldConstraints(
  members: readonly IRMember[],
  name: string | undefined,
  affordable: (m: IRVariant) => readonly IRCase[],
  smallLength: number,
): Map<string, Constraint> {
  const out = new Map<string, Constraint>();
  const add = (path: readonly string[], leaf: Constraint) => {
    const [head, ...rest] = path;
    if (head === undefined) return;
    let c = leaf;
    for (let i = rest.length - 1; i >= 0; i--) c = { fields: new Map([[rest[i]!, c]]) };
    out.set(head, mergeConstraint(out.get(head), c) ?? c);
  };
  const visitType = (t: IRType): void => {
    if (t.kind === "bytes" || t.kind === "text" || t.kind === "vector") {
      const len = t.length;
      if (len.kind === "field") add(len.path, { maxValue: smallLength });
      if (len.kind === "context") {
        const own = ownPathOf(name, len.key);
        if (own) add(own, { maxValue: smallLength });
      }
    }
    if (t.kind === "vector" || t.kind === "optional" || t.kind === "tagged") visitType(t.of);
    if (t.kind === "union") t.options.forEach(visitType);
    if (t.kind === "map") [t.key, t.value].forEach(visitType);
  };
  const visit = (ms: readonly IRMember[]): void => {
    for (const m of ms) {
      if (m.kind === "field") {
        visitType(m.type);
        continue;
      }
      m.cases.forEach((c) => visit(c.members));
      if (m.discriminant.kind !== "field") continue;
      const cases = affordable(m);
      if (cases.some((c) => c.isDefault)) continue;
      add(m.discriminant.path, { labels: new Set(cases.flatMap((c) => c.labels)) });
    }
  };
  visit(members);
  return out;
}

export function mergeConstraint(a: Constraint | undefined, b: Constraint | undefined): Constraint | undefined {
  if (!a || !b) return a ?? b;
  const labels = a.labels && b.labels ? new Set([...a.labels].filter((x) => b.labels!.has(x))) : (a.labels ?? b.labels);
  const maxValue = a.maxValue !== undefined && b.maxValue !== undefined ? Math.min(a.maxValue, b.maxValue) : (a.maxValue ?? b.maxValue);
  const fields = a.fields && b.fields ? mergeFields(new Map(a.fields), b.fields) : (a.fields ?? b.fields);
  return { ...(labels ? { labels } : {}), ...(maxValue !== undefined ? { maxValue } : {}), ...(fields ? { fields } : {}) };
}

export function mergeFields(a: Map<string, Constraint>, b: ReadonlyMap<string, Constraint> | undefined): Map<string, Constraint> {
  if (b) for (const [k, c] of b) a.set(k, mergeConstraint(a.get(k), c)!);
  return a;
}

/** Omittable fields that some required field follows (in member order, cases included). */
export function omittablesBeforeRequired(members: readonly IRMember[]): Set<string> {
  const flat: Array<{ name: string; omittable: boolean }> = [];
  const walk = (ms: readonly IRMember[]): void => {
    for (const m of ms) {
      if (m.kind === "field") flat.push({ name: m.name, omittable: m.omittable === true });
      else m.cases.forEach((c) => walk(c.members));
    }
  };
  walk(members);
  const out = new Set<string>();
  flat.forEach((f, i) => {
    if (f.omittable && flat.slice(i + 1).some((g) => !g.omittable)) out.add(f.name);
  });
  return out;
}

export function getPath(o: unknown, path: readonly string[]): unknown {
  let cur = o;
  // own properties only: a field named `toString` or `__proto__` is the value's, never Object.prototype's
  for (const p of path) cur = cur !== null && typeof cur === "object" && Object.prototype.hasOwnProperty.call(cur, p) ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

/** `[TLSPlaintext.length]` inside TLSPlaintext is the struct's own field, as the codecs read it. */
export function ownPathOf(name: string | undefined, key: string): string[] | null {
  const [head, ...rest] = key.split(".");
  return name !== undefined && head === name && rest.length > 0 ? rest : null;
}
