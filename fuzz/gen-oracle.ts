/**
 * The generator fuzzer's oracle, for one hostile draft:
 * 1. written to disk under its hostile directories and file names, it
 *    compiles (compileWithImports) and generates (generateFiles, with the
 *    layout `gen --out` uses) without an exception; every error is a
 *    located diagnostic, none an internal error, and a reference to an
 *    undefined name gets one; output paths stay inside the output
 *    directory; the JSON Schema has every definition and field under its
 *    exact name;
 * 2. (fuzz/gen-typecheck.ts, per batch) the module type-checks;
 * 3. importing it and running its codecs on values drawn from the IR
 *    (src/testing/arbitrary-from-ir.ts) changes no property of globalThis
 *    or the built-in prototypes and reads no canary; every value round-trips
 *    in TPL and CBOR, and a CBOR map record's wire keys are exactly the
 *    declared key texts (read back with the generic decoder).
 * A draft the compiler refuses in part is fine when the refusal is a
 * located diagnostic; the definitions it kept are checked all the same.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import ts from "typescript";
import { assignIdentifiers } from "../src/codegen/names.js";
import { INHERITED } from "../src/codegen/code.js";
import { generateFiles } from "../src/codegen/generate-files.js";
import { builtinEntryOf } from "../src/codegen/runtime-entries.js";
import type { CompiledDocument } from "../src/compile/compile-document.js";
import { compileWithImports } from "../src/compile/compile-set.js";
import { TypeScope } from "../src/ir/type-scope.js";
import type { Definition, IRType } from "../src/ir/types.js";
import { decodeItem, encodeItem, type CborItem } from "../src/runtime/index.js";
import { arbitraryWithContext, type ValueWithContext } from "../src/testing/arbitrary-from-ir.js";
import { valueDiff } from "../src/testing/value-diff.js";
import type { HostileDraft } from "./gen-drafts.js";
import { Canaries, compareSnapshots, restoreGlobals, snapshotGlobals } from "./gen-sandbox.js";

const ROOT = new URL("..", import.meta.url);

export interface GenFinding {
  readonly kind: string;
  readonly seed: number;
  readonly message: string;
}

export interface Prepared {
  readonly draft: HostileDraft;
  readonly findings: GenFinding[];
  /** Error diagnostics (located): the compiler refused something. */
  readonly errors: number;
  readonly compiled?: CompiledDocument;
  readonly module?: string;
  readonly imports?: readonly CompiledDocument[];
}

/** Write the draft under `dir`, compile it and generate its module. */
export async function prepareDraft(draft: HostileDraft, dir: string, cache: Map<string, CompiledDocument>): Promise<Prepared> {
  const findings: GenFinding[] = [];
  const found = (kind: string, message: string) => findings.push({ kind, seed: draft.seed, message });
  for (const f of draft.files) {
    mkdirSync(join(dir, ...f.path.slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...f.path), f.text);
  }
  const entry = join(dir, ...draft.files[draft.entry]!.path);
  let compiled: CompiledDocument;
  try {
    compiled = compileWithImports(entry, { cache });
  } catch (e) {
    found("compile-threw", describeError(e));
    return { draft, findings, errors: 0 };
  }
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  for (const d of compiled.diagnostics) {
    if (!d.loc.file || !(d.loc.line >= 1) || !(d.loc.col >= 1)) found("unlocated-diagnostic", `${d.code}: ${d.message}`);
    if (/internal error/i.test(d.message)) found("internal-error", `${d.code}: ${d.message}`);
  }
  // a second definition of a name may be refused, or noted ("identical", "the first is used"), never passed over in silence
  if (draft.repeated?.position === "rule" && compiled.diagnostics.length === 0) found("repeat-unreported", `${JSON.stringify(draft.repeated.name)} is defined twice, and nothing was reported`);
  if (draft.undefinedRefs.length > 0 && errors.length === 0) found("undefined-accepted", `refers to ${draft.undefinedRefs.map((n) => JSON.stringify(n)).join(", ")}, which nothing defines, and nothing was reported`);
  const imports = compiled.ir.imports.map((i) => cache.get(i)!);
  let module: string;
  try {
    const out = "/gen-out";
    const files = await generateFiles(compiled, imports, {
      runtimeImport: "@mimi-codec/runtime",
      generatedDir: "generated",
      schemasDir: "schemas",
      documentImport: (dep) => builtinEntryOf("@mimi-codec/runtime", dep),
    });
    for (const f of files) {
      const p = normalize(join(out, f.path));
      if (isAbsolute(f.path) || !p.startsWith(`${out}/`) || p.split("/").includes("..")) found("output-path", `writes ${JSON.stringify(f.path)}`);
    }
    module = files[0]!.content;
    for (const problem of jsonSchemaProblems(compiled, JSON.parse(files[2]!.content) as JsonSchemaDoc)) found("json-schema", problem);
  } catch (e) {
    found("generator-threw", describeError(e));
    return { draft, findings, errors: errors.length, compiled, imports };
  }
  return { draft, findings, errors: errors.length, compiled, module, imports };
}

interface JsonSchemaDoc {
  readonly $defs?: Record<string, { readonly properties?: Record<string, unknown> }>;
}

/** Every compiled definition has its `$defs` entry, and a record's schema lists each of its own fields, under the draft's exact names. */
function jsonSchemaProblems(compiled: CompiledDocument, schema: JsonSchemaDoc): string[] {
  const out: string[] = [];
  const defs = schema.$defs ?? {};
  for (const d of compiled.ir.definitions) {
    if (!Object.hasOwn(defs, d.name)) {
      out.push(`$defs has no ${JSON.stringify(d.name)}`);
      continue;
    }
    if (compiled.broken.has(d.name) || d.type.kind !== "record") continue;
    const props = defs[d.name]!.properties ?? {};
    for (const m of d.type.members) if (m.kind === "field" && !Object.hasOwn(props, m.name)) out.push(`$defs.${JSON.stringify(d.name)}.properties has no ${JSON.stringify(m.name)}`);
  }
  return out;
}

export interface ExerciseResult {
  readonly findings: GenFinding[];
  /** Definitions given codecs and exercised. */
  readonly definitions: number;
  readonly values: number;
  /** Definitions for which the IR value generator drew nothing. */
  readonly noValue: number;
}

interface Codec {
  encode(value: unknown, options?: { context?: Record<string, unknown> }): Uint8Array;
  decode(bytes: Uint8Array, options?: { context?: Record<string, unknown>; deterministic?: boolean }): unknown;
}

/** Import the module (transpiled into `dir`) and run its codecs on values drawn from the IR. */
export async function exerciseModule(p: Prepared, dir: string, valuesPerType: number): Promise<ExerciseResult> {
  const findings: GenFinding[] = [];
  const found = (kind: string, message: string) => findings.push({ kind, seed: p.draft.seed, message });
  const compiled = p.compiled!;
  const defs = compiled.ir.definitions.filter((d) => !compiled.broken.has(d.name));
  const ids = assignIdentifiers(compiled.ir.definitions.map((d) => d.name));
  const scope = new TypeScope(compiled.ir.definitions, p.imports!.map((c) => c.ir));
  // values first, outside the watched window (fast-check is not under test)
  const drawn = new Map<string, ValueWithContext[]>();
  let noValue = 0;
  for (const d of defs) {
    try {
      drawn.set(d.name, fc.sample(arbitraryWithContext(scope, { kind: "ref", name: d.name }, { maxLength: 3 }), { seed: p.draft.seed, numRuns: valuesPerType }));
    } catch {
      noValue++;
    }
  }
  const file = join(dir, "index.mjs");
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, transpile(p.module!));

  const before = snapshotGlobals();
  const canaries = new Canaries();
  canaries.plant(globalThis, "globalThis", [...p.draft.names, ...compiled.ir.definitions.map((d) => d.name), ...ids.values()]);
  const requiredFields = requiredFieldNames(defs);
  let values = 0;
  let exercised = 0;
  try {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      found("load-failed", describeError(e));
      return { findings, definitions: 0, values: 0, noValue };
    }
    for (const d of defs) {
      const entry = Object.prototype.hasOwnProperty.call(mod, ids.get(d.name)!) ? (mod[ids.get(d.name)!] as { tpl?: Codec; cbor?: Codec }) : undefined;
      if (!entry || typeof entry !== "object") {
        found("missing-export", `${JSON.stringify(d.name)} has no export ${JSON.stringify(ids.get(d.name))}`);
        continue;
      }
      exercised++;
      if (d.type.kind === "enum") for (const problem of enumWireProblems(entry, d.type)) found("enum-wire", `${JSON.stringify(d.name)}: ${problem}`);
      for (const v of drawn.get(d.name) ?? []) {
        values++;
        for (const format of ["tpl", "cbor"] as const) {
          const codec = entry[format];
          if (!codec) continue;
          const r = roundTrip(codec, v, format, requiredFields, canaries);
          if (typeof r === "string") found("roundtrip", `${JSON.stringify(d.name)} ${format}: ${r}`);
          else if (format === "cbor") {
            const keys = wireKeyProblem(scope, d, v.value, r);
            if (keys) found("wire-key", `${JSON.stringify(d.name)}: ${keys}`);
          }
        }
      }
    }
  } finally {
    canaries.remove();
  }
  const diffs = compareSnapshots(before, snapshotGlobals());
  for (const diff of diffs) found("side-effect", diff);
  if (diffs.length > 0) restoreGlobals(before);
  for (const hit of canaries.hits) found("canary", hit);
  return { findings, definitions: exercised, values, noValue };
}

/** Encode (with Object.prototype canaries for required field names), decode, compare: the bytes, or what went wrong. */
function roundTrip(codec: Codec, v: ValueWithContext, format: string, requiredFields: ReadonlySet<string>, canaries: Canaries): Uint8Array | string {
  let bytes: Uint8Array;
  try {
    // a required field the value has as its own property is never looked up on the prototype
    canaries.plant(Object.prototype, "Object.prototype", requiredFields);
    try {
      bytes = codec.encode(v.value, { context: v.context });
    } finally {
      canaries.remove();
    }
  } catch (e) {
    return `encode threw ${describeError(e)}`;
  }
  try {
    const back = codec.decode(bytes, { context: v.context, ...(format === "cbor" ? { deterministic: true } : {}) });
    const diff = valueDiff(back, v.value);
    return diff ? `decoded value differs ${diff}` : bytes;
  } catch (e) {
    return `decode threw ${describeError(e)}`;
  }
}

/** Every wire value an enum declares decodes to something that encodes to the same bytes, in both formats. */
function enumWireProblems(entry: { tpl?: Codec; cbor?: Codec }, t: IRType & { kind: "enum" }): string[] {
  const out: string[] = [];
  for (const v of t.values) {
    for (const n of v.upTo === undefined ? [v.value] : [v.value, v.upTo]) {
      const tpl = new Uint8Array(t.bits / 8);
      for (let i = 0, x = n; i < tpl.length; i++, x = Math.floor(x / 256)) tpl[tpl.length - 1 - i] = x % 256;
      const wires = [["tpl", tpl], ["cbor", encodeItem({ type: "uint", value: BigInt(n) })]] as const;
      for (const [format, bytes] of wires) {
        const codec = entry[format];
        if (!codec) continue;
        try {
          const again = codec.encode(codec.decode(bytes));
          if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) out.push(`${format} value ${n} decodes to a name that encodes as ${Buffer.from(again).toString("hex")}`);
        } catch (e) {
          out.push(`${format} value ${n}: ${describeError(e)}`);
        }
      }
    }
  }
  return out;
}

/** Field names that are required wherever they occur (never omittable, not inherited by every object). */
function requiredFieldNames(defs: readonly Definition[]): Set<string> {
  const required = new Set<string>();
  const optional = new Set<string>();
  const walk = (t: IRType): void => {
    if (t.kind !== "record") return;
    if (t.rest) optional.add(t.rest.name);
    const visit = (members: typeof t.members): void => {
      for (const m of members) {
        if (m.kind === "field") (m.omittable ? optional : required).add(m.name);
        else m.cases.forEach((c) => visit(c.members));
      }
    };
    visit(t.members);
  };
  for (const d of defs) walk(d.type);
  return new Set([...required].filter((n) => !optional.has(n) && !INHERITED.has(n) && !PROTOCOL_NAMES.has(n)));
}

/**
 * Properties the language itself looks up on ordinary objects (iterator
 * closing, thenables, property descriptors, JSON, errors, RegExp results):
 * a canary by one of these names would fire without any generated code
 * being at fault.
 */
const PROTOCOL_NAMES = new Set(
  "return throw next done value then get set writable enumerable configurable toJSON prototype length name message stack cause errors index input groups lastIndex flags source join caller callee arguments size byteLength byteOffset buffer".split(" "),
);

/** For a CBOR map record: the keys on the wire, exactly the declared keys of the fields present (and the rest's). */
function wireKeyProblem(scope: TypeScope, d: Definition, value: unknown, bytes: Uint8Array): string | null {
  const t = scope.underlying(d.type);
  if (t.kind !== "record" || t.encoding !== "map") return null;
  const item = decodeItem(bytes);
  if (item.type !== "map") return `encoded as ${item.type}, not a map`;
  const keyText = (k: CborItem): string => (k.type === "text" ? `t:${k.value}` : k.type === "uint" || k.type === "nint" ? `i:${k.value}` : `?:${k.type}`);
  const wire = item.entries.map(([k]) => keyText(k)).sort();
  const v = value as Record<string, unknown>;
  const expected: string[] = [];
  for (const m of t.members) {
    if (m.kind !== "field" || !Object.prototype.hasOwnProperty.call(v, m.name) || v[m.name] === undefined) continue;
    const key = m.key ?? m.name;
    expected.push(typeof key === "number" ? `i:${key}` : `t:${key}`);
  }
  const rest = t.rest && Object.prototype.hasOwnProperty.call(v, t.rest.name) ? v[t.rest.name] : undefined;
  if (rest instanceof Map) for (const k of rest.keys()) expected.push(typeof k === "string" ? `t:${k}` : `i:${String(k)}`);
  expected.sort();
  if (wire.length !== expected.length || wire.some((k, i) => k !== expected[i])) return `wire keys ${JSON.stringify(wire)}, declared ${JSON.stringify(expected)}`;
  return null;
}

/** JavaScript for Node: the module's `@mimi-codec/runtime...` imports pointed at this checkout's sources. */
function transpile(source: string): string {
  const target = (spec: string): string => {
    if (spec === "@mimi-codec/runtime") return new URL("src/runtime/index.ts", ROOT).href;
    if (spec === "@mimi-codec/runtime/cddl") return new URL("src/runtime/cddl/index.ts", ROOT).href;
    const doc = /^@mimi-codec\/runtime\/([a-z0-9-]+)\/internal$/.exec(spec);
    return doc ? new URL(`generated/${doc[1]!}/internal.ts`, ROOT).href : spec;
  };
  const rewrite: ts.TransformerFactory<ts.SourceFile> = (context) => (sf) =>
    ts.visitEachChild(
      sf,
      (node) =>
        ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)
          ? context.factory.updateImportDeclaration(node, node.modifiers, node.importClause, context.factory.createStringLiteral(target(node.moduleSpecifier.text)), node.attributes)
          : node,
      context,
    );
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, transformers: { before: [rewrite] } }).outputText;
}

export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const where = e.stack?.split("\n").slice(1, 4).map((l) => l.trim()).join(" | ") ?? "";
  return `${e.name}: ${e.message.slice(0, 400)}${where ? ` (${where})` : ""}`;
}
