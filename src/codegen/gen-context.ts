import { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRDocument, IRMember, IRType } from "../ir/types.js";

/** What every generator needs to know about the document being emitted. */
export interface GenContext {
  readonly doc: IRDocument;
  readonly scope: TypeScope;
  /** The definitions that are emitted (broken ones left out). */
  readonly definitions: readonly Definition[];
  /** `Struct.field` keys that selects elsewhere read from the codec context. */
  readonly contextKeys: ReadonlySet<string>;
  /** Context key -> a key that may stand in for it. */
  readonly contextAliases: Readonly<Record<string, string>>;
  /** Definitions that can contain themselves; their decoders count nesting depth. */
  readonly recursive: ReadonlySet<string>;
  /** Enums whose CBOR codec has its own name/wire look-ups (their CBOR rules differ from the TPL's). */
  readonly ownEnumLookups: ReadonlySet<string>;
}

export function makeGenContext(
  doc: IRDocument,
  imports: readonly IRDocument[],
  broken: ReadonlySet<string>,
  contextAliases: Readonly<Record<string, string>>,
  ownEnumLookups: ReadonlySet<string> = new Set(),
): GenContext {
  const definitions = doc.definitions.filter((d) => !broken.has(d.name));
  const contextKeys = new Set<string>();
  const walk = (members: readonly IRMember[]) => {
    for (const m of members) {
      if (m.kind === "variant") {
        if (m.discriminant.kind === "context") contextKeys.add(m.discriminant.key);
        m.cases.forEach((c) => walk(c.members));
      }
    }
  };
  for (const d of definitions) if (d.type.kind === "record") walk(d.type.members);
  for (const k of [...contextKeys]) {
    const alias = contextAliases[k];
    if (alias) contextKeys.add(alias);
  }
  return { doc, scope: new TypeScope(doc.definitions, imports), definitions, contextKeys, contextAliases, recursive: findRecursive(definitions), ownEnumLookups };
}

/** Import binding for another generated document: `mimi-protocol-06` -> `mimi_protocol_06`. */
export function importName(document: string): string {
  return document.replace(/[^A-Za-z0-9_]/g, "_");
}

/** How generated code names a definition: local, or through its document's import. */
export function qualified(ref: { name: string; document?: string }, prefix = ""): string {
  return ref.document ? `${importName(ref.document)}.${prefix}${ref.name}` : `${prefix}${ref.name}`;
}

function findRecursive(definitions: readonly Definition[]): Set<string> {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const out = new Set<string>();
  for (const d of definitions) {
    const seen = new Set<string>();
    const stack = refsOf(d.type);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n === d.name) {
        out.add(d.name);
        break;
      }
      if (seen.has(n)) continue;
      seen.add(n);
      const t = byName.get(n);
      if (t) stack.push(...refsOf(t.type));
    }
  }
  return out;
}

function refsOf(t: IRType): string[] {
  switch (t.kind) {
    case "ref":
      return t.document ? [] : [t.name];
    case "optional":
    case "vector":
      return refsOf(t.of);
    case "record":
      return t.members.flatMap((m) => (m.kind === "field" ? refsOf(m.type) : m.cases.flatMap((c) => refsOf({ kind: "record", members: c.members }))));
    default:
      return [];
  }
}
