import type { Pos, Rule } from "../cddl/ast.js";
import type { RulePart as CoreRulePart, RuleSet, SchemaRule as CoreSchemaRule } from "../runtime/cddl/index.js";
import { parseCddl } from "../cddl/parse-cddl.js";
import { PRELUDE_TEXT, preludeRules } from "../cddl/prelude.js";
import { builtinSource, isBuiltin, loadBuiltinConfig, MissingSourceError } from "../compile/builtin.js";
import { readShippedLint } from "../compile/load-shipped.js";
import { classifyBlocks } from "../compile/classify-blocks.js";
import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import { blockLoc, documentKind, extractFile, nodeIo, readSourceLine, type CodeBlock, type ExtractIo } from "../extract/index.js";
import { splitLines } from "../extract/source-io.js";

/** The file name prelude locations carry (RFC 8610 Appendix D has no file of its own here). */
export const PRELUDE_FILE = "<prelude>";

/** One `=`, `/=` or `//=` definition of a rule, with the way to locate its positions (and, here, its source text). */
export interface RulePart extends CoreRulePart {
  readonly rule: Rule;
  /** Block position -> draft `file:line:col`. */
  readonly locate: (at: Pos) => SourceLoc;
}

/** A rule with all its parts, as the validator core reads it (src/runtime/cddl/rule-set.ts). */
export interface SchemaRule extends CoreSchemaRule {
  readonly parts: readonly RulePart[];
}

export interface CddlSchema extends RuleSet {
  /** The built-in name or the path it was loaded from. */
  readonly name: string;
  /** Every rule, the document's and the prelude's; the document's win. */
  readonly rules: ReadonlyMap<string, SchemaRule>;
  /** Syntax errors, rules defined twice, prelude names redefined. */
  readonly diagnostics: readonly Diagnostic[];
  /** Rules that are missing because they do not parse: name -> the syntax error. */
  readonly broken: ReadonlyMap<string, Diagnostic>;
  /** The text of the source line at `loc`, for printing. */
  sourceLine(loc: SourceLoc): string | undefined;
}

/** The schema cannot be loaded at all (unknown name, no file, no CDDL in it). */
export class SchemaError extends Error {
  override readonly name = "SchemaError";
}

export function isSchemaError(e: unknown): e is SchemaError {
  return e instanceof SchemaError;
}

export interface LoadSchemaOptions {
  readonly io?: ExtractIo;
  /** Where built-in documents' sources live (default $MIMI_DRAFTS; mimi-codec does not ship them). */
  readonly draftsDir?: string;
}

/**
 * All rules of a CDDL document plus the prelude. `nameOrPath` is a built-in
 * document (e.g. "mimi-content-main"), a draft (.md, .xml, .txt: its CDDL
 * blocks, included .cddl files first as the compiler orders them) or a bare
 * .cddl file.
 */
export function loadCddlSchema(nameOrPath: string, options: LoadSchemaOptions = {}): CddlSchema {
  const io = options.io ?? nodeIo;
  let path = nameOrPath;
  if (isBuiltin(nameOrPath)) {
    const config = loadBuiltinConfig(nameOrPath);
    if ((config.languages && !config.languages.includes("cddl")) || readShippedLint(nameOrPath)?.cddlBlocks === 0) {
      const hint = nameOrPath === "mimi-content-03" ? ' (its CDDL is the built-in "mimi-content-03-cddl")' : "";
      throw new SchemaError(`built-in document ${nameOrPath} has no CDDL${hint}`);
    }
    try {
      path = builtinSource(nameOrPath, options.draftsDir ?? process.env["MIMI_DRAFTS"]);
    } catch (e) {
      if (e instanceof MissingSourceError) throw new SchemaError(`validate against a built-in reads its CDDL: ${e.message}`);
      throw e;
    }
  }
  if (!io.exists(path)) {
    throw new SchemaError(isBuiltin(nameOrPath) ? `the source of ${nameOrPath} is missing: ${path}` : `no such file: ${path}`);
  }
  const extraction = extractFile(path, io);
  // unlabelled blocks count by what they parse as (src/compile/classify-blocks.ts)
  const cddl = classifyBlocks(extraction.blocks).filter((b) => b.lang === "cddl");
  if (documentKind(path) === undefined && cddl.length === 0) throw new SchemaError(`${path} is not a draft (.md, .xml, .txt) or a .cddl file`);
  if (cddl.length === 0) throw new SchemaError(isBuiltin(nameOrPath) ? `built-in document ${nameOrPath} has no CDDL` : `${path} has no CDDL blocks`);
  // Included .cddl files are the normative CDDL; snippets in the prose come after them.
  const ordered = [...cddl.filter((b) => b.origin === "include"), ...cddl.filter((b) => b.origin !== "include")];
  return buildSchema(nameOrPath, ordered, [...extraction.diagnostics], io);
}

/** A schema from CDDL text alone (tests, tools); positions name `file`. */
export function cddlSchemaFromText(text: string, file = "<cddl>"): CddlSchema {
  const lines = splitLines(text).map((_, i) => ({ line: i + 1, colOffset: 0 }));
  const block: CodeBlock = { lang: "cddl", info: "", text, file, lines, section: "", origin: "include", index: 0 };
  const memory: ExtractIo = { exists: (p) => p === file, readFile: () => text };
  return buildSchema(file, [block], [], memory);
}

function buildSchema(name: string, blocks: readonly CodeBlock[], diagnostics: Diagnostic[], io: ExtractIo): CddlSchema {
  const broken = new Map<string, Diagnostic>();
  const building = new Map<
    string,
    { name: string; kind: "type" | "group"; params: readonly string[]; parts: RulePart[]; loc: SourceLoc; prelude: boolean; hasBase: boolean }
  >();
  for (const block of blocks) {
    const file = parseCddl(block.text);
    const locate = (at: Pos): SourceLoc => blockLoc(block, at.line, at.col);
    for (const e of file.errors) {
      const d = diag("error", "cddl/syntax", e.message, locate(e.at));
      diagnostics.push(d);
      if (e.rule !== undefined && !file.rules.some((r) => r.name.name === e.rule) && !broken.has(e.rule)) broken.set(e.rule, d);
    }
    for (const rule of file.rules) addRule(building, rule, locate, false, diagnostics);
  }
  const preludeLocate = (at: Pos): SourceLoc => ({ file: PRELUDE_FILE, line: at.line, col: at.col });
  for (const rule of preludeRules()) {
    const have = building.get(rule.name.name);
    if (have) {
      diagnostics.push(diag("warning", "cddl/redefines-prelude", `${rule.name.name} redefines a prelude name; the document's definition is used`, have.loc));
      continue;
    }
    addRule(building, rule, preludeLocate, true, diagnostics);
  }
  const rules = new Map<string, SchemaRule>();
  for (const key of building.keys()) broken.delete(key);
  for (const [key, r] of building) {
    const first = r.parts[0]!;
    rules.set(key, { name: r.name, kind: r.kind, params: r.params, parts: r.parts, loc: r.loc, prelude: r.prelude, locate: first.locate });
  }
  const preludeLines = splitLines(PRELUDE_TEXT);
  return {
    name,
    rules,
    diagnostics,
    broken,
    sourceLine: (loc) => (loc.file === PRELUDE_FILE ? preludeLines[loc.line - 1] : readSourceLine(loc, io)),
  };
}

function addRule(
  building: Map<
    string,
    { name: string; kind: "type" | "group"; params: readonly string[]; parts: RulePart[]; loc: SourceLoc; prelude: boolean; hasBase: boolean }
  >,
  rule: Rule,
  locate: (at: Pos) => SourceLoc,
  prelude: boolean,
  diagnostics: Diagnostic[],
): void {
  const name = rule.name.name;
  const kind = rule.kind === "type-rule" ? "type" : "group";
  const isBase = rule.assign === "=";
  const loc = locate(rule.name.at);
  const have = building.get(name);
  if (!have) {
    building.set(name, { name, kind, params: rule.params.map((p) => p.name), parts: [{ rule, locate }], loc, prelude, hasBase: isBase });
    return;
  }
  if (have.kind !== kind) {
    diagnostics.push(
      diag("error", "cddl/type-and-group", `${name} is defined both as a ${have.kind} and as a ${kind}; this definition is ignored`, loc, {
        related: have.loc,
      }),
    );
    return;
  }
  if (isBase && have.hasBase) {
    // A draft repeats its CDDL in the prose; the first definition wins, as in the compiler.
    diagnostics.push(diag("note", "cddl/duplicate-rule", `${name} is defined again; the first definition is used`, loc, { related: have.loc }));
    return;
  }
  if (isBase) {
    have.hasBase = true;
    have.params = rule.params.map((p) => p.name);
    have.parts.unshift({ rule, locate });
    return;
  }
  have.parts.push({ rule, locate });
}
