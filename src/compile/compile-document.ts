import { diag, type Diagnostic } from "../diagnostics/index.js";
import { blockLoc, extractFile, nodeIo, type CodeBlock, type ExtractIo } from "../extract/index.js";
import { findBroken } from "../ir/find-broken.js";
import { lowerTpl } from "../ir/lower-tpl.js";
import { applyMapVectors } from "../ir/apply-map-vectors.js";
import { resolveNames } from "../ir/resolve-names.js";
import { resolveSelects } from "../ir/resolve-selects.js";
import type { Definition, IRDocument } from "../ir/types.js";
import type { Deviation } from "../tpl/ast.js";
import { parseTpl } from "../tpl/parse-tpl.js";
import { compileCddlBlocks } from "./compile-cddl.js";
import { join } from "node:path";
import { projectRoot } from "./builtin.js";
import type { DocumentConfig } from "./config.js";
import { timeStage, type StageTimings } from "./stage-timings.js";

const defaultSchemasDir = () => join(projectRoot(), "schemas");

export interface CompileOptions {
  readonly path: string;
  readonly config: DocumentConfig;
  /** Documents this one imports, already compiled. */
  readonly imports?: readonly CompiledDocument[];
  /** Overrides config.mode. */
  readonly strict?: boolean;
  readonly io?: ExtractIo;
  /** Where config supplements live (default: the project's schemas/). */
  readonly schemasDir?: string;
  /** Where to add the time spent per stage (gen --timings). */
  readonly timings?: StageTimings;
  /** Bounds on hostile drafts (parsers' nesting, generic expansion); defaults in README "Limits on hostile input". */
  readonly limits?: CompileLimits;
}

export interface CompileLimits {
  /** Brackets open at once in a TPL or CDDL block, and nesting while lowering CDDL. Default 256. */
  readonly maxNesting?: number;
  /** Distinct CDDL generic instantiations per document. Default 10,000. */
  readonly maxGenericInstances?: number;
}

export interface CompiledDocument {
  readonly ir: IRDocument;
  readonly config: DocumentConfig;
  readonly diagnostics: readonly Diagnostic[];
  /** Definitions that cannot be compiled, with the reason. */
  readonly broken: ReadonlyMap<string, string>;
  /** TPL blocks compiled. */
  readonly blocks: number;
  /** CDDL blocks compiled. */
  readonly cddlBlocks: number;
}

/** Draft -> IR: extract, parse every TPL block, lower, resolve, check. */
export function compileDocument(opts: CompileOptions): CompiledDocument {
  const io = opts.io ?? nodeIo;
  const strict = opts.strict ?? opts.config.mode === "strict";
  const timings = opts.timings;
  const { extraction, blocks } = timeStage(timings, "extract", () => {
    const extraction = extractFile(opts.path, io);
    const supplements = (opts.config.supplements ?? []).flatMap((f) => extractFile(join(opts.schemasDir ?? defaultSchemasDir(), f), io).blocks);
    return { extraction, blocks: [...selectBlocks(extraction.blocks, opts.config, io), ...supplements] };
  });
  const diagnostics: Diagnostic[] = [...extraction.diagnostics];
  const definitions: Definition[] = [];
  const loweringBroken = new Map<string, string>();

  for (const block of blocks) {
    const locate = (at: { line: number; col: number }) => blockLoc(block, at.line, at.col);
    const parsed = timeStage(timings, "parse", () => parseTpl(block.text, opts.limits ?? {}));
    for (const e of parsed.errors) diagnostics.push(diag("error", "tpl/too-deep", e.message, locate(e.at)));
    for (const d of parsed.deviations) diagnostics.push(deviationDiagnostic(d, locate, strict));
    for (const s of parsed.statements) {
      if (s.kind !== "junk") continue;
      const firstLine = cut(s.text.slice(0, 200).split("\n")[0] ?? "");
      const looksLikeDefinition = /^\s*(struct|enum)\b/.test(s.text);
      diagnostics.push(
        diag(
          strict || looksLikeDefinition ? "error" : "warning",
          looksLikeDefinition ? "tpl/syntax" : "tpl/not-tpl",
          looksLikeDefinition ? `cannot parse this definition: ${firstLine.trim()}` : `not TPL, skipped: ${firstLine.trim()}`,
          locate(s.at),
        ),
      );
    }
    const lowered = timeStage(timings, "lower", () =>
      lowerTpl({
        statements: parsed.statements,
        locate,
        section: block.section,
        textAliases: new Set(opts.config.text ?? []),
        registries: opts.config.registries ?? {},
        remaining: opts.config.remaining ?? {},
        openEnums: new Set(opts.config.openEnums ?? []),
        lenient: !strict,
      }),
    );
    append(definitions, lowered.definitions);
    for (const [name, why] of lowered.broken) loweringBroken.set(name, why);
    append(diagnostics, lowered.diagnostics);
  }

  const cddl = compileCddlBlocks(cddlBlocks(extraction.blocks, opts.config), !strict, timings, opts.limits);
  append(definitions, cddl.definitions);
  append(diagnostics, cddl.diagnostics);
  for (const [name, why] of cddl.broken) loweringBroken.set(name, why);

  const imports = (opts.imports ?? []).map((c) => c.ir);
  const checked = timeStage(timings, "check", () => resolveAndCheck(definitions, imports, loweringBroken, opts.config, strict));
  append(diagnostics, checked.diagnostics);

  return {
    ir: { name: opts.config.document, source: opts.config.source, definitions: checked.definitions, imports: imports.map((d) => d.name) },
    config: opts.config,
    diagnostics,
    broken: checked.broken,
    blocks: blocks.length,
    cddlBlocks: cddl.blocks,
  };
}

/**
 * The definitions of all blocks together: names and selects resolved
 * (against the imports too), map vectors applied, and every definition
 * that cannot be compiled found, with the reason.
 */
function resolveAndCheck(
  definitions: readonly Definition[],
  imports: readonly IRDocument[],
  loweringBroken: ReadonlyMap<string, string>,
  config: DocumentConfig,
  strict: boolean,
): { definitions: Definition[]; broken: ReadonlyMap<string, string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const named = resolveNames({ definitions, imports, lenient: !strict, nameFixes: config.nameFixes ?? {} });
  append(diagnostics, named.diagnostics);
  const mapped = applyMapVectors(named.definitions, imports, config.mapVectors ?? []);
  append(diagnostics, mapped.diagnostics);
  const selects = resolveSelects({
    definitions: mapped.definitions,
    imports,
    lenient: !strict,
    caseLabels: config.caseLabels ?? {},
    selectPaths: config.selectPaths ?? {},
  });
  append(diagnostics, selects.diagnostics);
  const seed = new Map<string, string>([...loweringBroken, ...selects.broken, ...named.conflicting]);
  for (const [owner, names] of named.unresolved) seed.set(owner, `uses undefined type ${names.join(", ")}`);
  const broken = findBroken(selects.definitions, seed);
  for (const [name, why] of broken) {
    if (seed.has(name)) continue;
    const d = selects.definitions.find((x) => x.name === name);
    if (d) diagnostics.push(diag("error", "ir/not-compiled", `${name} is not compiled: it ${why}`, d.loc));
  }
  return { definitions: selects.definitions, broken, diagnostics };
}

/** `to.push(...from)` without spreading: a hostile block can yield more items than a call takes arguments. */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

/** A draft's line as quoted in a message: at most 80 characters. */
function cut(line: string): string {
  const t = line.trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function deviationDiagnostic(d: Deviation, locate: (at: { line: number; col: number }) => import("../diagnostics/index.js").SourceLoc, strict: boolean): Diagnostic {
  return diag(strict ? "error" : "warning", d.code, d.message, locate(d.at), { fix: d.fix });
}

/** The CDDL blocks this document compiles (none where the config limits it to TPL). */
function cddlBlocks(blocks: readonly CodeBlock[], config: DocumentConfig): CodeBlock[] {
  if (config.languages && !config.languages.includes("cddl")) return [];
  // A draft's included .cddl files are its normative CDDL; the snippets in
  // its prose come after them, so where the two disagree the file wins and
  // the snippet is what gets reported.
  const cddl = blocks.filter((b) => b.lang === "cddl");
  return [...cddl.filter((b) => b.origin === "include"), ...cddl.filter((b) => b.origin !== "include")];
}

/** The TPL blocks this document compiles, after the config's filters. */
function selectBlocks(blocks: readonly CodeBlock[], config: DocumentConfig, io: ExtractIo): CodeBlock[] {
  if (config.languages && !config.languages.includes("tpl")) return [];
  let tpl = blocks.filter((b) => b.lang === "tpl");
  if (config.sections) {
    const res = config.sections.map((s) => new RegExp(s));
    tpl = tpl.filter((b) => res.some((re) => re.test(b.section)));
  }
  if (config.markedBlocksOnly) {
    const linesOf = new Map<string, string[]>(); // each file split once, not once per block
    const lines = (file: string) => linesOf.get(file) ?? linesOf.set(file, io.readFile(file).split("\n")).get(file)!;
    tpl = tpl.filter((b) => precededByMarker(b, lines(b.file)));
  }
  return tpl;
}

/** RFC 8446 marks each normative TPL block with a `%%% Section` line above it. */
function precededByMarker(block: CodeBlock, lines: readonly string[]): boolean {
  for (let i = (block.lines[0]?.line ?? 1) - 2; i >= 0; i--) {
    const l = lines[i] ?? "";
    if (l.trim() === "") continue;
    return l.startsWith("%%%");
  }
  return false;
}
