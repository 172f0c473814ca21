/**
 * The built-in documents as the page embeds them: each one's shipped IR
 * (schemas/<doc>.definitions.json), configuration, what `lint` found in its
 * source (schemas/<doc>.lint.json) and its generated module. Nothing is
 * read at run time, so the page works from file:// and offline.
 */
import * as rfc9420 from "../../generated/rfc9420/internal.js";
import * as rfc8446 from "../../generated/rfc8446/internal.js";
import * as mimiContent03 from "../../generated/mimi-content-03/internal.js";
import * as mimiProtocol06 from "../../generated/mimi-protocol-06/internal.js";
import * as mimiContent03Cddl from "../../generated/mimi-content-03-cddl/internal.js";
import * as mimiContent04 from "../../generated/mimi-content-04/internal.js";
import * as mimiContentMain from "../../generated/mimi-content-main/internal.js";
import defRfc9420 from "../../schemas/rfc9420.definitions.json" with { type: "json" };
import defRfc8446 from "../../schemas/rfc8446.definitions.json" with { type: "json" };
import defMimiContent03 from "../../schemas/mimi-content-03.definitions.json" with { type: "json" };
import defMimiProtocol06 from "../../schemas/mimi-protocol-06.definitions.json" with { type: "json" };
import defMimiContent03Cddl from "../../schemas/mimi-content-03-cddl.definitions.json" with { type: "json" };
import defMimiContent04 from "../../schemas/mimi-content-04.definitions.json" with { type: "json" };
import defMimiContentMain from "../../schemas/mimi-content-main.definitions.json" with { type: "json" };
import cfgRfc9420 from "../../schemas/rfc9420.config.json" with { type: "json" };
import cfgRfc8446 from "../../schemas/rfc8446.config.json" with { type: "json" };
import cfgMimiContent03 from "../../schemas/mimi-content-03.config.json" with { type: "json" };
import cfgMimiProtocol06 from "../../schemas/mimi-protocol-06.config.json" with { type: "json" };
import cfgMimiContent03Cddl from "../../schemas/mimi-content-03-cddl.config.json" with { type: "json" };
import cfgMimiContent04 from "../../schemas/mimi-content-04.config.json" with { type: "json" };
import cfgMimiContentMain from "../../schemas/mimi-content-main.config.json" with { type: "json" };
import lintRfc9420 from "../../schemas/rfc9420.lint.json" with { type: "json" };
import lintRfc8446 from "../../schemas/rfc8446.lint.json" with { type: "json" };
import lintMimiContent03 from "../../schemas/mimi-content-03.lint.json" with { type: "json" };
import lintMimiProtocol06 from "../../schemas/mimi-protocol-06.lint.json" with { type: "json" };
import lintMimiContent03Cddl from "../../schemas/mimi-content-03-cddl.lint.json" with { type: "json" };
import lintMimiContent04 from "../../schemas/mimi-content-04.lint.json" with { type: "json" };
import lintMimiContentMain from "../../schemas/mimi-content-main.lint.json" with { type: "json" };
import { BUILTIN_DOCUMENTS, type BuiltinDocument } from "../compile/builtin-names.js";
import { builtinIrFromJson, type BuiltinIr } from "../compile/builtin-ir.js";
import type { CompiledDocument } from "../compile/compile-document.js";
import type { DocumentConfig } from "../compile/config.js";
import type { Diagnostic } from "../diagnostics/index.js";

export { BUILTIN_DOCUMENTS, type BuiltinDocument };

interface Embedded {
  readonly module: Record<string, unknown>;
  readonly definitions: unknown;
  readonly config: unknown;
  readonly lint: unknown;
}

const EMBEDDED: Record<BuiltinDocument, Embedded> = {
  rfc9420: { module: rfc9420, definitions: defRfc9420, config: cfgRfc9420, lint: lintRfc9420 },
  rfc8446: { module: rfc8446, definitions: defRfc8446, config: cfgRfc8446, lint: lintRfc8446 },
  "mimi-content-03": { module: mimiContent03, definitions: defMimiContent03, config: cfgMimiContent03, lint: lintMimiContent03 },
  "mimi-protocol-06": { module: mimiProtocol06, definitions: defMimiProtocol06, config: cfgMimiProtocol06, lint: lintMimiProtocol06 },
  "mimi-content-03-cddl": { module: mimiContent03Cddl, definitions: defMimiContent03Cddl, config: cfgMimiContent03Cddl, lint: lintMimiContent03Cddl },
  "mimi-content-04": { module: mimiContent04, definitions: defMimiContent04, config: cfgMimiContent04, lint: lintMimiContent04 },
  "mimi-content-main": { module: mimiContentMain, definitions: defMimiContentMain, config: cfgMimiContentMain, lint: lintMimiContentMain },
};

/** A built-in document in the page: its IR, config, shipped diagnostics, generated module, and merge notes. */
export interface BuiltinEntry {
  readonly name: BuiltinDocument;
  readonly ir: BuiltinIr;
  readonly config: DocumentConfig;
  readonly diagnostics: readonly Diagnostic[];
  readonly module: Record<string, unknown>;
  /** A merged document's pairs (type -> the other language's name) and notes (`Type.path: what`). */
  readonly merge?: { readonly with: string; readonly partner: ReadonlyMap<string, string>; readonly notes: readonly string[] };
}

const cache = new Map<BuiltinDocument, BuiltinEntry>();

export function isBuiltinName(name: string): name is BuiltinDocument {
  return (BUILTIN_DOCUMENTS as readonly string[]).includes(name);
}

export function builtinEntry(name: BuiltinDocument): BuiltinEntry {
  const hit = cache.get(name);
  if (hit) return hit;
  const e = EMBEDDED[name];
  const raw = e.definitions as { merge?: { with: string; pairs: { name: string; partner: string }[]; notes: string[] } };
  const lint = e.lint as { diagnostics: Diagnostic[] };
  const entry: BuiltinEntry = {
    name,
    ir: builtinIrFromJson(JSON.stringify(e.definitions)),
    config: e.config as DocumentConfig,
    diagnostics: lint.diagnostics,
    module: e.module,
    ...(raw.merge ? { merge: { with: raw.merge.with, partner: new Map(raw.merge.pairs.map((p) => [p.name, p.partner])), notes: raw.merge.notes } } : {}),
  };
  cache.set(name, entry);
  return entry;
}

/** A built-in as a compiled import of a pasted draft (compile-set's loadShippedDocument, without files). */
export function shippedDocument(name: BuiltinDocument): CompiledDocument {
  const e = builtinEntry(name);
  return { ir: e.ir.doc, path: e.config.source, config: e.config, diagnostics: [], broken: e.ir.reasons, blocks: e.ir.blocks, cddlBlocks: 0 };
}
