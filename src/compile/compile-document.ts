import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import { blockLoc, extractFile, nodeIo, type CodeBlock, type ExtractIo } from "../extract/index.js";
import { checkUnionOptions } from "../ir/check-union-options.js";
import { checkDuplicateFields } from "../ir/check-duplicate-fields.js";
import { findBroken, importedRefs } from "../ir/find-broken.js";
import { settleEnumNames } from "../ir/settle-enum-names.js";
import { lowerTpl } from "../ir/lower-tpl.js";
import { applyMapVectors } from "../ir/apply-map-vectors.js";
import { resolveNames } from "../ir/resolve-names.js";
import { resolveSelects } from "../ir/resolve-selects.js";
import type { Definition, IRDocument } from "../ir/types.js";
import type { Deviation } from "../tpl/ast.js";
import { parseTpl } from "../tpl/parse-tpl.js";
import { classifyBlocks } from "./classify-blocks.js";
import { compileCddlBlocks } from "./compile-cddl.js";
import { resolveCddlImports } from "./resolve-cddl-imports.js";
import { draftRegistries } from "./draft-registries.js";
import { resolve } from "../extract/posix-path.js";
import type { DocumentConfig } from "./config.js";
import { timeStage, type StageTimings } from "./stage-timings.js";

export interface CompileOptions {
  readonly path: string;
  readonly config: DocumentConfig;
  /** Documents this one imports, already compiled. */
  readonly imports?: readonly CompiledDocument[];
  /** Overrides config.mode. */
  readonly strict?: boolean;
  readonly io?: ExtractIo;
  /** Where config supplements live (compile-set passes the project's schemas/); a config with supplements needs it. */
  readonly schemasDir?: string;
  /** Where to add the time spent per stage (gen --timings). */
  readonly timings?: StageTimings;
  /** Folders where `;# import` / `;# include` of CDDL look after the draft's own (--cddl-path). */
  readonly cddlPath?: readonly string[];
  /** The config's file, where a config entry that names nothing in the draft is reported. */
  readonly configFile?: string;
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
  /** The file compiled (a built-in's shipped IR: its source relative to the drafts folder). */
  readonly path: string;
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
  const { extraction, blocks, supplements } = timeStage(timings, "extract", () => {
    // every block goes by what it parses as, its label decides only for languages we do not read
    const extracted = extractFile(opts.path, io);
    const extraction = { ...extracted, blocks: classifyBlocks(extracted.blocks) };
    const schemasDir = opts.schemasDir;
    if ((opts.config.supplements ?? []).length > 0 && schemasDir === undefined) throw new Error(`${opts.config.document}: its config names supplements, so compileDocument needs schemasDir`);
    const supplements = (opts.config.supplements ?? []).flatMap((f) => extractFile(resolve(schemasDir!, f), io).blocks);
    return { extraction, blocks: [...selectBlocks(extraction.blocks, opts.config, io), ...supplements], supplements: new Set(supplements) };
  });
  const diagnostics: Diagnostic[] = [...extraction.diagnostics];
  const cddlSelected = cddlBlocks(extraction.blocks, opts.config);
  for (const b of [...blocks, ...cddlSelected]) {
    if (b.classifiedBy !== "content") continue;
    const what = b.lang === "tpl" ? "TPL" : "CDDL";
    const label = b.info.trim() === "" ? "an unlabelled" : `a "${b.info.trim()}"`;
    diagnostics.push(diag("note", "extract/unlabelled", `${label} ${b.origin === "text" ? "figure" : "code block"} read as ${what}: it parses as ${what}`, blockLoc(b, 1, 1)));
  }
  const definitions: Definition[] = [];
  const supplied: Definition[] = [];
  const loweringBroken = new Map<string, string>();

  const parsedBlocks = blocks.map((block) => ({
    block,
    locate: (at: { line: number; col: number }) => blockLoc(block, at.line, at.col),
    parsed: timeStage(timings, "parse", () => parseTpl(block.text, opts.limits ?? {})),
  }));
  // integer aliases whose values the draft's IANA Considerations register (and registries it extends)
  const iana = draftRegistries({ path: opts.path, io, statements: parsedBlocks.flatMap((p) => p.parsed.statements), imports: (opts.imports ?? []).map((c) => c.ir), config: opts.config });
  append(diagnostics, iana.diagnostics);
  append(definitions, iana.extensions);
  for (const { block, locate, parsed } of parsedBlocks) {
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
        registries: iana.registries,
        remaining: opts.config.remaining ?? {},
        openEnums: new Set(opts.config.openEnums ?? []),
        lenient: !strict,
      }),
    );
    append(supplements.has(block) ? supplied : definitions, lowered.definitions);
    for (const [name, why] of lowered.broken) loweringBroken.set(name, why);
    append(diagnostics, lowered.diagnostics);
  }
  // a supplement fills what the draft lacks: where the draft defines the name itself (another version), the draft's wins
  for (const d of supplied) {
    if (!definitions.some((x) => x.name === d.name)) definitions.push(d);
    else diagnostics.push(diag("note", "config/supplement-unused", `${d.name} is defined by the draft itself; the config's supplement is not used for it`, d.loc));
  }

  const imported = timeStage(timings, "extract", () => resolveCddlImports(cddlSelected, { io, ...(opts.cddlPath ? { cddlPath: opts.cddlPath } : {}) }));
  append(diagnostics, imported.diagnostics);
  const cddl = compileCddlBlocks(imported.blocks, !strict, timings, opts.limits);
  append(definitions, cddl.definitions);
  append(diagnostics, cddl.diagnostics);
  for (const [name, why] of cddl.broken) loweringBroken.set(name, why);

  const imports = (opts.imports ?? []).map((c) => c.ir);
  const configLoc = (entry: string) => locateInFile(opts.configFile ?? opts.path, `"${entry}"`, io);
  const importedBroken = new Map((opts.imports ?? []).map((c) => [c.ir.name, c.broken] as const));
  const checked = timeStage(timings, "check", () => resolveAndCheck(definitions, imports, importedBroken, loweringBroken, opts.config, strict, configLoc));
  append(diagnostics, checked.diagnostics);

  return {
    ir: { name: opts.config.document, source: opts.config.source, definitions: checked.definitions, imports: imports.map((d) => d.name) },
    path: opts.path,
    config: opts.config,
    diagnostics: withoutRepeats(diagnostics),
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
  importedBroken: ReadonlyMap<string, ReadonlyMap<string, string>>,
  loweringBroken: ReadonlyMap<string, string>,
  config: DocumentConfig,
  strict: boolean,
  configLoc: (entry: string) => SourceLoc,
): { definitions: Definition[]; broken: ReadonlyMap<string, string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const named = resolveNames({ definitions, imports, lenient: !strict, nameFixes: config.nameFixes ?? {} });
  append(diagnostics, named.diagnostics);
  const mapped = applyMapVectors(named.definitions, imports, config.mapVectors ?? [], configLoc);
  append(diagnostics, mapped.diagnostics);
  const selects = resolveSelects({
    definitions: mapped.definitions,
    imports,
    lenient: !strict,
    caseLabels: config.caseLabels ?? {},
    selectPaths: config.selectPaths ?? {},
  });
  append(diagnostics, selects.diagnostics);
  const enums = settleEnumNames(selects.definitions);
  append(diagnostics, enums.diagnostics);
  append(diagnostics, checkUnionOptions(enums.definitions));
  const duplicates = checkDuplicateFields(enums.definitions);
  append(diagnostics, duplicates.diagnostics);
  const seed = new Map<string, string>([...loweringBroken, ...selects.broken, ...named.conflicting, ...duplicates.broken, ...usesBrokenImports(enums.definitions, importedBroken)]);
  for (const [owner, names] of named.unresolved) seed.set(owner, `uses undefined type ${names.join(", ")}`);
  const broken = findBroken(enums.definitions, seed);
  for (const [name, why] of broken) {
    if (seed.has(name)) continue;
    const d = enums.definitions.find((x) => x.name === name);
    if (d) diagnostics.push(diag("error", "ir/not-compiled", `${name} is not compiled: it ${why}`, d.loc));
  }
  return { definitions: enums.definitions, broken, diagnostics };
}

/** Definitions that use an imported definition its own document cannot compile: neither can they. */
function usesBrokenImports(definitions: readonly Definition[], importedBroken: ReadonlyMap<string, ReadonlyMap<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of definitions) {
    const bad = importedRefs(d.type).find((r) => importedBroken.get(r.document)?.has(r.name));
    if (bad) out.set(d.name, `uses ${bad.name} from ${bad.document}, which is not compiled there`);
  }
  return out;
}

/** The first place `needle` is written in `file` (line 1, col 1 when it is not, or the file cannot be read). */
function locateInFile(file: string, needle: string, io: ExtractIo): SourceLoc {
  let text = "";
  try {
    text = io.exists(file) ? io.readFile(file) : "";
  } catch {
    text = "";
  }
  const at = text.indexOf(needle);
  if (at < 0) return { file, line: 1, col: 1 };
  const before = text.slice(0, at).split("\n");
  return { file, line: before.length, col: before[before.length - 1]!.length + 1 };
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

/** One report per problem: two passes that meet the same undefined name at the same place say it once. */
function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.severity}|${d.code}|${d.loc.file}:${d.loc.line}:${d.loc.col}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
