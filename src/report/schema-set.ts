/**
 * Documents by name, each with its IR and the scope that names its own and
 * its imports' definitions, for walking a value alongside its type
 * (ir-walk.ts). Where the IR comes from is the loader's business: the
 * checked-in schemas/ (schemas.ts) or, in the playground, what the page
 * embeds or compiles. No file access here.
 */
import { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRDocument, IRMember, IRType } from "../ir/types.js";

/** What a loader gives for one document: its IR (each codec's, for a merged one) and its context aliases. */
export interface SchemaSource {
  readonly doc: IRDocument;
  readonly wire?: { readonly tpl: IRDocument; readonly cbor: IRDocument };
  readonly contextAliases?: Readonly<Record<string, string>>;
}

export interface SchemaDocument {
  readonly name: string;
  readonly doc: IRDocument;
  /** names this document's own definitions and its imports */
  readonly scope: TypeScope;
  /** context key -> a key that may stand in for it (schemas/<doc>.config.json) */
  readonly contextAliases: Readonly<Record<string, string>>;
}

/** Documents by name, each loaded once per set. */
export class SchemaDocuments {
  private readonly docs = new Map<string, SchemaDocument>();

  constructor(private readonly load: (name: string) => SchemaSource) {}

  document(name: string): SchemaDocument {
    const have = this.docs.get(name);
    if (have) return have;
    const source = this.load(name);
    const doc = source.wire ? walkDocument(source.wire.tpl, source.wire.cbor) : source.doc;
    const imports = doc.imports.map((i) => this.document(i).doc);
    const loaded: SchemaDocument = { name, doc, scope: new TypeScope(doc.definitions, imports), contextAliases: source.contextAliases ?? {} };
    this.docs.set(name, loaded);
    return loaded;
  }

  /** A definition and the document that defines it, seen from `from`. */
  resolve(from: SchemaDocument, name: string, document?: string): { def: Definition; doc: SchemaDocument } {
    if (document) {
      const doc = this.document(document);
      const def = doc.scope.definition(name);
      if (!def) throw new Error(`${document} has no definition ${name}`);
      return { def, doc };
    }
    const local = from.doc.definitions.find((d) => d.name === name);
    if (local) return { def: local, doc: from };
    for (const i of from.doc.imports) {
      const doc = this.document(i);
      const def = doc.doc.definitions.find((d) => d.name === name);
      if (def) return { def, doc };
    }
    throw new Error(`${from.name} has no definition ${name}`);
  }
}

/**
 * A merged document (mimi-content-03) has one IR per codec, of one shape:
 * the TPL one's framing and widths, and the tags only its CBOR codec writes.
 * The walk charges both formats from this one IR.
 */
function walkDocument(tpl: IRDocument, cbor: IRDocument): IRDocument {
  return {
    ...tpl,
    definitions: tpl.definitions.map((d) => {
      const c = cbor.definitions.find((x) => x.name === d.name);
      return c ? { ...d, type: withCborTags(d.type, c.type) } : d;
    }),
  };
}

function withCborTags(t: IRType, c: IRType): IRType {
  if (c.kind === "tagged" && t.kind !== "tagged") return { kind: "tagged", tag: c.tag, of: withCborTags(t, c.of) };
  if (t.kind === "tagged" && c.kind !== "tagged") return withCborTags(t.of, c);
  if (t.kind !== c.kind) return t;
  switch (t.kind) {
    case "tagged":
    case "optional":
    case "vector":
      return { ...t, of: withCborTags(t.of, (c as typeof t).of) } as IRType;
    case "map":
      return { ...t, key: withCborTags(t.key, (c as typeof t).key), value: withCborTags(t.value, (c as typeof t).value) };
    case "union":
      return { ...t, options: t.options.map((o, i) => ((c as typeof t).options[i] ? withCborTags(o, (c as typeof t).options[i]!) : o)) };
    case "record":
      return { ...t, members: membersWithCborTags(t.members, (c as typeof t).members) };
    default:
      return t;
  }
}

function membersWithCborTags(t: readonly IRMember[], c: readonly IRMember[]): IRMember[] {
  return t.map((m, i) => {
    const o = c[i];
    if (!o) return m;
    if (m.kind === "field" && o.kind === "field") return { ...m, type: withCborTags(m.type, o.type) };
    if (m.kind === "variant" && o.kind === "variant") return { ...m, cases: m.cases.map((k, j) => (o.cases[j] ? { ...k, members: membersWithCborTags(k.members, o.cases[j]!.members) } : k)) };
    return m;
  });
}
