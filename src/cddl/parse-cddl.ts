import type { CddlFile, CddlSyntaxError, Pos, Rule } from "./ast.js";
import { decodeBytes } from "./bytes-literal.js";
import { describeSyntaxError, isPeggyError, type PeggyError } from "./syntax-message.js";
import { DEFAULT_CDDL_MAX_NESTING, tooDeepAt } from "./nesting.js";
import { walkRule } from "./walk-rule.js";
import { loadGrammar } from "../tpl/load-grammar.js";

/**
 * A line that starts a rule: `name =`, `name /=`, `name //=`, with or
 * without generic parameters (`=>` is a member key, not an assignment).
 */
const RULE_START = /^ *([A-Za-z@_$](?:[-.]*[A-Za-z@_$0-9])*) *(?:<[^>\n]*>)? *(?:\/\/=|\/=|=(?!>))/;

type Attempt = { readonly ok: true; readonly rules: readonly Rule[] } | { readonly ok: false; readonly error: PeggyError | RangeError };

export interface ParseCddlOptions {
  /**
   * Brackets (`(`, `[`, `{`, generic `<`) open at once. A rule nested
   * deeper is an error at the bracket that goes too deep, and is not
   * parsed: the parser recurses per level. Default 256.
   */
  readonly maxNesting?: number;
}

/**
 * Parse one block of CDDL. Never throws for bad input. After a syntax
 * error the parser skips to the next line that starts a rule and goes on,
 * so one bad rule does not hide the others; the rules before the error are
 * kept. Byte string literals that do not decode (`h'0'`) are errors too,
 * but their rules are kept.
 */
export function parseCddl(text: string, options: ParseCddlOptions = {}): CddlFile {
  const block = new Block(text);
  const rules: Rule[] = [];
  const errors: CddlSyntaxError[] = [];
  let from = 0;
  for (const deep of block.tooDeep(options.maxNesting ?? DEFAULT_CDDL_MAX_NESTING)) {
    block.parseLines(from, deep.from, rules, errors);
    errors.push(deep.error);
    from = deep.to;
  }
  block.parseLines(from, block.lineCount, rules, errors);
  for (const rule of rules) {
    try {
      walkRule(rule, {
        bytes(lit) {
          const decoded = decodeBytes(lit);
          if (!decoded.ok) errors.push({ message: decoded.message, at: lit.at, rule: rule.name.name });
        },
      });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      errors.push({ message: "rule nested too deeply to check", at: rule.at, rule: rule.name.name });
    }
  }
  errors.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  return { rules, errors };
}

class Block {
  /** Offset of each line's first character; one extra entry for the end. */
  private readonly lineStart: number[] = [0];
  /** Line indexes (0-based) that start a rule. */
  private readonly ruleLines: number[] = [];
  /** The name each of those lines defines. */
  private readonly ruleNames = new Map<number, string>();

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStart.push(i + 1);
    if (this.lineStart[this.lineStart.length - 1] !== text.length) this.lineStart.push(text.length);
    for (let line = 0; line < this.lineCount; line++) {
      const m = RULE_START.exec(this.lineText(line));
      if (m?.[1] !== undefined) {
        this.ruleLines.push(line);
        this.ruleNames.set(line, m[1]);
      }
    }
  }

  get lineCount(): number {
    return this.lineStart.length - 1;
  }

  /**
   * The rules (lines [from, to), from one rule line to the next) whose
   * brackets nest deeper than `max`, each with its error, in order. Depth
   * starts again at every rule: the parser does not descend into the next
   * rule from inside an unclosed bracket.
   */
  tooDeep(max: number): Array<{ from: number; to: number; error: CddlSyntaxError }> {
    const out: Array<{ from: number; to: number; error: CddlSyntaxError }> = [];
    const starts = [0, ...this.ruleLines.filter((l) => l > 0), this.lineCount];
    for (let i = 0; i + 1 < starts.length; i++) {
      const [from, to] = [starts[i]!, starts[i + 1]!];
      const at = tooDeepAt(this.text, this.start(from), this.start(to), max);
      if (at === undefined) continue;
      out.push({ from, to, error: { message: `nested deeper than ${max} levels of brackets (maxNesting)`, at: this.pos(at), ...this.ruleName(from) } });
    }
    return out;
  }

  /** Parses lines [from, to) into `rules`, recovering rule by rule. */
  parseLines(from: number, to: number, rules: Rule[], errors: CddlSyntaxError[], known?: Attempt): void {
    if (from >= to) return;
    const attempt = known ?? this.attempt(from, to);
    if (attempt.ok) {
      for (const r of attempt.rules) rules.push(r);
      return;
    }
    const chunkStart = this.start(from);
    if (!isPeggyError(attempt.error)) {
      // The stack ran out: parse the rules one half at a time to find the deep one.
      const lo = this.firstRuleLineAfter(from);
      const hi = this.firstRuleLineAfter(to - 1);
      const middle = hi > lo ? this.ruleLines[lo + Math.floor((hi - lo) / 2)] : undefined;
      if (middle === undefined) {
        errors.push({ message: "nested too deeply to parse (the parser ran out of stack)", at: this.pos(this.nameOffset(from)), ...this.ruleName(from) });
        return;
      }
      this.parseLines(from, middle, rules, errors);
      this.parseLines(middle, to, rules, errors);
      return;
    }
    const errorOffset = this.atEnd(chunkStart + attempt.error.location.start.offset, this.start(to));
    const errorLine = this.lineOf(errorOffset);
    // The rule the error belongs to: the last one that starts before it.
    const before = this.ruleLinesBefore(errorOffset);
    const lastBefore = before > 0 ? this.ruleLines[before - 1]! : -1;
    const failed = lastBefore > from && lastBefore < to ? lastBefore : from;
    // Junk on a line of its own (`foo bar`) is not part of the rule before it.
    let prefixEnd = failed;
    let prefix: Attempt | undefined;
    if (errorLine > failed && errorOffset === this.nameOffset(errorLine) && !this.ruleNames.has(errorLine)) {
      const tryPrefix = this.attempt(from, errorLine);
      if (tryPrefix.ok) {
        prefixEnd = errorLine;
        prefix = tryPrefix;
      }
    }
    const next = this.ruleLines[Math.max(before, this.firstRuleLineAfter(prefixEnd))];
    const resume = next !== undefined && next < to ? next : to;
    const chunkText = this.text.slice(chunkStart, this.start(to));
    errors.push({
      message: describeSyntaxError(attempt.error, chunkText, from),
      at: this.pos(errorOffset),
      ...(prefixEnd === failed ? this.ruleName(failed) : {}),
    });
    this.parseLines(from, prefixEnd, rules, errors, prefix);
    this.parseLines(resume, to, rules, errors);
  }

  private attempt(from: number, to: number): Attempt {
    const chunk = this.text.slice(this.start(from), this.start(to));
    try {
      const file = loadGrammar("cddl").parse(chunk, { lineOffset: from }) as { rules: Rule[] };
      return { ok: true, rules: file.rules };
    } catch (e) {
      if (isPeggyError(e) || e instanceof RangeError) return { ok: false, error: e };
      throw e;
    }
  }

  /** An error at the end of the chunk is shown right after its last token, not after trailing white space. */
  private atEnd(offset: number, end: number): number {
    if (offset < end) return offset;
    let at = end;
    while (at > 0 && /[ \r\n]/.test(this.text[at - 1] ?? "")) at--;
    return at;
  }

  private ruleName(line: number): { rule?: string } {
    const name = this.ruleNames.get(line);
    return name === undefined ? {} : { rule: name };
  }

  private start(line: number): number {
    return this.lineStart[line] ?? this.text.length;
  }

  private lineText(line: number): string {
    return this.text.slice(this.start(line), this.start(line + 1)).replace(/\r?\n$/, "");
  }

  /** Offset of the first non-space character of a line. */
  private nameOffset(line: number): number {
    const s = this.lineText(line);
    return this.start(line) + (s.length - s.trimStart().length);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Index into ruleLines of the first rule line after `line`. */
  private firstRuleLineAfter(line: number): number {
    return firstIndex(this.ruleLines.length, (i) => this.ruleLines[i]! > line);
  }

  /** How many rule lines have their name before `offset` (names are in offset order). */
  private ruleLinesBefore(offset: number): number {
    return firstIndex(this.ruleLines.length, (i) => this.nameOffset(this.ruleLines[i]!) >= offset);
  }

  private pos(offset: number): Pos {
    const line = this.lineOf(offset);
    return { line: line + 1, col: offset - this.start(line) + 1 };
  }
}

/** The first index in [0, n) where `past` holds (it holds from there on), or n. */
function firstIndex(n: number, past: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
