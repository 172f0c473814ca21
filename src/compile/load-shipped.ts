import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Diagnostic, SourceLoc } from "../diagnostics/index.js";
import type { Definition } from "../ir/types.js";
import { loadBuiltinConfig, projectRoot, type BuiltinDocument } from "./builtin.js";
import type { CompiledDocument } from "./compile-document.js";
import { loadBuiltinIr } from "./load-definitions.js";

/**
 * A built-in document as the package ships it, without its draft: the IR
 * of schemas/<doc>.definitions.json and what `lint` said of the source
 * when `gen --builtin` compiled it (schemas/<doc>.lint.json). Locations
 * are relative to the drafts folder. A merged document is its own TPL
 * compilation here, as compiling its source gives (its definitions.json
 * holds the merged types).
 */
export function loadShippedDocument(name: BuiltinDocument): CompiledDocument {
  const config = loadBuiltinConfig(name);
  const ir = loadBuiltinIr(name);
  const lint = readShippedLint(name);
  return {
    ir: lint?.compiled ? { ...ir.doc, definitions: lint.compiled } : ir.doc,
    path: config.source,
    config,
    diagnostics: lint?.diagnostics.filter((d) => !d.code.startsWith("align/") && !d.code.startsWith("merge/")) ?? [],
    broken: ir.reasons,
    blocks: ir.blocks,
    cddlBlocks: lint?.cddlBlocks ?? 0,
  };
}

/** What `lint <doc>` prints for a built-in: its diagnostics, twin findings included, and block counts. */
export interface ShippedLint {
  readonly document: string;
  readonly source: string;
  readonly blocks: number;
  readonly cddlBlocks: number;
  readonly diagnostics: readonly Diagnostic[];
  /** A merged document's definitions as compiled, before the merge. */
  readonly compiled?: readonly Definition[];
}

function lintFile(name: string): string {
  return join(projectRoot(), "schemas", `${name}.lint.json`);
}

export function readShippedLint(name: BuiltinDocument): ShippedLint | undefined {
  const file = lintFile(name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8"), (_key, value: unknown) => (isBigint(value) ? BigInt(value.$bigint) : value)) as ShippedLint) : undefined;
}

/**
 * schemas/<doc>.lint.json for a built-in compiled from `drafts`: every
 * location made relative (to the drafts folder, else to the project), so
 * the file is the same on every machine.
 */
export function shippedLintJson(compiled: CompiledDocument, diagnostics: readonly Diagnostic[], drafts: string): string {
  const rel = (loc: SourceLoc): SourceLoc => ({ file: relativeFile(loc.file, drafts), line: loc.line, col: loc.col });
  const lint: ShippedLint = {
    document: compiled.ir.name,
    source: compiled.config.source,
    blocks: compiled.blocks,
    cddlBlocks: compiled.cddlBlocks,
    diagnostics,
    ...(compiled.config.merge ? { compiled: compiled.ir.definitions } : {}),
  };
  return JSON.stringify(lint, (key, value: unknown) => (typeof value === "bigint" ? { $bigint: String(value) } : key === "loc" || key === "related" ? rel(value as SourceLoc) : value), 2) + "\n";
}

function isBigint(value: unknown): value is { $bigint: string } {
  return typeof value === "object" && value !== null && typeof (value as { $bigint?: unknown }).$bigint === "string";
}

function relativeFile(file: string, drafts: string): string {
  if (!isAbsolute(file)) return file;
  const inDrafts = relative(resolve(drafts), file);
  if (!inDrafts.startsWith("..")) return inDrafts.replace(/\\/g, "/");
  const inProject = relative(projectRoot(), file);
  return inProject.startsWith("..") ? file : inProject.replace(/\\/g, "/");
}
