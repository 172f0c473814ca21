import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { generateFiles, type OutputFile } from "../../codegen/generate-files.js";
import { BUILTIN_DOCUMENTS, projectRoot } from "../../compile/builtin.js";
import { compileWithImports } from "../../compile/compile-set.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { hasErrors } from "../../diagnostics/index.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";
import { isBuiltin } from "../../compile/builtin.js";

export interface GenOptions {
  readonly builtin: boolean;
  readonly out?: string;
  readonly check: boolean;
  readonly timings: boolean;
  readonly imports?: readonly string[];
}

/**
 * `mimi-codec gen --builtin` regenerates generated/ and schemas/ in the
 * project; `mimi-codec gen <draft...> --out <dir>` compiles drafts
 * elsewhere. `--check` writes nothing and fails when a file would change.
 */
export async function genCommand(drafts: readonly string[], opts: GenOptions, io: CliIo): Promise<number> {
  const root = projectRoot();
  const names = opts.builtin ? [...BUILTIN_DOCUMENTS] : drafts;
  const outDir = opts.builtin ? root : (opts.out ?? "generated-out");
  const cache = new Map<string, CompiledDocument>();
  const t0 = performance.now();
  const compiled = names.map((n) => {
    if (!isBuiltin(n)) readUserFile(n);
    return compileWithImports(n, { cache, imports: opts.imports ?? [] });
  });
  const t1 = performance.now();
  const files: OutputFile[] = [];
  for (const c of compiled) {
    const deps = c.ir.imports.map((i) => cache.get(i) ?? compileWithImports(i, { cache }));
    const runtimeImport = opts.builtin ? "../../src/runtime/index.js" : "mimi-codec/runtime";
    const documentImport = (dep: string) => (opts.builtin || names.includes(dep) ? `../${dep}/index.js` : `mimi-codec/${dep}`);
    files.push(...(await generateFiles(c, deps, { runtimeImport, generatedDir: "generated", schemasDir: "schemas", documentImport })));
    if (!opts.builtin && hasErrors(c.diagnostics)) {
      io.err(`${c.ir.name}: ${c.broken.size} definitions not compiled (run mimi-codec lint for details)`);
    }
  }
  const t2 = performance.now();
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
  }
  io.out(opts.check ? `${changed} of ${files.length} files out of date` : `${changed} of ${files.length} files written to ${relative(process.cwd(), outDir) || "."}`);
  if (opts.timings) io.out(`timings: compile ${(t1 - t0).toFixed(0)} ms, emit+prettier ${(t2 - t1).toFixed(0)} ms`);
  return opts.check && changed > 0 ? 1 : 0;
}
