/**
 * The page's state and the work behind it: which document (a built-in or a
 * compiled pasted source), which type, the bytes and how to read them. The
 * components render it; every computation is in src/playground.
 */
import type { CompiledSource } from "../src/playground/compile-source.js";
import { compileSource, loadCodecs } from "../src/playground/compile-source.js";
import { builtinEntry, BUILTIN_DOCUMENTS, isBuiltinName, type BuiltinEntry } from "../src/playground/builtins.js";
import { builtinSchema, codecTypes, decodeBytes, encodeJson, sourceSchema, type DecodeResult, type Failure, type Format, type Schema } from "../src/playground/session.js";
import { readInput, InputError, type InputKind } from "../src/playground/read-input.js";
import type { Diagnostic } from "../src/diagnostics/index.js";

export { BUILTIN_DOCUMENTS };

/** A document ready to decode with. */
export interface Loaded {
  readonly schema: Schema;
  readonly types: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly builtin?: BuiltinEntry;
  readonly source?: CompiledSource;
  /** What compiling took, in ms (a pasted source). */
  readonly timing?: { compile: number; emit: number; strip: number; load: number };
}

export function loadBuiltin(name: string): Loaded | { error: string } {
  if (!isBuiltinName(name)) return { error: `no built-in document ${name}` };
  const schema = builtinSchema(name);
  const builtin = builtinEntry(name);
  return { schema, types: codecTypes(schema), diagnostics: builtin.diagnostics, builtin };
}

export async function loadSource(text: string, fileName?: string): Promise<Loaded | { error: string; source?: CompiledSource }> {
  const t0 = performance.now();
  let source: CompiledSource;
  try {
    source = compileSource(text, fileName);
  } catch (e) {
    return { error: `the compiler failed: ${(e as Error).message}` };
  }
  const compile = performance.now() - t0;
  try {
    const codecs = await loadCodecs(source.compiled);
    const schema = sourceSchema(source.compiled.ir, codecs.module);
    return { schema, types: codecTypes(schema), diagnostics: source.compiled.diagnostics, source, timing: { compile, emit: codecs.emitMs, strip: codecs.stripMs, load: codecs.loadMs } };
  } catch (e) {
    return { error: `generating codecs failed: ${(e as Error).message}`, source };
  }
}

/** What the bytes pane shows after reading its input. */
export type BytesOutcome =
  | { readonly kind: "empty" }
  | { readonly kind: "input-error"; readonly error: InputError | Error }
  | { readonly kind: "decoded"; readonly input: Uint8Array; readonly result: DecodeResult; readonly ms: number }
  | { readonly kind: "encoded"; readonly result: ReturnType<typeof encodeJson>; readonly ms: number };

export function readAndDecode(loaded: Loaded, type: string, format: Format, text: string, kind: InputKind): BytesOutcome {
  let input;
  try {
    input = readInput(text, kind);
  } catch (e) {
    return { kind: "input-error", error: e as Error };
  }
  const t0 = performance.now();
  if (input.kind === "empty") return { kind: "empty" };
  if (input.kind === "json") return { kind: "encoded", result: encodeJson(loaded.schema, type, input.json), ms: performance.now() - t0 };
  const result = decodeBytes(loaded.schema, type, format, input.bytes);
  return { kind: "decoded", input: input.bytes, result, ms: performance.now() - t0 };
}

export function describeFailure(f: Failure): string {
  const where = [f.offset !== undefined && f.offset >= 0 ? `at offset ${f.offset}` : "", f.path ? `(${f.path})` : "", f.pointer !== undefined ? `at ${f.pointer || "/"}` : ""].filter(Boolean).join(" ");
  return where ? `${f.message} ${where}` : f.message;
}
