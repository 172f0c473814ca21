import { join, resolve } from "node:path";
import { diag, type Diagnostic } from "../diagnostics/index.js";
import { nodeIo, type ExtractIo } from "../extract/index.js";
import { BUILTIN_DOCUMENTS, builtinConfigFile, builtinSource, isBuiltin, loadBuiltinConfig, projectRoot } from "./builtin.js";
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
  /** Compiled documents by name (and drafts by `file:<resolved path>`), shared between calls. */
  readonly cache?: Map<string, CompiledDocument>;
  /** More documents whose definitions fill the draft's undefined names: built-in names or draft files (--import). */
  readonly imports?: readonly string[];
  /**
   * The other drafts given on the same command line: each one that defines
   * a name this draft uses but does not define is imported.
   */
  readonly siblings?: readonly string[];
  /** A config file for the draft (--config), instead of the one beside it or the built-in's. */
  readonly configFile?: string;
  /** Look for `<draft-basename>.mimi-codec.json` beside a draft (default true). */
  readonly discover?: boolean;
  /** Compile only these languages of the draft, whatever its config says (align: each side of a draft written twice). */
  readonly languages?: readonly ("tpl" | "cddl")[];
  readonly timings?: DocumentTimings;
  /** Folders where CDDL `;# import` / `;# include` look after the draft's own (--cddl-path). */
  readonly cddlPath?: readonly string[];
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
 * (config-for-draft.ts): a user's config file, a built-in's own when the
 * file is one, wherever it lives, else a default lenient config that
 * imports RFC 9420. Imports are built-in names (their shipped IR) or draft
 * files (compiled with their own config), and drafts given together
 * (`siblings`) import each other where one uses what another defines.
 * With `timings`, each document compiled adds its stage times to its entry.
 */
export function compileWithImports(nameOrPath: string, opts: CompileSetOptions = {}): CompiledDocument {
  return compileIn(nameOrPath, opts, opts.cache ?? new Map<string, CompiledDocument>(), []);
}

/** `chain`: the draft files being compiled on the way here, to refuse an import cycle. */
function compileIn(nameOrPath: string, opts: CompileSetOptions, cache: Map<string, CompiledDocument>, chain: readonly string[]): CompiledDocument {
  const io = opts.io ?? nodeIo;
  const importOf = (dep: string, from: string, inner: readonly string[]): CompiledDocument => {
    const hit = cache.get(dep) ?? (isBuiltin(dep) ? undefined : cache.get(`file:${resolve(dep)}`));
    if (hit) return hit;
    if (isBuiltin(dep)) {
      const compiled = opts.drafts !== undefined ? compileIn(dep, { drafts: opts.drafts, ...(opts.io ? { io: opts.io } : {}) }, cache, chain) : loadShippedDocument(dep);
      cache.set(dep, compiled);
      return compiled;
    }
    if (!io.exists(dep)) throw new UnknownDocumentError(`${from} imports ${dep}, which is neither a built-in document (${BUILTIN_DOCUMENTS.join(", ")}) nor a file`);
    if (inner.includes(resolve(dep))) throw new UnknownDocumentError(`import cycle: ${[...inner, resolve(dep)].join(" -> ")}`);
    return compileIn(dep, { ...(opts.io ? { io: opts.io } : {}), ...(opts.drafts ? { drafts: opts.drafts } : {}), ...(opts.timings ? { timings: opts.timings } : {}) }, cache, inner);
  };

  const compileOne = (config: DocumentConfig, path: string, notes: readonly Diagnostic[], configFile: string | undefined, extra: readonly string[]): CompiledDocument => {
    const self = resolve(path);
    const wanted = [...new Set([...(config.imports ?? []), ...extra])].filter((dep) => dep !== config.document && (isBuiltin(dep) || resolve(dep) !== self));
    const inner = [...chain, self];
    const imports = wanted.map((dep) => importOf(dep, config.document, inner));
    const compiled = compileDocument({
      path,
      config: { ...config, imports: wanted },
      imports,
      ...(opts.strict !== undefined ? { strict: opts.strict } : {}),
      ...(opts.io ? { io: opts.io } : {}),
      ...(opts.cddlPath ? { cddlPath: opts.cddlPath } : {}),
      ...(opts.timings ? { timings: timingsOf(opts.timings, config.document) } : {}),
      configFile: configFile ?? path,
      schemasDir: join(projectRoot(), "schemas"),
    });
    return notes.length === 0 ? compiled : { ...compiled, diagnostics: [...notes, ...compiled.diagnostics] };
  };

  if (isBuiltin(nameOrPath)) {
    const hit = opts.strict === undefined && (opts.imports ?? []).length === 0 ? cache.get(nameOrPath) : undefined;
    if (hit) return hit;
    const config = loadBuiltinConfig(nameOrPath);
    const compiled = compileOne(config, builtinSource(nameOrPath, opts.drafts ?? process.env["MIMI_DRAFTS"]), [], builtinConfigFile(nameOrPath), opts.imports ?? []);
    if (opts.strict === undefined && (opts.imports ?? []).length === 0) cache.set(nameOrPath, compiled);
    return compiled;
  }
  const key = `file:${resolve(nameOrPath)}`;
  const plain = opts.strict === undefined && (opts.imports ?? []).length === 0 && opts.configFile === undefined && (opts.siblings ?? []).length === 0 && opts.languages === undefined;
  const hit = plain ? cache.get(key) : undefined;
  if (hit) return hit;
  const found = configForDraft(nameOrPath, {
    io,
    ...(opts.configFile !== undefined ? { configFile: opts.configFile } : {}),
    ...(opts.discover !== undefined ? { discover: opts.discover } : {}),
  });
  const configFile = found.file ?? nameOrPath;
  const config = opts.languages ? { ...found.config, languages: opts.languages } : found.config;
  let compiled = compileOne(config, nameOrPath, found.notes, configFile, opts.imports ?? []);
  const linked = siblingsFor(compiled, nameOrPath, opts, cache, chain);
  if (linked.imports.length > 0 || linked.notes.length > 0) {
    compiled = compileOne(config, nameOrPath, [...found.notes, ...linked.notes], configFile, [...(opts.imports ?? []), ...linked.imports]);
  }
  if (chain.length === 0 || plain) {
    cache.set(key, compiled);
    if (!isBuiltin(compiled.ir.name) && !cache.has(compiled.ir.name)) cache.set(compiled.ir.name, compiled);
  }
  return compiled;
}

/**
 * The drafts given on the same command line that define names `compiled`
 * uses but does not define: each becomes an import. One already being
 * compiled on the way here (the two use each other's types) is a cycle the
 * generated modules could not express: an error at the draft instead.
 */
function siblingsFor(
  compiled: CompiledDocument,
  path: string,
  opts: CompileSetOptions,
  cache: Map<string, CompiledDocument>,
  chain: readonly string[],
): { imports: string[]; notes: Diagnostic[] } {
  const missing = undefinedNames(compiled);
  const self = resolve(path);
  const others = (opts.siblings ?? []).filter((s) => resolve(s) !== self);
  if (missing.size === 0 || others.length === 0) return { imports: [], notes: [] };
  const imports: string[] = [];
  const notes: Diagnostic[] = [];
  const own = new Set(compiled.ir.definitions.map((d) => d.name));
  for (const other of others) {
    if (chain.includes(resolve(other))) continue;
    const alone = compileIn(other, { ...(opts.io ? { io: opts.io } : {}), ...(opts.drafts ? { drafts: opts.drafts } : {}) }, cache, [...chain, self]);
    const defines = alone.ir.definitions.filter((d) => missing.has(d.name)).map((d) => d.name);
    if (defines.length === 0) continue;
    const back = [...undefinedNames(alone)].filter((n) => own.has(n));
    if (back.length > 0) {
      const at = { file: path, line: 1, col: 1 };
      notes.push(diag("error", "import/cycle", `${path} and ${other} use each other's definitions (${defines.join(", ")} there, ${back.join(", ")} here); generated modules cannot import each other: move the shared definitions into one draft`, at));
      continue;
    }
    imports.push(other);
    notes.push(diag("note", "import/sibling", `imports ${other} (given on the same command line) for ${defines.join(", ")}`, { file: path, line: 1, col: 1 }));
  }
  return { imports, notes };
}

/** Names the draft uses and nothing defines (its ir/undefined-type errors). */
function undefinedNames(compiled: CompiledDocument): Set<string> {
  const out = new Set<string>();
  for (const d of compiled.diagnostics) {
    const m = d.code === "ir/undefined-type" ? /^type (\S+) is not defined/.exec(d.message) : null;
    if (m) out.add(m[1]!);
  }
  return out;
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
