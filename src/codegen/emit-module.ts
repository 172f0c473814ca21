import { irKey } from "../ir/ir-json.js";
import type { IRDocument } from "../ir/types.js";
import { localRefNames } from "../ir/walk.js";
import { timeStageAsync, type StageTimings } from "../compile/stage-timings.js";
import { code, docComment, ident, jsonLit, joinCode, lineComment, lines, lit, type Code } from "./code.js";
import { formatModule } from "./format-module.js";
import { makeGenContext, ModuleNames } from "./gen-context.js";
import { AmbiguousUnionError, genCborFunctions, hasAmbiguousArray, mapKeyConstants } from "./gen-cbor-codec.js";
import { genTplFunctions, NoTplImageError } from "./gen-tpl-codec.js";
import { genTypeDeclaration, typeDocText } from "./gen-ts-types.js";
import { emitEntries, type EmittedEntries, type PublicType } from "./emit-entries.js";
import { documentBinding } from "./names.js";
import { cddlEntryOf } from "./runtime-entries.js";

export const GENERATOR_VERSION = "0.1.0";

export interface EmitInput {
  readonly doc: IRDocument;
  readonly imports: readonly IRDocument[];
  readonly broken: ReadonlySet<string>;
  readonly contextAliases: Readonly<Record<string, string>>;
  /** Module specifier of the runtime, as the generated module imports it. */
  readonly runtimeImport: string;
  /** Module specifier of another generated document's internal entry (the module that exports its internal functions). */
  readonly documentImport: (document: string) => string;
  readonly description?: string;
  /** The command that regenerates this module, for its header (default `npm run gen`). */
  readonly regenerate?: string;
  /** Where to add the time spent generating ("emit") and formatting ("prettier"). */
  readonly timings?: StageTimings;
  /**
   * A merged document (src/merge): each codec generated from its own
   * format's definitions, under the names of `doc`, which gives the types.
   */
  readonly wire?: WireDocuments;
  /** The document's default decode limits (config `limits`), passed to every codec object. */
  readonly limits?: Readonly<Record<string, number>>;
  /** Also emit the public entries beside the module (index.ts, tpl.ts, cbor.ts; see emit-entries.ts). */
  readonly entries?: boolean;
}

/** The definitions each codec of a merged document is generated from. */
export interface WireDocuments {
  readonly tpl: IRDocument;
  readonly cbor: IRDocument;
}

/**
 * One TypeScript module per document (generated/<doc>/internal.ts): types,
 * both codecs, each format's codec (`tplCodec$X`, `cborCodec$X`) and one
 * codec object per type, every call at load time marked pure. Its internal
 * functions are exported for the generated modules that import this
 * document; applications import the public entries (emit-entries.ts).
 * Every piece of draft text reaches the module through the safe emitter
 * (code.ts) and the name table (names.ts); prettier does the formatting;
 * the header names the source draft and the command that regenerates it.
 */
export interface EmittedModule {
  /** The whole module (internal.ts): types, internal functions, codec objects, all exported. */
  readonly text: string;
  /** The public entries, when asked for (`entries`). */
  readonly entries?: EmittedEntries;
  /** Definitions emitted without one of the codecs, and why. */
  readonly oneFormat: ReadonlyMap<string, { readonly missing: "tpl" | "cbor"; readonly reason: string }>;
}

export async function emitModule(input: EmitInput): Promise<string> {
  return (await emitModuleWithReport(input)).text;
}

export async function emitModuleWithReport(input: EmitInput): Promise<EmittedModule> {
  const started = performance.now();
  const names = new ModuleNames(input.doc, input.imports);
  const ctx = makeGenContext(input.doc, input.imports, input.broken, input.contextAliases, names);
  const defs = ctx.definitions;
  const tplCtx = input.wire ? makeGenContext(input.wire.tpl, input.imports, input.broken, input.contextAliases, names) : ctx;
  // An enum whose CBOR rules differ from its TPL ones gets its own CBOR look-ups.
  const ownEnums = new Set(
    (input.wire?.cbor.definitions ?? [])
      .filter((d) => d.type.kind === "enum" && irKey(d.type) !== irKey(input.wire!.tpl.definitions.find((t) => t.name === d.name)?.type))
      .map((d) => d.name),
  );
  const cborCtx = input.wire ? makeGenContext(input.wire.cbor, input.imports, input.broken, input.contextAliases, names, ownEnums) : ctx;
  const own = (c: typeof ctx, name: string) => c.definitions.find((d) => d.name === name)!;

  // Both codecs of every type; a type whose construct has no image in one
  // format (or that uses such a type) goes without that codec.
  const tpl = new Map<string, Code>();
  const cbor = new Map<string, Code>();
  const oneFormat = new Map<string, { missing: "tpl" | "cbor"; reason: string }>();
  for (const def of defs) {
    try {
      tpl.set(def.name, genTplFunctions(tplCtx, own(tplCtx, def.name)));
    } catch (e) {
      if (!(e instanceof NoTplImageError)) throw e;
      oneFormat.set(def.name, { missing: "tpl", reason: e.message });
    }
    try {
      cbor.set(def.name, genCborFunctions(cborCtx, own(cborCtx, def.name)));
    } catch (e) {
      if (!(e instanceof AmbiguousUnionError)) throw e;
      oneFormat.set(def.name, { missing: "cbor", reason: e.message });
    }
  }
  const local = new Set(defs.map((d) => d.name));
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of defs) {
      for (const [table, format] of [
        [tpl, "tpl"],
        [cbor, "cbor"],
      ] as const) {
        if (!table.has(def.name)) continue;
        const dep = localRefNames(def.type).find((n) => !table.has(n) && local.has(n));
        if (dep) {
          table.delete(def.name);
          oneFormat.set(def.name, { missing: format, reason: `uses ${dep}, which has no ${format === "tpl" ? "TPL" : "CBOR"} codec` });
          changed = true;
        }
      }
    }
  }

  const body: Code[] = [];
  const hasLimits = input.limits !== undefined && Object.keys(input.limits).length > 0;
  if (hasLimits) {
    body.push(code`/** Default decode limits of this document's codecs (options given to a decode override them). */`);
    body.push(code`export const DOCUMENT_LIMITS = /* @__PURE__ */ Object.freeze(${jsonLit(input.limits)});`);
  }
  const limitsArg = hasLimits ? code`, DOCUMENT_LIMITS` : code``;
  // codecs of types whose arrays a decoder could read differently from what was meant verify each encoding
  const verify = reachingAny(defs, new Set(defs.filter((d) => hasAmbiguousArray(cborCtx, own(cborCtx, d.name))).map((d) => d.name)));
  const cborExtra = (name: string) => (verify.has(name) ? code`${hasLimits ? code`, DOCUMENT_LIMITS` : code`, undefined`}, ${names.rt("whereDiffers")}` : limitsArg);
  const publicTypes: PublicType[] = [];
  for (const def of defs) {
    const self = { name: def.name };
    const T = names.type(self);
    body.push(genTypeDeclaration(ctx, def));
    body.push(...mapKeyConstants(ctx, own(cborCtx, def.name)));
    const t = tpl.get(def.name);
    const c = cbor.get(def.name);
    if (t) body.push(t);
    if (c) body.push(c);
    // each format's codec on its own, so the format-only entries (tpl.ts, cbor.ts) can leave the other out of a bundle
    const members: Code[] = [];
    const types: Code[] = [];
    if (t) {
      const k = names.fn("tplCodec", self);
      body.push(code`export const ${k} = /* @__PURE__ */ ${names.rt("tplCodec")}<${T}>(${lit(def.name)}, ${names.fn("tplSize", self)}, ${names.fn("tplWrite", self)}, ${names.fn("tplRead", self)}${limitsArg});`);
      members.push(code`tpl: ${k}`);
      types.push(code`readonly tpl: ${names.rtType("TplCodec")}<${T}>`);
    }
    if (c) {
      const k = names.fn("cborCodec", self);
      body.push(code`export const ${k} = /* @__PURE__ */ ${names.rt("cborCodec")}<${T}>(${lit(def.name)}, ${names.fn("cborSize", self)}, ${names.fn("cborWrite", self)}, ${names.fn("cborRead", self)}${cborExtra(def.name)});`);
      members.push(code`cbor: ${k}`);
      types.push(code`readonly cbor: ${names.rtType("CborCodec")}<${T}>`);
    }
    const missing = oneFormat.get(def.name);
    const codecDoc = (tplToo: boolean, cborToo: boolean) => {
      const what = [tplToo ? "TLS presentation language" : "", cborToo ? "CBOR" : ""].filter(Boolean).join(" and ");
      return `${def.name}: ${what || "no"} codec${tplToo && cborToo ? "s" : ""}.${missing ? ` No ${missing.missing.toUpperCase()} codec: ${missing.reason}.` : ""}`;
    };
    body.push(docComment(codecDoc(!!t, !!c)));
    body.push(code`export const ${T}: { ${joinCode(types, "; ")} } = { ${joinCode(members, ", ")} };`);
    publicTypes.push({ id: names.id(def.name), typeDoc: typeDocText(ctx, def), tpl: t ? codecDoc(true, false) : null, cbor: c ? codecDoc(false, true) : null });
  }
  body.push(code`/** Every type this module defines, by its TypeScript name. */`);
  body.push(code`export const TYPE_NAMES = ${jsonLit(defs.map((d) => names.id(d.name)))} as const;`);
  body.push(code`/** Context keys the decoders of this module read (values from outside a struct). */`);
  body.push(code`export const CONTEXT_KEYS = ${jsonLit([...ctx.contextKeys].sort())} as const;`);

  const headerComments = [
    lineComment(`Code generated by mimi-codec v${GENERATOR_VERSION} from ${input.doc.source}${input.description ? ` (${input.description})` : ""}. DO NOT EDIT.`),
    lineComment(`Regenerate with \`${input.regenerate ?? "npm run gen"}\`.`),
    code`/* eslint-disable */`,
  ];
  const text = lines([...headerComments, ...importDeclarations(names, input), code``, ...body]).text + "\n";
  const constants = ["TYPE_NAMES", "CONTEXT_KEYS", ...(hasLimits ? ["DOCUMENT_LIMITS"] : [])];
  const entries = input.entries ? emitEntries(headerComments, publicTypes, constants, input.runtimeImport) : undefined;
  if (input.timings) input.timings.emit += performance.now() - started;
  return timeStageAsync(input.timings, "prettier", async () => ({
    text: await formatModule(text),
    oneFormat,
    ...(entries ? { entries: { index: await formatModule(entries.index), tpl: await formatModule(entries.tpl), cbor: await formatModule(entries.cbor) } } : {}),
  }));
}

/** Only what the module uses: runtime exports (aliased `$name`, so no draft name can shadow them) and other documents. */
function importDeclarations(names: ModuleNames, input: EmitInput): Code[] {
  const values = [...names.runtimeValues].sort();
  const types = [...names.runtimeTypes].filter((t) => !names.runtimeValues.has(t)).sort();
  const specs = [...values.map((v) => code`${ident(v)} as ${ident(`$${v}`)}`), ...types.map((t) => code`type ${ident(t)} as ${ident(`$${t}`)}`)];
  const out: Code[] = specs.length > 0 ? [code`import { ${joinCode(specs, ", ")} } from ${lit(input.runtimeImport)};`] : [];
  const cddl = [...names.runtimeCddl].sort().map((v) => code`${ident(v)} as ${ident(`$${v}`)}`);
  if (cddl.length > 0) out.push(code`import { ${joinCode(cddl, ", ")} } from ${lit(cddlEntryOf(input.runtimeImport))};`);
  for (const dep of input.doc.imports) {
    if (!names.documentsUsed.has(dep)) continue;
    out.push(code`import * as ${ident(documentBinding(dep))} from ${lit(input.documentImport(dep))};`);
  }
  return out;
}

/** The definitions that are, or refer (through any chain of references) to, one of `targets`. */
function reachingAny(defs: readonly { readonly name: string; readonly type: import("../ir/types.js").IRType }[], targets: ReadonlySet<string>): Set<string> {
  const out = new Set(targets);
  for (let changed = targets.size > 0; changed; ) {
    changed = false;
    for (const d of defs) {
      if (out.has(d.name)) continue;
      if (localRefNames(d.type).some((n) => out.has(n))) {
        out.add(d.name);
        changed = true;
      }
    }
  }
  return out;
}
