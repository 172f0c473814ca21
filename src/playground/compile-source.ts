/**
 * A draft, TPL or CDDL text pasted into the page, compiled in the page:
 * extract, classify, parse, lower and the IR passes (compileDocument over
 * an in-memory file), then the module emitted by src/codegen, its types
 * stripped by sucrase and loaded as a function with the runtime and the
 * built-in modules it imports handed in. Nothing is fetched or sent.
 */
import { transform } from "sucrase";
import { emitModuleWithReport } from "../codegen/emit-module.js";
import { compileDocument, type CompiledDocument } from "../compile/compile-document.js";
import type { ExtractIo } from "../extract/types.js";
import * as runtime from "../runtime/index.js";
import * as runtimeCddl from "../runtime/cddl/index.js";
import { builtinEntry, isBuiltinName, shippedDocument } from "./builtins.js";

/** Where a pasted source lives in the page's in-memory file system. */
export const SOURCE_DIR = "/playground";

export interface CompiledSource {
  readonly compiled: CompiledDocument;
  /** The source's own text, for showing definitions and locating diagnostics. */
  readonly text: string;
  readonly path: string;
}

/** The file name a pasted text gets when it has none: by what it looks like. */
export function sourceFileName(text: string, given?: string): string {
  if (given && /\.(md|mkd|markdown|xml|txt|tls|tpl|cddl)$/i.test(given)) return given.replace(/[^A-Za-z0-9._-]/g, "-");
  const t = text.trimStart();
  if (t.startsWith("<?xml") || t.startsWith("<rfc")) return "draft.xml";
  if (/^(---|%%%|#\s)/m.test(t.slice(0, 400)) || /^(~~~|```)/m.test(t)) return "draft.md";
  if (/\bstruct\s*\{|\benum\s*\{|\bopaque\b|\buint(8|16|24|32|64)\b/.test(t)) return "source.tls";
  return "source.cddl";
}

/** Compile one pasted text (lenient, importing RFC 9420 as the CLI's default configuration does). */
export function compileSource(text: string, fileName?: string): CompiledSource {
  const name = sourceFileName(text, fileName);
  const path = `${SOURCE_DIR}/${name}`;
  const io: ExtractIo = { readFile: (p) => (p === path ? text : missing(p)), exists: (p) => p === path, listDir: (p) => (p === SOURCE_DIR ? [name] : []) };
  const imports = [shippedDocument("rfc9420")];
  const compiled = compileDocument({ path, config: { document: name.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]/g, "-") || "draft", source: name, mode: "lenient", imports: ["rfc9420"] }, imports, io });
  return { compiled, text, path };
}

function missing(p: string): never {
  throw new Error(`${p} is not in the page (a pasted draft cannot include other files)`);
}

/** What generating and loading a module took, for the page's timing line. */
export interface LoadedCodecs {
  readonly module: Record<string, unknown>;
  readonly oneFormat: ReadonlyMap<string, { readonly missing: "tpl" | "cbor"; readonly reason: string }>;
  readonly emitMs: number;
  readonly stripMs: number;
  readonly loadMs: number;
}

const RUNTIME = "mimi-codec/runtime";

/** The codecs of a compiled source: emitted, types stripped, and loaded with the runtime and built-ins supplied. */
export async function loadCodecs(compiled: CompiledDocument): Promise<LoadedCodecs> {
  const t0 = performance.now();
  const emitted = await emitModuleWithReport({
    doc: compiled.ir,
    imports: compiled.ir.imports.filter(isBuiltinName).map((i) => builtinEntry(i).ir.doc),
    broken: new Set(compiled.broken.keys()),
    contextAliases: compiled.config.contextAliases ?? {},
    runtimeImport: RUNTIME,
    documentImport: (dep) => `mimi-codec/${dep}`,
  });
  const t1 = performance.now();
  // the page runs ES2022 as the module is written: only types and imports are rewritten
  const js = transform(emitted.text, { transforms: ["typescript", "imports"], disableESTransforms: true }).code;
  const t2 = performance.now();
  const exports: Record<string, unknown> = {};
  const requireIn = (spec: string): unknown => {
    if (spec === RUNTIME) return runtime;
    if (spec === `${RUNTIME}/cddl`) return runtimeCddl;
    const doc = spec.startsWith("mimi-codec/") ? spec.slice("mimi-codec/".length) : "";
    if (isBuiltinName(doc)) return builtinEntry(doc).module;
    throw new Error(`a generated module imports ${spec}, which the page does not have`);
  };
  // The text comes from src/codegen's safe emitter (every draft name quoted by lit()/ident()), as the CLI's loadSchema runs it.
  new Function("require", "exports", js)(requireIn, exports);
  return { module: exports, oneFormat: emitted.oneFormat, emitMs: t1 - t0, stripMs: t2 - t1, loadMs: performance.now() - t2 };
}
