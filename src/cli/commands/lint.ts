import { isAbsolute, join } from "node:path";
import { isBuiltin, loadBuiltinConfig, MissingSourceError, projectRoot } from "../../compile/builtin.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { compileWithImports } from "../../compile/compile-set.js";
import { loadShippedDocument, readShippedLint } from "../../compile/load-shipped.js";
import { formatDiagnostic, sortDiagnostics, type Diagnostic, type SourceLoc } from "../../diagnostics/index.js";
import { readSourceLine, type ExtractIo } from "../../extract/index.js";
import { diagnoseTwin } from "../../merge/diagnose-twin.js";
import type { CliIo } from "../io.js";
import { draftIo, readUserFile } from "../io.js";

export interface LintSummary {
  readonly draft: string;
  readonly blocks: number;
  readonly cddlBlocks: number;
  readonly definitions: number;
  readonly compiled: number;
  readonly warnings: number;
  readonly errors: number;
}

export interface LintOptions {
  readonly strict: boolean;
  readonly json: boolean;
  readonly imports?: readonly string[];
  readonly configFile?: string;
  /** Folders for CDDL `;# import` / `;# include` (--cddl-path). */
  readonly cddlPath?: readonly string[];
  /** Where the drafts are read (a draft given as `-` is in memory). */
  readonly io?: ExtractIo;
  /** Folders besides each draft's own that its includes may read. */
  readonly allowInclude?: readonly string[];
}

interface Linted {
  readonly draft: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: LintSummary;
  /** Read from the shipped schemas/<doc>.lint.json, not from the source. */
  readonly shipped: boolean;
}

/** `mimi-codec lint <draft...> [--strict] [--json]`: every diagnostic, located; exit 1 on errors. */
export function lintCommand(drafts: readonly string[], opts: LintOptions, io: CliIo): number {
  // drafts given together link: each imports the others that define what it uses
  const siblings = drafts.filter((d) => !isBuiltin(d));
  const cache = new Map<string, CompiledDocument>();
  const all = drafts.map((draft) => lintOne(draft, opts, siblings, cache));
  if (opts.json) {
    io.out(JSON.stringify(all, null, 2));
  } else {
    for (const { diagnostics, summary, shipped } of all) {
      for (const d of diagnostics) io.out(formatDiagnostic(d, shipped ? readSourceLine(inDrafts(d.loc)) : readSourceLine(d.loc, opts.io)));
      io.out(
        `${summary.draft}: ${summary.blocks} TPL blocks, ${summary.cddlBlocks} CDDL blocks, ${summary.definitions} definitions (${summary.compiled} compiled), ${summary.errors} errors, ${summary.warnings} warnings` +
          (shipped ? ` (as shipped: compiled from ${loadBuiltinConfig(summary.draft as never).source} by gen --builtin)` : ""),
      );
    }
  }
  // an error, or a definition that does not compile (every such has an error somewhere: in it or in what it uses)
  return all.some((l) => l.summary.errors > 0 || l.summary.compiled < l.summary.definitions) ? 1 : 0;
}

/** A shipped location (relative to the drafts folder) where $MIMI_DRAFTS says the drafts are, for the caret line. */
function inDrafts(loc: SourceLoc): SourceLoc {
  if (isAbsolute(loc.file)) return loc;
  if (loc.file.startsWith("schemas/")) return { ...loc, file: join(projectRoot(), loc.file) };
  const drafts = process.env["MIMI_DRAFTS"];
  return drafts ? { ...loc, file: join(drafts, loc.file) } : loc;
}

function lintOne(draft: string, opts: LintOptions, siblings: readonly string[], cache: Map<string, CompiledDocument>): Linted {
  const imports = opts.imports ?? [];
  // A built-in name: what gen --builtin found in its source, shipped with the package.
  // Its source is needed only for another mode or more imports than its config's.
  if (isBuiltin(draft) && imports.length === 0 && (!opts.strict || loadBuiltinConfig(draft).mode === "strict")) {
    const shipped = readShippedLint(draft);
    if (shipped) return summarise(draft, shipped.diagnostics, loadShippedDocument(draft), true);
  }
  if (!isBuiltin(draft)) {
    if (!opts.io?.exists(draft)) readUserFile(draft);
  } else if (opts.strict && loadBuiltinConfig(draft).mode !== "strict" && !process.env["MIMI_DRAFTS"]) {
    throw new MissingSourceError(`lint --strict ${draft} compiles its source ${loadBuiltinConfig(draft).source}, which mimi-codec does not ship: set $MIMI_DRAFTS to the folder that holds it, or pass the draft's path`);
  }
  const compiled = compileWithImports(draft, {
    ...(opts.strict ? { strict: true } : {}),
    imports,
    siblings,
    cache,
    io: draftIo(opts.allowInclude, opts.io),
    ...(opts.configFile !== undefined ? { configFile: opts.configFile } : {}),
    ...(opts.cddlPath ? { cddlPath: opts.cddlPath } : {}),
  });
  // the TPL and CDDL of a draft written twice compile once for the alignment and the merge
  return summarise(draft, [...compiled.diagnostics, ...diagnoseTwin(compiled, new Map())], compiled, false);
}

function summarise(draft: string, all: readonly Diagnostic[], compiled: CompiledDocument, shipped: boolean): Linted {
  const diagnostics = sortDiagnostics(all);
  const summary: LintSummary = {
    draft,
    blocks: compiled.blocks,
    cddlBlocks: compiled.cddlBlocks,
    definitions: compiled.ir.definitions.length,
    compiled: compiled.ir.definitions.length - compiled.broken.size,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    errors: diagnostics.filter((d) => d.severity === "error").length,
  };
  return { draft, diagnostics, summary, shipped };
}
