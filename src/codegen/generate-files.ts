import type { CompiledDocument } from "../compile/compile-document.js";
import { emitModule } from "./emit-module.js";
import { emitDefinitionsJson } from "./emit-definitions-json.js";
import { genJsonSchema } from "./gen-json-schema.js";

export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The files one compiled document produces, relative to the project root:
 * generated/<doc>/index.ts and schemas/<doc>.definitions.json.
 */
export async function generateFiles(compiled: CompiledDocument, imports: readonly CompiledDocument[], layout: { runtimeImport: string; generatedDir: string; schemasDir: string; documentImport?: (doc: string) => string }): Promise<OutputFile[]> {
  const doc = compiled.ir;
  const module = await emitModule({
    doc,
    imports: imports.map((c) => c.ir),
    broken: new Set(compiled.broken.keys()),
    contextAliases: compiled.config.contextAliases ?? {},
    runtimeImport: layout.runtimeImport,
    documentImport: layout.documentImport ?? ((dep) => `../${dep}/index.js`),
    ...(compiled.config.description ? { description: compiled.config.description } : {}),
  });
  return [
    { path: `${layout.generatedDir}/${doc.name}/index.ts`, content: module },
    { path: `${layout.schemasDir}/${doc.name}.definitions.json`, content: emitDefinitionsJson(compiled) },
    {
      path: `${layout.schemasDir}/${doc.name}.schema.json`,
      content: JSON.stringify(genJsonSchema(doc, imports.map((c) => c.ir), new Set(compiled.broken.keys())), null, 2) + "\n",
    },
  ];
}
