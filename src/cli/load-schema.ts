import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { assignIdentifiers } from "../codegen/names.js";
import { isBuiltin, projectRoot } from "../compile/builtin.js";
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
}

function builtinJsonSchema(name: string): object {
  return JSON.parse(readFileSync(join(projectRoot(), "schemas", `${name}.schema.json`), "utf8")) as object;
}

/** Running from dist/ (the installed CLI) or from src/ (tsx, tests). */
const fromDist = import.meta.url.includes("/dist/src/");

function generatedModuleUrl(name: string): string {
  return pathToFileURL(join(projectRoot(), fromDist ? "dist/generated" : "generated", name, fromDist ? "index.js" : "index.ts")).href;
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
export async function loadSchema(nameOrPath: string, extraImports: readonly string[] = [], progress?: Progress): Promise<LoadedSchema> {
  if (isBuiltin(nameOrPath)) {
    const { doc } = loadBuiltinIr(nameOrPath);
    const imports = doc.imports.map((i) => loadBuiltinIr(i).doc);
    const module = (await import(generatedModuleUrl(nameOrPath))) as Record<string, unknown>;
    return { doc, scope: new TypeScope(doc.definitions, imports), module, jsonSchemas: () => [doc.name, ...doc.imports].map(builtinJsonSchema) };
  }
  readUserFile(nameOrPath); // a clear error for a missing file
  try {
    return await compileSchema(nameOrPath, extraImports, progress);
  } finally {
    progress?.end(); // the bar is cleared before any error or output is printed
  }
}

async function compileSchema(nameOrPath: string, extraImports: readonly string[], progress: Progress | undefined): Promise<LoadedSchema> {
  const step = (done: number, item: string) => progress?.update({ stage: "compiling the schema", done, total: 4, item });
  step(0, "loading the compiler");
  const [{ compileWithImports }, { emitModule }, { genJsonSchema }, { ts }] = await Promise.all([
    import("../compile/compile-set.js"),
    import("../codegen/emit-module.js"),
    import("../codegen/gen-json-schema.js"),
    import("ts-morph"),
  ]);
  step(1, "compiling");
  const compiled = compileWithImports(nameOrPath, { imports: extraImports });
  if (hasErrors(compiled.diagnostics) && compiled.broken.size === compiled.ir.definitions.length) {
    throw new UsageError(`${nameOrPath}: nothing compiles; run "mimi-codec lint ${nameOrPath}"`, 1);
  }
  const imports = compiled.ir.imports.map((i) => loadBuiltinIr(i).doc);
  step(2, "generating codecs");
  const source = await emitModule({
    doc: compiled.ir,
    imports,
    broken: new Set(compiled.broken.keys()),
    contextAliases: compiled.config.contextAliases ?? {},
    runtimeImport: runtimeUrl(),
    documentImport: generatedModuleUrl,
  });
  step(3, "loading codecs");
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = mkdtempSync(join(tmpdir(), "mimi-codec-"));
  const file = join(dir, "index.mjs");
  writeFileSync(file, js);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  step(4, "done");
  return {
    doc: compiled.ir,
    scope: new TypeScope(compiled.ir.definitions, imports),
    module,
    jsonSchemas: () => [genJsonSchema(compiled.ir, imports, new Set(compiled.broken.keys())), ...compiled.ir.imports.map(builtinJsonSchema)],
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
