import { genJsonSchema, type JsonSchema } from "../../src/codegen/gen-json-schema.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { mergeCompiled } from "../../src/merge/index.js";
import { TypeScope } from "../../src/ir/type-scope.js";
import type { IRDocument, IRType } from "../../src/ir/types.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

export { DRAFTS, HAVE_DRAFTS };

export const DOCUMENTS = [
  "rfc9420",
  "rfc8446",
  "mimi-content-03",
  "mimi-protocol-06",
  "mimi-content-03-cddl",
  "mimi-content-04",
  "mimi-content-main",
] as const;
export type DocName = (typeof DOCUMENTS)[number];

export interface DocSchemas {
  readonly compiled: CompiledDocument;
  readonly doc: IRDocument;
  readonly imports: IRDocument[];
  readonly scope: TypeScope;
  readonly schema: JsonSchema;
  /** This document's schema and those of its imports: what validateJson needs. */
  readonly set: JsonSchema[];
  type(name: string): IRType;
}

const cache = new Map<string, CompiledDocument>();
const built = new Map<string, DocSchemas>();

/** Compile a built-in document (with its imports) and generate its JSON Schema; cached per test file. */
export function schemasOf(name: DocName): DocSchemas {
  const hit = built.get(name);
  if (hit) return hit;
  const compiled = compileWithImports(name, { cache, drafts: DRAFTS });
  // a merged document (mimi-content-03): the types, and so the JSON form, come from the merge
  const ir = mergeCompiled(compiled, cache)?.types ?? compiled.ir;
  const imports = compiled.ir.imports.map((i) => compileWithImports(i, { cache, drafts: DRAFTS }).ir);
  const schema = genJsonSchema(ir, imports, new Set(compiled.broken.keys()));
  const set = [schema, ...compiled.ir.imports.map((i) => schemasOf(i as DocName).schema)];
  const scope = new TypeScope(ir.definitions, imports);
  const out: DocSchemas = {
    compiled,
    doc: ir,
    imports,
    scope,
    schema,
    set,
    type(n: string): IRType {
      const d = scope.definition(n);
      if (!d) throw new Error(`${name} has no type ${n}`);
      return d.type;
    },
  };
  built.set(name, out);
  return out;
}
