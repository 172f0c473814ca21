import { relative, resolve } from "node:path";
import { draftsDir, projectRoot } from "../compile/builtin.js";
import type { CompiledDocument } from "../compile/compile-document.js";

/**
 * The extracted definitions with provenance (draft, line, section), so a
 * reviewer sees in a diff what changed in a draft without reading code.
 * Paths are relative to the drafts folder to stay machine-independent.
 */
export function emitDefinitionsJson(compiled: CompiledDocument): string {
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
    definitions: compiled.ir.definitions.map((d) => ({
      name: d.name,
      kind: d.kind,
      language: d.language,
      at: `${strip(d.loc.file)}:${d.loc.line}:${d.loc.col}`,
      section: d.section,
      ...(compiled.broken.has(d.name) ? { notCompiled: compiled.broken.get(d.name) } : {}),
      type: d.type,
    })),
  };
  return JSON.stringify(out, (key, value) => (key === "loc" ? `${strip(value.file)}:${value.line}:${value.col}` : value), 2) + "\n";
}
