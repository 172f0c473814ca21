import type { IRMember, IRType } from "./types.js";

/**
 * The one IR walker. Every pass that needs "the types inside this type"
 * (references, recursion, hoisting checks) asks here, so a new IR kind is
 * taught once and no pass forgets the inside of a union, map or tag.
 */

/** The types directly inside `t` (not following references), members' types included. */
export function childTypes(t: IRType): IRType[] {
  switch (t.kind) {
    case "checked":
      return [t.of, ...t.checks.flatMap((c) => (c.op === "cbor" || c.op === "also" ? [c.type] : []))];
    case "optional":
    case "vector":
    case "tagged":
      return [t.of];
    case "map":
      return [t.key, t.value];
    case "union":
      return [...t.options];
    case "record": {
      const out = memberTypes(t.members);
      if (t.rest) out.push(t.rest.key, t.rest.value);
      return out;
    }
    case "literal":
    case "uint":
    case "int":
    case "bool":
    case "null":
    case "float":
    case "validated":
    case "any":
    case "bytes":
    case "text":
    case "ref":
    case "enum":
      return [];
  }
}

/** The types of every field of a member list, through the cases of its selects. */
export function memberTypes(members: readonly IRMember[]): IRType[] {
  const out: IRType[] = [];
  const stack = [...members].reverse();
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (m.kind === "field") out.push(m.type);
    else {
      for (let i = m.cases.length - 1; i >= 0; i--) {
        const ms = m.cases[i]!.members;
        for (let j = ms.length - 1; j >= 0; j--) stack.push(ms[j]!); // not push(...): a case may have more members than a call takes arguments
      }
    }
  }
  return out;
}

/** `t` and every type inside it, depth first, without recursion (IR nesting comes from drafts). */
export function* everyType(t: IRType): Generator<IRType> {
  const stack: IRType[] = [t];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    yield cur;
    const kids = childTypes(cur);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** The references inside `t`, in order; `local` keeps only those to this document's definitions. */
export function refsIn(t: IRType, which: "all" | "local" = "all"): Array<IRType & { kind: "ref" }> {
  const out: Array<IRType & { kind: "ref" }> = [];
  for (const x of everyType(t)) if (x.kind === "ref" && (which === "all" || !x.document)) out.push(x);
  return out;
}

/** Names of this document's definitions that `t` refers to. */
export function localRefNames(t: IRType): string[] {
  return refsIn(t, "local").map((r) => r.name);
}

/**
 * Definitions that can contain themselves (through any chain of references):
 * their decoders and encoders count nesting depth. A definition is recursive
 * when its strongly connected component has a cycle; Tarjan's algorithm,
 * iterative, so thousands of definitions cost linear time and no stack.
 */
export function findRecursive(definitions: ReadonlyArray<{ readonly name: string; readonly type: IRType }>): Set<string> {
  const refs = new Map(definitions.map((d) => [d.name, [...new Set(localRefNames(d.type))].filter((n) => n !== undefined)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out = new Set<string>();
  let next = 0;
  for (const root of refs.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const kids = refs.get(top.node) ?? [];
      if (top.i < kids.length) {
        const k = kids[top.i++]!;
        if (!refs.has(k)) continue;
        if (!index.has(k)) {
          index.set(k, next);
          low.set(k, next++);
          stack.push(k);
          onStack.add(k);
          work.push({ node: k, i: 0 });
        } else if (onStack.has(k)) low.set(top.node, Math.min(low.get(top.node)!, index.get(k)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) !== index.get(top.node)) continue;
      const component: string[] = [];
      for (;;) {
        const n = stack.pop()!;
        onStack.delete(n);
        component.push(n);
        if (n === top.node) break;
      }
      if (component.length > 1 || (refs.get(top.node) ?? []).includes(top.node)) for (const n of component) out.add(n);
    }
  }
  return out;
}
