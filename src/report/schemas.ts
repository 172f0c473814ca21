/**
 * The IR of the built-in documents, read-only, from the checked-in
 * schemas/<doc>.definitions.json (the same IR the generated codecs were
 * emitted from), for walking a value alongside its type.
 */
import { isBuiltin, loadBuiltinConfig, type BuiltinDocument } from "../compile/builtin.js";
import { loadBuiltinIr } from "../compile/load-definitions.js";
import { SchemaDocuments } from "./schema-set.js";

export type { SchemaDocument } from "./schema-set.js";

/** All built-in documents by name, loaded once per set. */
export class SchemaSet extends SchemaDocuments {
  constructor() {
    super((name) => {
      if (!isBuiltin(name)) throw new Error(`not a built-in document: ${name}`);
      const ir = loadBuiltinIr(name);
      return { doc: ir.doc, ...(ir.wire ? { wire: ir.wire } : {}), contextAliases: loadBuiltinConfig(name as BuiltinDocument).contextAliases ?? {} };
    });
  }
}
