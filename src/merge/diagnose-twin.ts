import { compileTwin } from "../compile/compile-set.js";
import type { CompiledDocument } from "../compile/compile-document.js";
import { alignDocuments } from "../compare/align.js";
import { fromCompiled } from "../compare/load-document.js";
import { diag, type Diagnostic } from "../diagnostics/index.js";
import { mergeCompiled } from "./index.js";
import { MergeError } from "./merge-error.js";

/**
 * A draft that defines its data model twice (TPL and CDDL, config `merge`):
 * every disagreement between the two, located at the TPL side and citing
 * the CDDL side (a warning where the two accept different bytes), and, of
 * the merged module, where one codec refuses values the other side allows
 * (notes) or why the merge fails (an error).
 */
export function diagnoseTwin(compiled: CompiledDocument, cache: Map<string, CompiledDocument>): Diagnostic[] {
  const merge = compiled.config.merge;
  if (!merge) return [];
  const name = compiled.config.document;
  const twin = compileTwin(compiled, merge.with, cache);
  const aligned = alignDocuments(fromCompiled(name, compiled, cache), fromCompiled(merge.with, twin, cache)).findings.map((f) =>
    diag(f.wire === "incompatible" ? "warning" : "note", `align/${f.kind}`, `${f.path}: ${f.message} (${name} vs ${merge.with})`, f.left, { related: f.right }),
  );
  try {
    const merged = mergeCompiled(compiled, cache);
    return [...aligned, ...(merged?.notes ?? []).map((n) => diag("note", "merge/narrowed", `${n.path}: ${n.message} (merged ${name})`, n.loc))];
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    return [...aligned, diag("error", "merge/shape", `${e.path}: ${e.reason}`, e.loc, e.related ? { related: e.related } : {})];
  }
}
