import type { CompiledDocument } from "../compile/compile-document.js";
import { emitModuleWithReport } from "./emit-module.js";
import { emitDefinitionsJson, type MergedDefinitions } from "./emit-definitions-json.js";
import { genJsonSchema } from "./gen-json-schema.js";
import { timeStage, type StageTimings } from "../compile/stage-timings.js";

export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The files one compiled document produces, relative to the project root:
 * generated/<doc>/internal.ts (the whole module), its public entries
 * index.ts, tpl.ts and cbor.ts, and schemas/<doc>.definitions.json and
 * .schema.json. With `timings`, writing them counts as "emit" and
 * formatting as "prettier". `documentImport` names another document's
 * internal entry; `regenerate` is the command for the modules' headers.
 */
export async function generateFiles(
  compiled: CompiledDocument,
  imports: readonly CompiledDocument[],
  layout: { runtimeImport: string; generatedDir: string; schemasDir: string; documentImport?: (doc: string) => string; regenerate?: string },
  timings?: StageTimings,
  merged?: MergedDefinitions,
): Promise<OutputFile[]> {
  // A merged document's types (and JSON Schemas) come from its merge; definitions.json stays the compiled TPL.
  const doc = merged?.types ?? compiled.ir;
  const module = await emitModuleWithReport({
    doc,
    imports: imports.map((c) => c.ir),
    broken: new Set(compiled.broken.keys()),
    contextAliases: compiled.config.contextAliases ?? {},
    runtimeImport: layout.runtimeImport,
    documentImport: layout.documentImport ?? ((dep) => `../${dep}/internal.js`),
    entries: true,
    ...(layout.regenerate !== undefined ? { regenerate: layout.regenerate } : {}),
    ...(compiled.config.description ? { description: compiled.config.description } : {}),
    ...(timings ? { timings } : {}),
    ...(merged ? { wire: { tpl: merged.tpl, cbor: merged.cbor } } : {}),
    ...(compiled.config.limits ? { limits: compiled.config.limits } : {}),
  });
  const dir = `${layout.generatedDir}/${doc.name}`;
  const entries = module.entries!;
  return timeStage(timings, "emit", () => [
    { path: `${dir}/internal.ts`, content: module.text },
    { path: `${layout.schemasDir}/${doc.name}.definitions.json`, content: emitDefinitionsJson(compiled, merged) },
    {
      path: `${layout.schemasDir}/${doc.name}.schema.json`,
      content: JSON.stringify(genJsonSchema(doc, imports.map((c) => c.ir), new Set(compiled.broken.keys())), null, 2) + "\n",
    },
    { path: `${dir}/index.ts`, content: entries.index },
    { path: `${dir}/tpl.ts`, content: entries.tpl },
    { path: `${dir}/cbor.ts`, content: entries.cbor },
  ]);
}
