import { isBuiltin } from "../compile/builtin.js";
import { compileWithImports } from "../compile/compile-set.js";
import { loadShippedDocument } from "../compile/load-shipped.js";
import type { CompiledDocument } from "../compile/compile-document.js";
import { TypeScope } from "../ir/type-scope.js";
import type { IRDocument } from "../ir/types.js";

/** A compiled document with the scope its refs resolve in (its own definitions, then its imports). */
export interface LoadedDocument {
  /** What the user named: a built-in name or a path. */
  readonly name: string;
  readonly compiled: CompiledDocument;
  readonly scope: TypeScope;
  /** The language its definitions are written in ("mixed" when both). */
  readonly language: "tpl" | "cddl" | "mixed" | "none";
}

/**
 * A built-in name as shipped (its IR, no draft needed), a draft path
 * compiled, sharing `cache` for imports (rfc9420 loads once).
 */
export function loadDocument(nameOrPath: string, cache: Map<string, CompiledDocument> = new Map(), imports: readonly string[] = []): LoadedDocument {
  const compiled = isBuiltin(nameOrPath) ? (cache.get(nameOrPath) ?? loadShippedDocument(nameOrPath)) : compileWithImports(nameOrPath, { cache, imports });
  return fromCompiled(nameOrPath, compiled, cache);
}

export function fromCompiled(name: string, compiled: CompiledDocument, cache: Map<string, CompiledDocument> = new Map()): LoadedDocument {
  const imports: IRDocument[] = compiled.ir.imports.map((i) => (cache.get(i) ?? (isBuiltin(i) ? loadShippedDocument(i) : compileWithImports(i, { cache }))).ir);
  // (an imported draft file is in the cache under its document name: compile-set puts it there)
  const langs = new Set(compiled.ir.definitions.map((d) => d.language));
  const language = langs.size === 0 ? "none" : langs.size > 1 ? "mixed" : [...langs][0]!;
  return { name, compiled, scope: new TypeScope(compiled.ir.definitions, imports), language };
}
