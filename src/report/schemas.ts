/**
 * The IR of the built-in documents, read-only, from the checked-in
 * schemas/<doc>.definitions.json (the same IR the generated codecs were
 * emitted from), for walking a value alongside its type.
 */
import { isBuiltin, loadBuiltinConfig, type BuiltinDocument } from "../compile/builtin.js";
import { loadBuiltinIr } from "../compile/load-definitions.js";
import { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRDocument } from "../ir/types.js";

export interface SchemaDocument {
  readonly name: string;
  readonly doc: IRDocument;
  /** names this document's own definitions and its imports */
  readonly scope: TypeScope;
  /** context key -> a key that may stand in for it (schemas/<doc>.config.json) */
  readonly contextAliases: Readonly<Record<string, string>>;
}

/** All built-in documents by name, loaded once per set. */
export class SchemaSet {
  private readonly docs = new Map<string, SchemaDocument>();

  document(name: string): SchemaDocument {
    const have = this.docs.get(name);
    if (have) return have;
    if (!isBuiltin(name)) throw new Error(`not a built-in document: ${name}`);
    const { doc } = loadBuiltinIr(name);
    const imports = doc.imports.map((i) => this.document(i).doc);
    const config = loadBuiltinConfig(name as BuiltinDocument);
    const loaded: SchemaDocument = { name, doc, scope: new TypeScope(doc.definitions, imports), contextAliases: config.contextAliases ?? {} };
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
