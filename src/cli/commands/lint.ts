import { compileWithImports } from "../../compile/compile-set.js";
import { align } from "../../compare/align.js";
import { diag, formatDiagnostic, sortDiagnostics, type Diagnostic } from "../../diagnostics/index.js";
import { builtinPairOf } from "./align.js";
import { readSourceLine } from "../../extract/index.js";
import type { CliIo } from "../io.js";
import { draftIo, readUserFile } from "../io.js";
import { isBuiltin } from "../../compile/builtin.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { MergeError, mergeCompiled } from "../../merge/index.js";

export interface LintSummary {
  readonly draft: string;
  readonly blocks: number;
  readonly cddlBlocks: number;
  readonly definitions: number;
  readonly compiled: number;
  readonly warnings: number;
  readonly errors: number;
}

/**
 * A draft that defines its data model twice (TPL and CDDL, mimi-content-03):
 * every disagreement between the two, located at the TPL side and citing the
 * CDDL side; a warning where the two accept different bytes.
 */
function alignmentDiagnostics(draft: string, cache: Map<string, CompiledDocument>): Diagnostic[] {
  const pair = builtinPairOf(draft);
  if (!pair) return [];
  return align(pair[0], pair[1], { cache }).findings.map((f) =>
    diag(f.wire === "incompatible" ? "warning" : "note", `align/${f.kind}`, `${f.path}: ${f.message} (${pair[0]} vs ${pair[1]})`, f.left, { related: f.right }),
  );
}

/**
 * The same draft merged into one module (config `merge`): where one codec
 * refuses values the other side allows (notes), or why the merge fails.
 */
function mergeDiagnostics(draft: string, cache: Map<string, CompiledDocument>): Diagnostic[] {
  const pair = builtinPairOf(draft);
  if (!pair) return [];
  try {
    const merged = mergeCompiled(compileWithImports(pair[0], { cache }), cache);
    return (merged?.notes ?? []).map((n) => diag("note", "merge/narrowed", `${n.path}: ${n.message} (merged ${pair[0]})`, n.loc));
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    return [diag("error", "merge/shape", `${e.path}: ${e.reason}`, e.loc, e.related ? { related: e.related } : {})];
  }
}

/** `mimi-codec lint <draft...> [--strict] [--json]`: every diagnostic, located; exit 1 on errors. */
export function lintCommand(
  drafts: readonly string[],
  opts: { strict: boolean; json: boolean; imports?: readonly string[]; allowInclude?: readonly string[] },
  io: CliIo,
): number {
  let failed = false;
  const all: Array<{ draft: string; diagnostics: readonly Diagnostic[]; summary: LintSummary }> = [];
  for (const draft of drafts) {
    if (!isBuiltin(draft)) readUserFile(draft);
    const compiled = compileWithImports(draft, { ...(opts.strict ? { strict: true } : {}), imports: opts.imports ?? [], io: draftIo(opts.allowInclude) });
    // the TPL and CDDL of a draft written twice compile once for the alignment and the merge
    const pairCache = new Map<string, CompiledDocument>();
    const diagnostics = sortDiagnostics([...compiled.diagnostics, ...alignmentDiagnostics(draft, pairCache), ...mergeDiagnostics(draft, pairCache)]);
    const summary: LintSummary = {
      draft,
      blocks: compiled.blocks,
      cddlBlocks: compiled.cddlBlocks,
      definitions: compiled.ir.definitions.length,
      compiled: compiled.ir.definitions.length - compiled.broken.size,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
      errors: diagnostics.filter((d) => d.severity === "error").length,
    };
    if (summary.errors > 0) failed = true;
    all.push({ draft, diagnostics, summary });
  }
  if (opts.json) {
    io.out(JSON.stringify(all, null, 2));
  } else {
    for (const { diagnostics, summary } of all) {
      for (const d of diagnostics) io.out(formatDiagnostic(d, readSourceLine(d.loc)));
      io.out(
        `${summary.draft}: ${summary.blocks} TPL blocks, ${summary.cddlBlocks} CDDL blocks, ${summary.definitions} definitions (${summary.compiled} compiled), ${summary.errors} errors, ${summary.warnings} warnings`,
      );
    }
  }
  return failed ? 1 : 0;
}
