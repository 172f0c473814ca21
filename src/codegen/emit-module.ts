import { Project } from "ts-morph";
import type { IRDocument } from "../ir/types.js";
import { importName, makeGenContext } from "./gen-context.js";
import { AmbiguousUnionError, genCborFunctions, mapKeyConstants } from "./gen-cbor-codec.js";
import { genTplFunctions, NoTplImageError } from "./gen-tpl-codec.js";
import { localRefs } from "../ir/find-broken.js";
import { genTypeDeclaration } from "./gen-ts-types.js";
import { timeStageAsync, type StageTimings } from "../compile/stage-timings.js";
import { formatModule } from "./format-module.js";

export const GENERATOR_VERSION = "0.1.0";

export interface EmitInput {
  readonly doc: IRDocument;
  readonly imports: readonly IRDocument[];
  readonly broken: ReadonlySet<string>;
  readonly contextAliases: Readonly<Record<string, string>>;
  /** Path from the generated module to src/runtime/index.js. */
  readonly runtimeImport: string;
  /** Path from the generated module to another generated document's module. */
  readonly documentImport: (document: string) => string;
  readonly description?: string;
  /** Where to add the time spent generating ("emit") and formatting ("prettier"). */
  readonly timings?: StageTimings;
  /**
   * A merged document (src/merge): each codec generated from its own
   * format's definitions, under the names of `doc`, which gives the types.
   */
  readonly wire?: WireDocuments;
  /** The document's default decode limits (config `limits`), passed to every codec object. */
  readonly limits?: Readonly<Record<string, number>>;
}

/** The definitions each codec of a merged document is generated from. */
export interface WireDocuments {
  readonly tpl: IRDocument;
  readonly cbor: IRDocument;
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await any boolean number string symbol bigint never unknown object undefined".split(
    " ",
  ),
);

/**
 * One TypeScript module per document: types, TPL codecs, and one exported
 * codec object per type. ts-morph owns the imports and statement layout,
 * prettier the formatting; the header names the source draft.
 */
export interface EmittedModule {
  readonly text: string;
  /** Definitions emitted without one of the codecs, and why. */
  readonly oneFormat: ReadonlyMap<string, { readonly missing: "tpl" | "cbor"; readonly reason: string }>;
}

export async function emitModule(input: EmitInput): Promise<string> {
  return (await emitModuleWithReport(input)).text;
}

export async function emitModuleWithReport(input: EmitInput): Promise<EmittedModule> {
  const started = performance.now();
  const ctx = makeGenContext(input.doc, input.imports, input.broken, input.contextAliases);
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("index.ts", "");

  sf.addImportDeclaration({
    moduleSpecifier: input.runtimeImport,
    namedImports: [
      "CodecError",
      "checkAllZero",
      "checkArray",
      "checkBytes",
      "checkLength",
      "checkObject",
      "checkText",
      "checkUint",
      "checkUint64",
      "describe",
      "rethrowWithPath",
      "tplCodec",
      "utf8Length",
      "varintSize",
      "arrayEnd",
      "decodeItemAt",
      "mergeMapEntries",
      "sortedMapEntries",
      "float64Bits",
      "fromFloat64Bits",
      "tplInt64",
      "arrayHasItem",
      "arrayItem",
      "cborCodec",
      "cborHeadSize",
      "checkBool",
      "checkInt64",
      "checkItem",
      "checkMap",
      "checkNumber",
      "encodeItem",
      "floatSize",
      "readMapKey",
      { name: "CborCodec", isTypeOnly: true },
      { name: "CborItem", isTypeOnly: true },
      { name: "CborReader", isTypeOnly: true },
      { name: "CborWriter", isTypeOnly: true },
      { name: "CodecContext", isTypeOnly: true },
      { name: "SizeCache", isTypeOnly: true },
      { name: "TplCodec", isTypeOnly: true },
      { name: "TplReader", isTypeOnly: true },
      { name: "TplWriter", isTypeOnly: true },
    ],
  });
  for (const dep of input.doc.imports) {
    sf.addImportDeclaration({ moduleSpecifier: input.documentImport(dep), namespaceImport: importName(dep) });
  }

  const defs = ctx.definitions.filter((d) => !RESERVED.has(d.name));
  const tplCtx = input.wire ? makeGenContext(input.wire.tpl, input.imports, input.broken, input.contextAliases) : ctx;
  // An enum whose CBOR rules differ from its TPL ones gets its own CBOR look-ups.
  const ownEnums = new Set(
    (input.wire?.cbor.definitions ?? []).filter((d) => d.type.kind === "enum" && JSON.stringify(d.type) !== JSON.stringify(input.wire!.tpl.definitions.find((t) => t.name === d.name)?.type)).map((d) => d.name),
  );
  const cborCtx = input.wire ? makeGenContext(input.wire.cbor, input.imports, input.broken, input.contextAliases, ownEnums) : ctx;
  const own = (c: typeof ctx, name: string) => c.definitions.find((d) => d.name === name)!;
  // Generate both codecs of every type; a type whose construct has no image
  // in one format (or that uses such a type) goes without that codec.
  const tpl = new Map<string, string>();
  const cbor = new Map<string, string>();
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
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of defs) {
      for (const [table, format] of [[tpl, "tpl"], [cbor, "cbor"]] as const) {
        if (!table.has(def.name)) continue;
        const dep = localRefs(def.type).find((n) => !table.has(n) && defs.some((d) => d.name === n));
        if (dep) {
          table.delete(def.name);
          oneFormat.set(def.name, { missing: format, reason: `uses ${dep}, which has no ${format === "tpl" ? "TPL" : "CBOR"} codec` });
          changed = true;
        }
      }
    }
  }

  const statements: string[] = [];
  const hasLimits = input.limits !== undefined && Object.keys(input.limits).length > 0;
  if (hasLimits) {
    statements.push(`/** Default decode limits of this document's codecs (options given to a decode override them). */\nexport const DOCUMENT_LIMITS = Object.freeze(${JSON.stringify(input.limits)});`);
  }
  const limitsArg = hasLimits ? ", DOCUMENT_LIMITS" : "";
  for (const def of defs) {
    statements.push(genTypeDeclaration(ctx, def));
    statements.push(...mapKeyConstants(own(cborCtx, def.name)));
    const t = tpl.get(def.name);
    const c = cbor.get(def.name);
    if (t) statements.push(t);
    if (c) statements.push(c);
    const members: string[] = [];
    const types: string[] = [];
    if (t) {
      members.push(`tpl: tplCodec<${def.name}>(${JSON.stringify(def.name)}, size_${def.name}, write_${def.name}, read_${def.name}${limitsArg})`);
      types.push(`readonly tpl: TplCodec<${def.name}>`);
    }
    if (c) {
      members.push(`cbor: cborCodec<${def.name}>(${JSON.stringify(def.name)}, csize_${def.name}, cwrite_${def.name}, cread_${def.name}${limitsArg})`);
      types.push(`readonly cbor: CborCodec<${def.name}>`);
    }
    const missing = oneFormat.get(def.name);
    statements.push(
      `/** ${def.name}: ${[t ? "TLS presentation language" : "", c ? "CBOR" : ""].filter(Boolean).join(" and ")} codec${t && c ? "s" : ""}.${missing ? ` No ${missing.missing.toUpperCase()} codec: ${missing.reason.replace(/\*\//g, "* /")}.` : ""} */\nexport const ${def.name}: { ${types.join("; ")} } = { ${members.join(", ")} };`,
    );
  }
  statements.push(`/** Every type this module defines, by name. */\nexport const TYPE_NAMES = ${JSON.stringify(ctx.definitions.map((d) => d.name).filter((n) => !RESERVED.has(n)))} as const;`);
  statements.push(
    `/** Context keys the decoders of this module read (values from outside a struct). */\nexport const CONTEXT_KEYS = ${JSON.stringify([...ctx.contextKeys].sort())} as const;`,
  );
  sf.addStatements(statements);

  const header = [
    `// Code generated by mimi-codec v${GENERATOR_VERSION} from ${input.doc.source}${input.description ? ` (${input.description})` : ""}. DO NOT EDIT.`,
    `// Regenerate with \`npm run gen\`.`,
    `/* eslint-disable */`,
    ``,
  ].join("\n");
  const text = header + sf.getFullText();
  if (input.timings) input.timings.emit += performance.now() - started;
  return { text: await timeStageAsync(input.timings, "prettier", () => formatModule(text)), oneFormat };
}
