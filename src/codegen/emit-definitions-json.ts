import { relative, resolve } from "node:path";
import { draftsDir, projectRoot } from "../compile/builtin.js";
import type { CompiledDocument } from "../compile/compile-document.js";
import type { SourceLoc } from "../diagnostics/index.js";
import { irKey, irToJson } from "../ir/ir-json.js";
import type { IRDocument } from "../ir/types.js";

/** A merged document's three views (src/merge), as far as definitions.json records them. */
export interface MergedDefinitions {
  readonly types: IRDocument;
  readonly tpl: IRDocument;
  readonly cbor: IRDocument;
  readonly with: string;
  readonly pairs: readonly { readonly name: string; readonly partner: string; readonly agree: boolean; readonly follow: "tpl" | "cddl"; readonly findings: number }[];
  readonly notes: readonly { readonly path: string; readonly message: string }[];
}

/**
 * The extracted definitions with provenance (draft, line, section), so a
 * reviewer sees in a diff what changed in a draft without reading code.
 * Paths are relative to the drafts folder to stay machine-independent.
 */
export function emitDefinitionsJson(compiled: CompiledDocument, merged?: MergedDefinitions): string {
  const strip = (file: string) => {
    const abs = resolve(file);
    const inDrafts = relative(draftsDir(), abs);
    if (!inDrafts.startsWith("..")) return inDrafts;
    const inProject = relative(projectRoot(), abs);
    return inProject.startsWith("..") ? file : inProject;
  };
  const out = {
    document: compiled.ir.name,
    source: compiled.ir.source,
    imports: compiled.ir.imports,
    blocks: compiled.blocks,
    definitions: (merged?.types ?? compiled.ir).definitions.map((d) => ({
      name: d.name,
      kind: d.kind,
      language: d.language,
      at: `${strip(d.loc.file)}:${d.loc.line}:${d.loc.col}`,
      section: d.section,
      ...(compiled.broken.has(d.name) ? { notCompiled: compiled.broken.get(d.name) } : {}),
      type: d.type,
    })),
    ...(merged ? { merge: mergeSection(merged) } : {}),
  };
  return irToJson(out, 2, (key, value) => (key === "loc" ? `${strip((value as SourceLoc).file)}:${(value as SourceLoc).line}:${(value as SourceLoc).col}` : value)) + "\n";
}

/**
 * Where a merged document's codecs are generated from something other than
 * its types: per format, the definitions whose type differs, plus the pairs
 * and the notes of the merge.
 */
function mergeSection(m: MergedDefinitions): object {
  const differing = (wire: IRDocument) => {
    const out: Record<string, unknown> = {};
    for (const d of wire.definitions) {
      const t = m.types.definitions.find((x) => x.name === d.name);
      if (t && irKey(t.type) !== irKey(d.type)) out[d.name] = d.type;
    }
    return out;
  };
  return { with: m.with, pairs: m.pairs, notes: m.notes.map((n) => `${n.path}: ${n.message}`), tpl: differing(m.tpl), cbor: differing(m.cbor) };
}
