import { join, resolve } from "node:path";
import type { ExtractIo } from "../extract/index.js";
import { BUILTIN_DOCUMENTS, draftsDir, isBuiltin, loadBuiltinConfig, type BuiltinDocument } from "./builtin.js";
import { compileDocument, type CompiledDocument } from "./compile-document.js";
import type { DocumentConfig } from "./config.js";
import { timingsOf, type DocumentTimings } from "./stage-timings.js";

export class UnknownDocumentError extends Error {
  override readonly name = "UnknownDocumentError";
}

/**
 * Compile a document with everything it imports. Built-in names use their
 * config; a path to a draft or a bare .tls file compiles with a default
 * lenient config that imports RFC 9420 (the MIMI drafts build on MLS).
 * With `timings`, each document compiled adds its stage times to its entry.
 */
export function compileWithImports(
  nameOrPath: string,
  opts: { strict?: boolean; io?: ExtractIo; cache?: Map<string, CompiledDocument>; imports?: readonly string[]; timings?: DocumentTimings; cddlPath?: readonly string[] } = {},
): CompiledDocument {
  const cache = opts.cache ?? new Map<string, CompiledDocument>();
  const compileOne = (config: DocumentConfig, path: string, strict?: boolean): CompiledDocument => {
    const imports = (config.imports ?? []).map((dep) => {
      const hit = cache.get(dep);
      if (hit) return hit;
      if (!isBuiltin(dep)) throw new UnknownDocumentError(`${config.document} imports ${dep}, which is not a built-in document`);
      const compiled = compileOne(loadBuiltinConfig(dep), join(draftsDir(), loadBuiltinConfig(dep).source));
      cache.set(dep, compiled);
      return compiled;
    });
    return compileDocument({
      path,
      config,
      imports,
      ...(strict !== undefined ? { strict } : {}),
      ...(opts.io ? { io: opts.io } : {}),
      ...(opts.cddlPath ? { cddlPath: opts.cddlPath } : {}),
      ...(opts.timings ? { timings: timingsOf(opts.timings, config.document) } : {}),
    });
  };
  if (isBuiltin(nameOrPath)) {
    const config = loadBuiltinConfig(nameOrPath);
    const hit = opts.strict === undefined ? cache.get(nameOrPath) : undefined;
    if (hit) return hit;
    const compiled = compileOne(config, join(draftsDir(), config.source), opts.strict);
    if (opts.strict === undefined) cache.set(nameOrPath, compiled);
    return compiled;
  }
  const builtin = builtinForPath(nameOrPath);
  if (builtin) {
    // A path to a built-in's own draft compiles with that built-in's config.
    return compileOne({ ...loadBuiltinConfig(builtin), source: nameOrPath }, nameOrPath, opts.strict);
  }
  const extra = (opts.imports ?? []).filter((i) => i !== "rfc9420");
  const config: DocumentConfig = { document: documentNameOf(nameOrPath), source: nameOrPath, mode: "lenient", imports: ["rfc9420", ...extra] };
  return compileOne(config, nameOrPath, opts.strict);
}

function builtinForPath(path: string): BuiltinDocument | undefined {
  const abs = resolve(path);
  return BUILTIN_DOCUMENTS.find((b) => resolve(draftsDir(), loadBuiltinConfig(b).source) === abs);
}

export function documentNameOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.(md|mkd|xml|txt|tls|tpl|cddl)$/i, "").replace(/[^A-Za-z0-9_-]/g, "-");
}

export function compileBuiltins(): CompiledDocument[] {
  const cache = new Map<string, CompiledDocument>();
  return BUILTIN_DOCUMENTS.map((name) => compileWithImports(name, { cache }));
}
