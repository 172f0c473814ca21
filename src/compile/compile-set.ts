import type { ExtractIo } from "../extract/index.js";
import { builtinConfigFile, builtinSource, isBuiltin, loadBuiltinConfig } from "./builtin.js";
import { compileDocument, type CompiledDocument } from "./compile-document.js";
import type { DocumentConfig } from "./config.js";
import { configForDraft } from "./config-for-draft.js";
import { loadShippedDocument } from "./load-shipped.js";
import { timingsOf, type DocumentTimings } from "./stage-timings.js";

export { documentNameOf } from "./config-for-draft.js";

export class UnknownDocumentError extends Error {
  override readonly name = "UnknownDocumentError";
}

export interface CompileSetOptions {
  readonly strict?: boolean;
  readonly io?: ExtractIo;
  /** Compiled documents by name (and drafts by resolved path), shared between calls. */
  readonly cache?: Map<string, CompiledDocument>;
  /** More documents whose definitions fill undefined names: built-in names. */
  readonly imports?: readonly string[];
  /** A config file for the draft (--config), instead of the one beside it or the built-in's. */
  readonly configFile?: string;
  /** Look for `<draft-basename>.mimi-codec.json` beside a draft (default true). */
  readonly discover?: boolean;
  readonly timings?: DocumentTimings;
  /**
   * The folder holding the built-in documents' sources (gen --builtin,
   * tests): built-ins, imports included, compile from there. Without it a
   * built-in import is its shipped IR, and a built-in compiled by name
   * needs $MIMI_DRAFTS.
   */
  readonly drafts?: string;
}

/**
 * Compile a document with everything it imports. A built-in name uses its
 * config; a path compiles with the config its content calls for
 * (config-for-draft.ts): a built-in's own when the file is one, wherever
 * it lives, else a default lenient config that imports RFC 9420.
 * With `timings`, each document compiled adds its stage times to its entry.
 */
export function compileWithImports(nameOrPath: string, opts: CompileSetOptions = {}): CompiledDocument {
  const cache = opts.cache ?? new Map<string, CompiledDocument>();
  const compileOne = (config: DocumentConfig, path: string, notes: CompiledDocument["diagnostics"], strict?: boolean, configFile?: string): CompiledDocument => {
    const wanted = [...new Set([...(config.imports ?? []), ...(opts.imports ?? [])])].filter((dep) => dep !== config.document);
    const imports = wanted.map((dep) => {
      const hit = cache.get(dep);
      if (hit) return hit;
      if (!isBuiltin(dep)) throw new UnknownDocumentError(`${config.document} imports ${dep}, which is not a built-in document`);
      const compiled = opts.drafts !== undefined ? compileOne(loadBuiltinConfig(dep), builtinSource(dep, opts.drafts), []) : loadShippedDocument(dep);
      cache.set(dep, compiled);
      return compiled;
    });
    const compiled = compileDocument({
      path,
      config: { ...config, imports: wanted },
      imports,
      ...(strict !== undefined ? { strict } : {}),
      ...(opts.io ? { io: opts.io } : {}),
      ...(opts.timings ? { timings: timingsOf(opts.timings, config.document) } : {}),
      configFile: configFile ?? (isBuiltin(config.document) ? builtinConfigFile(config.document) : path),
    });
    return notes.length === 0 ? compiled : { ...compiled, diagnostics: [...notes, ...compiled.diagnostics] };
  };
  if (isBuiltin(nameOrPath)) {
    const config = loadBuiltinConfig(nameOrPath);
    const hit = opts.strict === undefined ? cache.get(nameOrPath) : undefined;
    if (hit) return hit;
    const compiled = compileOne(config, builtinSource(nameOrPath, opts.drafts ?? process.env["MIMI_DRAFTS"]), [], opts.strict);
    if (opts.strict === undefined) cache.set(nameOrPath, compiled);
    return compiled;
  }
  const found = configForDraft(nameOrPath, {
    ...(opts.io ? { io: opts.io } : {}),
    ...(opts.configFile !== undefined ? { configFile: opts.configFile } : {}),
    ...(opts.discover !== undefined ? { discover: opts.discover } : {}),
  });
  return compileOne(found.config, nameOrPath, found.notes, opts.strict, found.file);
}

/**
 * The same source compiled with another built-in's config: the CDDL twin
 * of a merged document (mimi-content-03's CDDL is mimi-content-03-cddl),
 * read from the file the document itself was compiled from.
 */
export function compileTwin(compiled: CompiledDocument, twin: string, cache: Map<string, CompiledDocument>): CompiledDocument {
  if (!isBuiltin(twin)) throw new UnknownDocumentError(`${compiled.config.document} merges with ${twin}, which is not a built-in document`);
  const twinConfig = loadBuiltinConfig(twin);
  // the built-in itself (its config's own source) shares the twin's cache entry with a compile by name
  const own = twinConfig.source === compiled.config.source;
  const key = own ? twin : `${twin}@${compiled.path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const twinCompiled = compileDocument({ path: compiled.path, config: own ? twinConfig : { ...twinConfig, source: compiled.path } });
  cache.set(key, twinCompiled);
  return twinCompiled;
}
