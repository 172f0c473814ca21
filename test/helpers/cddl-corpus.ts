import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { emitModuleWithReport } from "../../src/codegen/emit-module.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { loadBuiltinIr } from "../../src/compile/load-definitions.js";
import { isBuiltin } from "../../src/compile/builtin.js";

/**
 * Issue 12's measurement: every .cddl file of a folder (the published RFCs'
 * CDDL), compiled with its imports resolved from the same folder and
 * generated to TypeScript: how many definitions get a specialised codec in
 * each format, how many a validated generic one, and the diagnostics.
 */
export interface CddlFileResult {
  readonly file: string;
  readonly definitions: number;
  readonly notCompiled: number;
  /** Definitions with both codecs, not validated generic. */
  readonly specialised: number;
  /** Definitions whose codecs validate against the rule (IR `validated`). */
  readonly generic: number;
  /** Definitions emitted with one of the two codecs only. */
  readonly oneFormat: number;
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  /** Where the module was written (for a type check). */
  readonly module: string;
}

export async function compileCddlFolder(folder: string, outDir: string, runtimeDir: string): Promise<CddlFileResult[]> {
  const out: CddlFileResult[] = [];
  for (const name of readdirSync(folder).filter((f) => f.endsWith(".cddl")).sort()) {
    const file = join(folder, name);
    const c: CompiledDocument = compileWithImports(file, { imports: [] });
    const imports = c.ir.imports.map((i) => (isBuiltin(i) ? loadBuiltinIr(i).doc : compileWithImports(i).ir));
    const dir = join(outDir, c.ir.name);
    mkdirSync(dir, { recursive: true });
    const emitted = await emitModuleWithReport({
      doc: c.ir,
      imports,
      broken: new Set(c.broken.keys()),
      contextAliases: c.config.contextAliases ?? {},
      runtimeImport: `${relative(dir, runtimeDir)}/index.js`,
      documentImport: (d) => `${relative(dir, join(outDir, "..", "..", "generated", d))}/internal.js`,
    });
    const module = join(dir, "index.ts");
    writeFileSync(module, emitted.text);
    const live = c.ir.definitions.filter((d) => !c.broken.has(d.name));
    const generic = live.filter((d) => d.type.kind === "validated").length;
    const count = (s: string) => c.diagnostics.filter((d) => d.severity === s).length;
    out.push({
      file: name,
      definitions: c.ir.definitions.length,
      notCompiled: c.broken.size,
      specialised: live.filter((d) => d.type.kind !== "validated" && !emitted.oneFormat.has(d.name)).length,
      generic,
      oneFormat: emitted.oneFormat.size,
      errors: count("error"),
      warnings: count("warning"),
      notes: count("note"),
      module,
    });
  }
  return out;
}

export function cddlTable(rows: readonly CddlFileResult[]): string {
  const head = "| file | definitions | specialised codecs | validated generic | one format only | not compiled | errors / warnings / notes |";
  const sep = "| --- | ---: | ---: | ---: | ---: | ---: | --- |";
  const body = rows.map((r) => `| ${r.file} | ${r.definitions} | ${r.specialised} | ${r.generic} | ${r.oneFormat} | ${r.notCompiled} | ${r.errors} / ${r.warnings} / ${r.notes} |`);
  const sum = (f: (r: CddlFileResult) => number) => rows.reduce((a, r) => a + f(r), 0);
  body.push(`| **all ${rows.length} files** | ${sum((r) => r.definitions)} | ${sum((r) => r.specialised)} | ${sum((r) => r.generic)} | ${sum((r) => r.oneFormat)} | ${sum((r) => r.notCompiled)} | ${sum((r) => r.errors)} / ${sum((r) => r.warnings)} / ${sum((r) => r.notes)} |`);
  return [head, sep, ...body].join("\n");
}
