import type { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRMember, IRType, Length } from "../ir/types.js";

/**
 * What the value generator (arbitrary-from-ir.ts) must know about the
 * definitions a root type reaches, worked out once per arbitrary:
 *
 * - which definitions are recursive (can contain themselves), so the
 *   generator can bound their nesting;
 * - for every definition, how many entries into recursive definitions a
 *   value needs at least (`cost`), so that when the nesting budget is spent
 *   it can pick the optional/vector/case/option that leads out;
 * - which `Struct.field` values the generated codecs publish to the codec
 *   context (the keys context-discriminated selects read, plus aliases),
 *   mirroring makeGenContext in src/codegen/gen-context.ts.
 *
 * Refs resolve in the document that wrote them: an unqualified ref inside
 * an imported document's definition means that document's own type.
 */

/** A definition as reached from the root, with the document its unqualified refs resolve in. */
export interface Resolved {
  readonly def: Definition;
  /** undefined = the scope's own document. */
  readonly doc: string | undefined;
  readonly id: string;
}

export class IrPlan {
  private readonly byId = new Map<string, Resolved>();
  private readonly recursiveIds = new Set<string>();
  private readonly costs = new Map<string, number>();
  /** `Struct.field` keys the codecs publish to the context (discriminant keys and their aliases). */
  readonly publishedKeys = new Set<string>();

  constructor(
    private readonly scope: TypeScope,
    root: IRType,
    readonly contextAliases: Readonly<Record<string, string>>,
  ) {
    this.collect(root, undefined);
    this.findRecursive();
    this.computeCosts();
    for (const k of [...this.publishedKeys]) {
      const alias = contextAliases[k];
      if (alias) this.publishedKeys.add(alias);
    }
  }

  /** Follow one ref written in document `doc` (undefined: the scope's own); generated code qualifies cross-document refs. */
  resolve(name: string, document: string | undefined, doc: string | undefined): Resolved | undefined {
    const home = document ?? doc;
    const def = (home !== undefined ? this.scope.definition(name, home) : undefined) ?? this.scope.definition(name);
    if (!def) return undefined;
    const id = `${home ?? "."}#${def.name}`;
    const known = this.byId.get(id);
    if (known) return known;
    const r: Resolved = { def, doc: home, id };
    this.byId.set(id, r);
    return r;
  }

  /** Follow refs (through aliases) to the type that decides the encoding, with the document it sits in. */
  underlying(t: IRType, doc: string | undefined): { type: IRType; doc: string | undefined } {
    let cur = t;
    let where = doc;
    for (let i = 0; i < 64 && cur.kind === "ref"; i++) {
      const r = this.resolve(cur.name, cur.document, where);
      if (!r) break;
      cur = r.def.type;
      where = r.doc;
    }
    return { type: cur, doc: where };
  }

  isRecursive(r: Resolved): boolean {
    return this.recursiveIds.has(r.id);
  }

  /** Least number of entries into recursive definitions a value of `t` needs (Infinity: none is finite). */
  cost(t: IRType, doc: string | undefined): number {
    switch (t.kind) {
      case "ref": {
        const r = this.resolve(t.name, t.document, doc);
        if (!r) return Infinity;
        return (this.isRecursive(r) ? 1 : 0) + (this.costs.get(r.id) ?? Infinity);
      }
      case "record":
        return this.membersCost(t.members, doc);
      case "vector":
        return lengthNeedsContent(t.length) ? this.cost(t.of, doc) : 0;
      case "map":
        return t.min > 0 ? this.cost(t.key, doc) + this.cost(t.value, doc) : 0;
      case "union":
        return Math.min(...t.options.map((o) => this.cost(o, doc)));
      case "tagged":
        return this.cost(t.of, doc);
      default:
        return 0;
    }
  }

  membersCost(members: readonly IRMember[], doc: string | undefined): number {
    let n = 0;
    for (const m of members) {
      if (m.kind === "field") n += m.omittable ? 0 : this.cost(m.type, doc);
      else n += Math.min(...m.cases.map((c) => this.membersCost(c.members, doc)));
    }
    return n;
  }

  private collect(t: IRType, doc: string | undefined): void {
    const stack: Array<[IRType, string | undefined]> = [[t, doc]];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const [cur, d] = stack.pop()!;
      for (const [ref, refDoc] of childRefs(cur, d)) {
        const r = this.resolve(ref.name, ref.document, refDoc);
        if (!r || seen.has(r.id)) continue;
        seen.add(r.id);
        stack.push([r.def.type, r.doc]);
      }
      if (cur.kind === "record") this.noteContextKeys(cur.members);
    }
  }

  private noteContextKeys(members: readonly IRMember[]): void {
    for (const m of members) {
      if (m.kind !== "variant") continue;
      if (m.discriminant.kind === "context") this.publishedKeys.add(m.discriminant.key);
      for (const c of m.cases) this.noteContextKeys(c.members);
    }
  }

  private edges(r: Resolved): string[] {
    return childRefs(r.def.type, r.doc)
      .map(([ref, d]) => this.resolve(ref.name, ref.document, d)?.id)
      .filter((x): x is string => x !== undefined);
  }

  private findRecursive(): void {
    for (const r of [...this.byId.values()]) {
      const seen = new Set<string>();
      const stack = this.edges(r);
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (id === r.id) {
          this.recursiveIds.add(r.id);
          break;
        }
        if (seen.has(id)) continue;
        seen.add(id);
        const next = this.byId.get(id);
        if (next) stack.push(...this.edges(next));
      }
    }
  }

  /** Fixpoint from Infinity: a definition's cost is that of its type. */
  private computeCosts(): void {
    for (const r of this.byId.values()) this.costs.set(r.id, Infinity);
    for (let round = 0; round < 100; round++) {
      let changed = false;
      for (const r of this.byId.values()) {
        const c = this.cost(r.def.type, r.doc);
        if (c < this.costs.get(r.id)!) {
          this.costs.set(r.id, c);
          changed = true;
        }
      }
      if (!changed) break;
    }
  }
}

/** Does the framing force at least one element (a minimum above zero)? */
export function lengthNeedsContent(len: Length): boolean {
  switch (len.kind) {
    case "varint":
    case "prefixed":
    case "count":
      return len.min > 0;
    case "fixed":
      return len.bytes > 0;
    default:
      return false;
  }
}

/** The refs directly inside a type (not through other refs), with the document they resolve in. */
function childRefs(t: IRType, doc: string | undefined): Array<[IRType & { kind: "ref" }, string | undefined]> {
  const out: Array<[IRType & { kind: "ref" }, string | undefined]> = [];
  const visit = (x: IRType): void => {
    switch (x.kind) {
      case "ref":
        out.push([x, doc]);
        return;
      case "optional":
      case "vector":
      case "tagged":
        visit(x.of);
        return;
      case "map":
        visit(x.key);
        visit(x.value);
        return;
      case "union":
        x.options.forEach(visit);
        return;
      case "record":
        visitMembers(x.members);
        if (x.rest) {
          visit(x.rest.key);
          visit(x.rest.value);
        }
        return;
      default:
        return;
    }
  };
  const visitMembers = (ms: readonly IRMember[]): void => {
    for (const m of ms) {
      if (m.kind === "field") visit(m.type);
      else m.cases.forEach((c) => visitMembers(c.members));
    }
  };
  visit(t);
  return out;
}
