import { checkRules } from "../cddl/check-rules.js";
import { parseCddl } from "../cddl/parse-cddl.js";
import { preludeNames, preludeRules } from "../cddl/prelude.js";
import type { Rule } from "../cddl/ast.js";
import { diag, type Diagnostic } from "../diagnostics/index.js";
import { blockLoc, type CodeBlock } from "../extract/index.js";
import { lowerCddl, type LocatedRule } from "../ir/lower-cddl.js";
import { ruleSetOf } from "../ir/portable-rules.js";
import type { Definition } from "../ir/types.js";
import { timeStage, type StageTimings } from "./stage-timings.js";

/**
 * The CDDL blocks of one document -> IR definitions. Each block is parsed
 * on its own (positions map into its file); the rules are checked and
 * lowered together, since a draft's CDDL is often split over files. A rule
 * defined in two blocks is reported with both locations; the first wins.
 * Parsing, checking and lowering add their time to `timings` when given.
 */
export function compileCddlBlocks(
  blocks: readonly CodeBlock[],
  lenient: boolean,
  timings?: StageTimings,
  limits: { readonly maxNesting?: number; readonly maxGenericInstances?: number } = {},
): { definitions: Definition[]; broken: Map<string, string>; diagnostics: Diagnostic[]; blocks: number } {
  const diagnostics: Diagnostic[] = [];
  const parsed = blocks.map((block) => ({
    block,
    file: timeStage(timings, "parse", () => parseCddl(block.text, limits)),
    locate: (at: { line: number; col: number }) => blockLoc(block, at.line, at.col),
  }));
  const prelude = preludeRules();
  const realPrelude = preludeNames();
  const located: LocatedRule[] = [];
  const firstDefinition = new Map<string, { rule: Rule; loc: ReturnType<typeof blockLoc>; block: CodeBlock }>();
  const broken = new Map<string, string>();

  const elsewhere = new OtherBlocks(parsed.map((p) => p.file.rules));
  for (const [i, p] of parsed.entries()) {
    for (const e of p.file.errors) {
      diagnostics.push(diag("error", "cddl/syntax", e.message, p.locate(e.at)));
      if (e.rule) broken.set(e.rule, `does not parse: ${e.message}`);
    }
    const others = (name: string) => elsewhere.first(name, i);
    const checked = timeStage(timings, "check", () => checkRules(p.file.rules, prelude, { unparsed: p.file.errors.flatMap((e) => (e.rule ? [e.rule] : [])), others }));
    const nameAt = ruleNamesAt(p.file.rules);
    for (const d of checked) {
      if (d.code === "cddl/redefines-prelude" && !realPrelude.has(nameAt(d.at) ?? "")) continue; // reported below
      if (d.code === "cddl/choice-without-base" && others(nameAt(d.at) ?? "") !== undefined) continue;
      diagnostics.push(diag(d.severity, d.code, d.message, p.locate(d.at), d.relatedAt ? { related: p.locate(d.relatedAt) } : {}));
    }
    for (const rule of p.file.rules) {
      const loc = p.locate(rule.name.at);
      const prev = firstDefinition.get(rule.name.name);
      // another block (another file, or another fence of the same draft); a repeat within one block is check-rules' to report
      if (rule.assign === "=" && prev && prev.block !== p.block) {
        const same = shape(prev.rule) === shape(rule);
        diagnostics.push(
          diag(
            same ? "note" : lenient ? "warning" : "error",
            same ? "cddl/duplicate-rule-identical" : "cddl/conflicting-rule",
            same
              ? `${rule.name.name} is defined again, identically`
              : `${rule.name.name} is defined differently in two ${prev.loc.file === loc.file ? "blocks" : "files"} of this document; the first definition is used`,
            loc,
            { related: prev.loc },
          ),
        );
        continue;
      }
      if (rule.assign === "=" && !prev) firstDefinition.set(rule.name.name, { rule, loc, block: p.block });
      located.push({ rule, locate: p.locate, section: p.block.section });
    }
  }
  const lowered = timeStage(timings, "lower", () => lowerCddl({ rules: located, prelude, lenient, limits, ruleSet: ruleSetOf(located, prelude) }));
  for (const [k, v] of lowered.broken) broken.set(k, v);
  for (const d of lowered.diagnostics) diagnostics.push(d);
  return { definitions: lowered.definitions, broken, diagnostics, blocks: blocks.length };
}

/** A rule's meaning: its AST without positions, source text and comments. */
function shape(rule: Rule): string {
  return JSON.stringify(rule, (key, value) => (key === "at" || key === "text" ? undefined : typeof value === "bigint" ? String(value) : value));
}

/** The rule a check's position belongs to: the rule starting there, else the first named on that line (maps built once per block). */
function ruleNamesAt(rules: readonly Rule[]): (at: { line: number; col: number }) => string | undefined {
  const byStart = new Map<string, string>();
  const byLine = new Map<number, string>();
  for (const r of rules) {
    const key = `${r.at.line}:${r.at.col}`;
    if (!byStart.has(key)) byStart.set(key, r.name.name);
    if (!byLine.has(r.name.at.line)) byLine.set(r.name.at.line, r.name.name);
  }
  return (at) => byStart.get(`${at.line}:${at.col}`) ?? byLine.get(at.line);
}

/**
 * The rules of every block, looked up by name from one block: the first
 * rule of that name in any other block, in block order (what a list of the
 * other blocks' rules gives first), in constant time per look-up.
 */
class OtherBlocks {
  /** Per name: the first rule of the first block that has one, and of the next block that has one. */
  private readonly firsts = new Map<string, Array<{ block: number; rule: Rule }>>();

  constructor(blocks: ReadonlyArray<readonly Rule[]>) {
    blocks.forEach((rules, block) => {
      for (const rule of rules) {
        const list = this.firsts.get(rule.name.name) ?? [];
        if (list.length < 2 && !list.some((x) => x.block === block)) list.push({ block, rule });
        this.firsts.set(rule.name.name, list);
      }
    });
  }

  first(name: string, exceptBlock: number): Rule | undefined {
    return this.firsts.get(name)?.find((x) => x.block !== exceptBlock)?.rule;
  }
}
