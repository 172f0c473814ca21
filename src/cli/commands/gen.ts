import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { generateFiles, type OutputFile } from "../../codegen/generate-files.js";
import { BUILTIN_DOCUMENTS, projectRoot } from "../../compile/builtin.js";
import { compileWithImports } from "../../compile/compile-set.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { mergeCompiled, type MergedDocument } from "../../merge/index.js";
import { hasErrors } from "../../diagnostics/index.js";
import type { CliIo } from "../io.js";
import { draftIo, readUserFile } from "../io.js";
import { isBuiltin } from "../../compile/builtin.js";
import { formatTimings, stagesTotal, sumTimings, timingsOf, type DocumentTimings } from "../../compile/stage-timings.js";

export interface GenOptions {
  readonly builtin: boolean;
  readonly out?: string;
  readonly check: boolean;
  readonly timings: boolean;
  readonly imports?: readonly string[];
  /** Folders besides each draft's own that its includes may read. */
  readonly allowInclude?: readonly string[];
}

/**
 * `mimi-codec gen --builtin` regenerates generated/ and schemas/ in the
 * project; `mimi-codec gen <draft...> --out <dir>` compiles drafts
 * elsewhere. `--check` writes nothing and fails when a file would change.
 * `--timings` prints the time per stage, in all and per document.
 */
export async function genCommand(drafts: readonly string[], opts: GenOptions, io: CliIo): Promise<number> {
  const root = projectRoot();
  const names = opts.builtin ? [...BUILTIN_DOCUMENTS] : drafts;
  const outDir = opts.builtin ? root : (opts.out ?? "generated-out");
  const cache = new Map<string, CompiledDocument>();
  const timings: DocumentTimings | undefined = opts.timings ? new Map() : undefined;
  const t0 = performance.now();
  const compiled = names.map((n) => {
    if (!isBuiltin(n)) readUserFile(n);
    return compileWithImports(n, { cache, imports: opts.imports ?? [], io: draftIo(opts.allowInclude), ...(timings ? { timings } : {}) });
  });
  const files: OutputFile[] = [];
  const mergeLines = new Map<string, string>();
  for (const c of compiled) {
    const merged = mergeCompiled(c, cache);
    if (merged) mergeLines.set(c.ir.name, mergeSummary(merged));
    const deps = c.ir.imports.map((i) => cache.get(i) ?? compileWithImports(i, { cache, ...(timings ? { timings } : {}) }));
    const runtimeImport = opts.builtin ? "../../src/runtime/index.js" : "mimi-codec/runtime";
    const documentImport = (dep: string) => (opts.builtin || names.includes(dep) ? `../${dep}/index.js` : `mimi-codec/${dep}`);
    const layout = { runtimeImport, generatedDir: "generated", schemasDir: "schemas", documentImport };
    files.push(...(await generateFiles(c, deps, layout, timings ? timingsOf(timings, c.ir.name) : undefined, merged)));
    if (!opts.builtin && hasErrors(c.diagnostics)) {
      io.err(`${c.ir.name}: ${c.broken.size} definitions not compiled (run mimi-codec lint for details)`);
    }
  }
  const elapsed = performance.now() - t0;
  let changed = 0;
  for (const f of files) {
    const path = join(outDir, f.path);
    const same = existsSync(path) && readFileSync(path, "utf8") === f.content;
    if (same) continue;
    changed++;
    if (opts.check) {
      io.err(`out of date: ${relative(process.cwd(), path)}`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  for (const c of compiled) {
    io.out(`${c.ir.name}: ${c.blocks} TPL + ${c.cddlBlocks} CDDL blocks, ${c.ir.definitions.length - c.broken.size}/${c.ir.definitions.length} definitions generated`);
    const m = mergeLines.get(c.ir.name);
    if (m) io.out(`  ${m}`);
  }
  io.out(opts.check ? `${changed} of ${files.length} files out of date` : `${changed} of ${files.length} files written to ${relative(process.cwd(), outDir) || "."}`);
  if (timings) {
    io.out(`timings (${timings.size} documents): ${formatTimings(sumTimings(timings.values()), elapsed)}`);
    for (const [name, t] of timings) io.out(`  ${name}: ${formatTimings(t, stagesTotal(t))}`);
  }
  return opts.check && changed > 0 ? 1 : 0;
}

/** One line on a merged document: how its pairs were decided. */
function mergeSummary(m: MergedDocument & { readonly with: string }): string {
  const count = (f: (p: MergedDocument["pairs"][number]) => boolean) => m.pairs.filter(f).length;
  return (
    `merged with ${m.with}: ${m.pairs.length} paired definitions, ${count((p) => p.agree)} agree in shape, ` +
    `${count((p) => !p.agree && p.follow === "tpl")} follow the TPL, ${count((p) => !p.agree && p.follow === "cddl")} the CDDL; ` +
    `${m.notes.length} places where one codec refuses values the other side allows (notes in schemas/${m.types.name}.definitions.json)`
  );
}
