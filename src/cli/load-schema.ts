import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { assignIdentifiers } from "../codegen/names.js";
import { isBuiltin, projectRoot } from "../compile/builtin.js";
import type { CompiledDocument } from "../compile/compile-document.js";
import { loadBuiltinIr } from "../compile/load-definitions.js";
import { hasErrors } from "../diagnostics/index.js";
import { TypeScope } from "../ir/type-scope.js";
import type { IRDocument } from "../ir/types.js";
import type { CborCodec, TplCodec } from "../runtime/index.js";
import { UsageError } from "./cli-error.js";
import { readUserFile } from "./io.js";
import type { Progress } from "./progress.js";

export interface LoadedSchema {
  readonly doc: IRDocument;
  readonly scope: TypeScope;
  readonly module: Record<string, unknown>;
  /** The JSON Schemas of the document and what it imports (draft 2020-12). */
  readonly jsonSchemas: () => object[];
  /** The draft as compiled now (a draft path; a built-in's module is the shipped one). */
  readonly compiled?: CompiledDocument;
}

function builtinJsonSchema(name: string): object {
  return JSON.parse(readFileSync(join(projectRoot(), "schemas", `${name}.schema.json`), "utf8")) as object;
}

/** Running from dist/ (the installed CLI) or from src/ (tsx, tests). */
const fromDist = import.meta.url.includes("/dist/src/");

/** A built-in's module: its public entry, or (`internal`) the one that exports what other generated modules call. */
function generatedModuleUrl(name: string, entry: "index" | "internal" = "index"): string {
  return pathToFileURL(join(projectRoot(), fromDist ? "dist/generated" : "generated", name, `${entry}.${fromDist ? "js" : "ts"}`)).href;
}

function runtimeUrl(): string {
  return pathToFileURL(join(projectRoot(), fromDist ? "dist/src/runtime/index.js" : "src/runtime/index.ts")).href;
}

/**
 * The codecs of a document: a built-in is imported from generated/; a
 * draft or .tls file is compiled now, emitted, transpiled and imported from
 * a temporary directory (seconds for a whole draft: `progress` shows it).
 * The compiler and code generator are imported only for that second case.
 */
export async function loadSchema(nameOrPath: string, extraImports: readonly string[] = [], progress?: Progress, configFile?: string): Promise<LoadedSchema> {
  if (isBuiltin(nameOrPath)) {
    const { doc } = loadBuiltinIr(nameOrPath);
    const imports = doc.imports.map((i) => loadBuiltinIr(i).doc);
    const module = (await import(generatedModuleUrl(nameOrPath))) as Record<string, unknown>;
    return { doc, scope: new TypeScope(doc.definitions, imports), module, jsonSchemas: () => [doc.name, ...doc.imports].map(builtinJsonSchema) };
  }
  readUserFile(nameOrPath); // a clear error for a missing file
  try {
    return await compileSchema(nameOrPath, extraImports, progress, configFile);
  } finally {
    progress?.end(); // the bar is cleared before any error or output is printed
  }
}

async function compileSchema(nameOrPath: string, extraImports: readonly string[], progress: Progress | undefined, configFile: string | undefined): Promise<LoadedSchema> {
  const step = (done: number, item: string) => progress?.update({ stage: "compiling the schema", done, total: 4, item });
  step(0, "loading the compiler");
  // the compiler and code generator load only for a draft given as the schema (ts-morph alone takes ~0.6 s)
  const [{ compileWithImports }, { mergeCompiled }, { emitModule }, { genJsonSchema }, { ts }] = await Promise.all([
    import("../compile/compile-set.js"),
    import("../merge/index.js"),
    import("../codegen/emit-module.js"),
    import("../codegen/gen-json-schema.js"),
    import("ts-morph"),
  ]);
  step(1, "compiling");
  const cache = new Map<string, CompiledDocument>();
  const compiled = compileWithImports(nameOrPath, { imports: extraImports, cache, ...(configFile !== undefined ? { configFile } : {}) });
  if (hasErrors(compiled.diagnostics) && compiled.broken.size === compiled.ir.definitions.length) {
    throw new UsageError(`${nameOrPath}: nothing compiles; run "mimi-codec lint ${nameOrPath}"`, 1);
  }
  step(2, "generating codecs");
  // built-in imports come from generated/; an imported draft file is emitted beside this one
  const dir = mkdtempSync(join(tmpdir(), "mimi-codec-"));
  const emitted = new Map<string, string>();
  const irOf = (name: string): IRDocument => (isBuiltin(name) ? loadBuiltinIr(name).doc : cache.get(name)!.ir);
  const emit = async (c: CompiledDocument): Promise<string> => {
    const done = emitted.get(c.ir.name);
    if (done) return done;
    const file = join(dir, `${emitted.size}-${c.ir.name.replace(/[^A-Za-z0-9_-]/g, "_")}.mjs`);
    emitted.set(c.ir.name, file);
    for (const i of c.ir.imports) if (!isBuiltin(i) && cache.get(i)) await emit(cache.get(i)!);
    // a draft written twice (config merge, e.g. a copy of mimi-content-03) is one module, as gen makes it
    const merged = mergeCompiled(c, cache);
    const source = await emitModule({
      doc: merged?.types ?? c.ir,
      imports: c.ir.imports.map(irOf),
      broken: new Set(c.broken.keys()),
      contextAliases: c.config.contextAliases ?? {},
      runtimeImport: runtimeUrl(),
      documentImport: (dep) => (isBuiltin(dep) ? generatedModuleUrl(dep, "internal") : pathToFileURL(emitted.get(dep)!).href),
      ...(merged ? { wire: { tpl: merged.tpl, cbor: merged.cbor } } : {}),
      ...(c.config.limits ? { limits: c.config.limits } : {}),
    });
    if (c === compiled && merged) mergedTypes = merged.types;
    writeFileSync(file, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    return file;
  };
  let mergedTypes: IRDocument | undefined;
  step(3, "loading codecs");
  const module = (await import(pathToFileURL(await emit(compiled)).href)) as Record<string, unknown>;
  step(4, "done");
  const imports = compiled.ir.imports.map(irOf);
  const doc = mergedTypes ?? compiled.ir;
  return {
    compiled,
    doc,
    scope: new TypeScope(doc.definitions, imports),
    module,
    jsonSchemas: () => [
      genJsonSchema(compiled.ir, imports, new Set(compiled.broken.keys())),
      ...compiled.ir.imports.map((i) => (isBuiltin(i) ? builtinJsonSchema(i) : genJsonSchema(irOf(i), cache.get(i)!.ir.imports.map(irOf), new Set(cache.get(i)!.broken.keys())))),
    ],
  };
}

/** The two wire formats every generated type can have. */
export type WireFormat = "tpl" | "cbor";

export function parseFormat(format: string): WireFormat {
  if (format === "tpl" || format === "cbor") return format;
  throw new UsageError(`--format must be tpl or cbor, got "${format}"`);
}

/** A type's codec in one format; a clear error when the type or that codec does not exist. */
export function codecOf(schema: LoadedSchema, type: string, format: WireFormat = "tpl"): TplCodec<unknown> | CborCodec<unknown> {
  // the draft's name (`foo-bar`) or the TypeScript name it was given (`foo_bar`)
  const id = assignIdentifiers(schema.doc.definitions.map((d) => d.name)).get(type) ?? type;
  const entry = (Object.prototype.hasOwnProperty.call(schema.module, id) ? schema.module[id] : undefined) as { tpl?: TplCodec<unknown>; cbor?: CborCodec<unknown> } | undefined;
  if (!entry || (!entry.tpl && !entry.cbor)) {
    const names = (schema.module["TYPE_NAMES"] as readonly string[] | undefined) ?? [];
    const near = names.find((n) => n.toLowerCase() === type.toLowerCase());
    throw new UsageError(`${schema.doc.name} has no type ${type}${near ? ` (did you mean ${near}?)` : ""}`);
  }
  const codec = entry[format];
  if (!codec) throw new UsageError(`${schema.doc.name}.${type} has no ${format.toUpperCase()} codec (see the comment on ${type} in its generated module)`);
  return codec;
}
