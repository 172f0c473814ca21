import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { generateFiles, type OutputFile } from "../../codegen/generate-files.js";
import { BUILTIN_DOCUMENTS, draftsDir, projectRoot } from "../../compile/builtin.js";
import { shippedLintJson } from "../../compile/load-shipped.js";
import { diagnoseTwin } from "../../merge/diagnose-twin.js";
import { compileWithImports } from "../../compile/compile-set.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { mergeCompiled, type MergedDocument } from "../../merge/index.js";
import { formatLoc } from "../../diagnostics/index.js";
import { documentKind, type ExtractIo } from "../../extract/index.js";
import { readIdentity } from "../../compile/read-identity.js";
import { jsonText } from "../input.js";
import type { CliIo } from "../io.js";
import { draftIo, readUserFile } from "../io.js";
import { createProgress } from "../progress.js";
import { isBuiltin } from "../../compile/builtin.js";
import { formatTimings, stagesTotal, sumTimings, timingsOf, type DocumentTimings } from "../../compile/stage-timings.js";
import { builtinEntryOf } from "../../codegen/runtime-entries.js";
import { UsageError } from "../cli-error.js";
import { regenerateCommand } from "../regenerate-command.js";
import { STANDALONE_RUNTIME, standaloneRuntimeFiles } from "../standalone-runtime.js";

export interface GenOptions {
  readonly builtin: boolean;
  readonly out?: string;
  readonly check: boolean;
  readonly timings: boolean;
  readonly imports?: readonly string[];
  readonly configFile?: string;
  /** Generate what compiles even when some definitions do not (exit 0); without it such a run writes nothing and exits 1. */
  readonly allowErrors?: boolean;
  /** Folders for CDDL `;# import` / `;# include` (--cddl-path). */
  readonly cddlPath?: readonly string[];
  /** no progress on stderr */
  readonly quiet?: boolean;
  readonly json?: boolean;
  /** Where the drafts are read (a draft given as `-` is in memory). */
  readonly io?: ExtractIo;
  /** Folders besides each draft's own that its includes may read. */
  readonly allowInclude?: readonly string[];
  /** The module specifier the generated modules import the runtime by (default `@mimi-codec/runtime`). */
  readonly runtime?: string;
  /** Copy the runtime (and the built-ins the modules import) beside the output: nothing to install. */
  readonly standalone?: boolean;
}

/** What gen says of one document (--json). */
interface GenSummary {
  readonly document: string;
  readonly draft: string;
  readonly blocks: number;
  readonly cddlBlocks: number;
  readonly definitions: number;
  readonly generated: number;
  /** Definitions not generated, with why. */
  readonly notCompiled: Readonly<Record<string, string>>;
  readonly errors: number;
  readonly merge?: string;
}

/**
 * `mimi-codec gen --builtin` regenerates generated/ and schemas/ in the
 * project; `mimi-codec gen <draft...> --out <dir>` compiles drafts
 * elsewhere. `--check` writes nothing and fails when a file would change.
 * `--timings` prints the time per stage, in all and per document.
 * A definition that does not compile fails the run (exit 1, nothing
 * written, each one named on stderr) unless `--allow-errors`; so does a
 * document with no definitions at all.
 */
export async function genCommand(drafts: readonly string[], opts: GenOptions, io: CliIo): Promise<number> {
  if ((opts.runtime !== undefined || opts.standalone) && opts.builtin) throw new UsageError("--runtime and --standalone are for gen <draft...> --out, not --builtin");
  if (opts.runtime !== undefined && opts.standalone) throw new UsageError("give --runtime or --standalone, not both");
  const root = projectRoot();
  const names = opts.builtin ? [...BUILTIN_DOCUMENTS] : drafts;
  const outDir = opts.builtin ? root : (opts.out ?? "generated-out");
  const cache = new Map<string, CompiledDocument>();
  const timings: DocumentTimings | undefined = opts.timings ? new Map() : undefined;
  const t0 = performance.now();
  const progress = createProgress(opts.check ? "gen --check" : "gen", io.progress, { quiet: !!opts.quiet });
  // gen --builtin compiles the repository's drafts; anything else its own files (built-in imports: their shipped IR)
  const draftsFolder = opts.builtin ? draftsDir() : undefined;
  const files: OutputFile[] = [];
  // the modules' headers say how to write them again
  const regenerate = opts.builtin ? undefined : regenerateCommand({ ...opts, drafts, out: outDir });
  const mergeLines = new Map<string, string>();
  const notes: string[] = []; // printed once the progress bar is cleared
  let compiled: CompiledDocument[] = [];
  try {
    const given = names.map((n, i) => {
      progress.update({ stage: "compiling", done: i, total: names.length, item: n });
      if (!isBuiltin(n) && !opts.io?.exists(n)) readUserFile(n);
      return compileWithImports(n, {
        cache,
        imports: opts.imports ?? [],
        // drafts given together link: each imports the others that define what it uses
        siblings: names.filter((x) => !isBuiltin(x)),
        io: draftIo(opts.allowInclude, opts.io),
        ...(draftsFolder ? { drafts: draftsFolder } : {}),
        ...(timings ? { timings } : {}),
        ...(opts.configFile !== undefined ? { configFile: opts.configFile } : {}),
        ...(opts.cddlPath ? { cddlPath: opts.cddlPath } : {}),
      });
    });
    // a draft file imported by one given is generated too: its module is what the other imports
    compiled = withDraftImports(given, cache);
    if (draftsFolder) notes.push(...staleIdentities(compiled));
    const emitted = new Set(compiled.map((c) => c.ir.name));

    const failures = compiled.flatMap((c) => failuresOf(c));
    notes.push(...failures);
    if (failures.length > 0 && !opts.allowErrors) {
      progress.end();
      for (const n of notes) io.err(n);
      io.err(`mimi-codec: nothing written: ${failures.length === 1 ? "a document does" : `${failures.length} documents do`} not compile completely; run mimi-codec lint for the located diagnostics, or gen --allow-errors to generate the rest`);
      if (opts.json) io.out(jsonText(compiled.map((c) => summaryOf(c, undefined))));
      return 1;
    }

    for (const [i, c] of compiled.entries()) {
      progress.update({ stage: "generating", done: i, total: compiled.length, item: c.ir.name });
      const merged = mergeCompiled(c, cache);
      if (merged) mergeLines.set(c.ir.name, mergeSummary(merged));
      const deps = c.ir.imports.map((i) => cache.get(i) ?? compileWithImports(i, { cache, ...(draftsFolder ? { drafts: draftsFolder } : {}), ...(timings ? { timings } : {}) }));
      const runtimeImport = opts.builtin ? "../../src/runtime/index.js" : opts.standalone ? STANDALONE_RUNTIME : (opts.runtime ?? "@mimi-codec/runtime");
      const documentImport = (dep: string) => (opts.builtin || emitted.has(dep) ? `../${dep}/internal.js` : builtinEntryOf(runtimeImport, dep));
      const layout = { runtimeImport, generatedDir: "generated", schemasDir: "schemas", documentImport, ...(regenerate !== undefined ? { regenerate } : {}) };
      files.push(...(await generateFiles(c, deps, layout, timings ? timingsOf(timings, c.ir.name) : undefined, merged)));
      // what lint says of a built-in ships with it, for `lint <name>` without the drafts
      if (draftsFolder) files.push({ path: `schemas/${c.ir.name}.lint.json`, content: shippedLintJson(c, [...c.diagnostics, ...diagnoseTwin(c, cache)], draftsFolder) });
    }
    progress.update({ stage: "generating", done: compiled.length, total: compiled.length });
    if (opts.standalone) files.push(...standaloneRuntimeFiles(files, regenerate!));
  } finally {
    progress.end();
  }
  for (const n of notes) io.err(n);
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
  if (opts.json) {
    io.out(jsonText({ documents: compiled.map((c) => summaryOf(c, mergeLines.get(c.ir.name))), files: files.length, changed, check: opts.check, out: outDir }));
  } else {
    for (const c of compiled) {
      io.out(`${c.ir.name}: ${c.blocks} TPL + ${c.cddlBlocks} CDDL blocks, ${c.ir.definitions.length - c.broken.size}/${c.ir.definitions.length} definitions generated`);
      const m = mergeLines.get(c.ir.name);
      if (m) io.out(`  ${m}`);
    }
    io.out(opts.check ? `${changed} of ${files.length} files out of date` : `${changed} of ${files.length} files written to ${relative(process.cwd(), outDir) || "."}`);
  }
  if (timings) {
    io.out(`timings (${timings.size} documents): ${formatTimings(sumTimings(timings.values()), elapsed)}`);
    for (const [name, t] of timings) io.out(`  ${name}: ${formatTimings(t, stagesTotal(t))}`);
  }
  return opts.check && changed > 0 ? 1 : 0;
}

/**
 * Why a document does not compile completely, one stderr line each: every
 * definition not compiled, an error that drops a definition without one to
 * mark (a generic struct), a document with no definitions at all.
 */
function failuresOf(c: CompiledDocument): string[] {
  const out = [...c.broken].map(([name, why]) => `${c.ir.name}: ${name} is not generated (${why})`);
  const unmarked = c.diagnostics.filter((d) => d.severity === "error" && d.code === "tpl/generic");
  for (const d of unmarked) out.push(`${c.ir.name}: ${formatLoc(d.loc)}: ${d.message}`);
  if (c.ir.definitions.length === 0) {
    const missing = c.diagnostics.find((d) => d.code === "extract/missing-file");
    out.push(`${c.ir.name}: ${missing ? missing.message : `no definitions found in ${c.path} (no TPL or CDDL block compiles)`}`);
  }
  return out;
}

function summaryOf(c: CompiledDocument, merge: string | undefined): GenSummary {
  return {
    document: c.ir.name,
    draft: c.path,
    blocks: c.blocks,
    cddlBlocks: c.cddlBlocks,
    definitions: c.ir.definitions.length,
    generated: c.ir.definitions.length - c.broken.size,
    notCompiled: Object.fromEntries(c.broken),
    errors: c.diagnostics.filter((d) => d.severity === "error").length,
    ...(merge ? { merge } : {}),
  };
}

/** A built-in whose config's identity.sha256 is not its source's: copies of the new text would not be recognised as it. */
function staleIdentities(compiled: readonly CompiledDocument[]): string[] {
  return compiled.flatMap((c) => {
    const want = c.config.identity?.sha256;
    if (!want || !existsSync(c.path)) return [];
    const have = readIdentity(readFileSync(c.path, "utf8"), documentKind(c.path)).sha256;
    return have === want ? [] : [`warning: schemas/${c.ir.name}.config.json identity.sha256 is ${want.slice(0, 12)}..., the source ${c.config.source} is ${have}: set it, and identity.version, so copies of this text are recognised`];
  });
}

/** The documents given, then every draft file they import (not the built-ins: those ship with mimi-codec), each once. */
function withDraftImports(given: readonly CompiledDocument[], cache: Map<string, CompiledDocument>): CompiledDocument[] {
  const out: CompiledDocument[] = [];
  const seen = new Set<string>();
  const visit = (c: CompiledDocument) => {
    if (seen.has(c.ir.name)) return;
    seen.add(c.ir.name);
    out.push(c);
    for (const i of c.ir.imports) {
      const dep = cache.get(i);
      if (dep && !isBuiltin(i)) visit(dep);
    }
  };
  given.forEach(visit);
  return out;
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
