import { compileTwin } from "../compile/compile-set.js";
import type { CompiledDocument } from "../compile/compile-document.js";
import { fromCompiled } from "../compare/load-document.js";
import { mergeDocuments, type MergedDocument } from "./merge-documents.js";

export { mergeDocuments, type MergedDocument, type MergedPair } from "./merge-documents.js";
export { MergeError } from "./merge-error.js";
export type { OverlayNote } from "./overlay-wire.js";

/** The merged form of a compiled document whose config asks for one (`merge`), else undefined. */
export function mergeCompiled(compiled: CompiledDocument, cache: Map<string, CompiledDocument>): (MergedDocument & { readonly with: string }) | undefined {
  const merge = compiled.config.merge;
  if (!merge) return undefined;
  const partner = compileTwin(compiled, merge.with, cache);
  return { ...mergeDocuments(fromCompiled(compiled.config.document, compiled, cache), fromCompiled(merge.with, partner, cache), merge), with: merge.with };
}
