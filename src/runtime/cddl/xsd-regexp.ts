/**
 * XSD regular expressions (XML Schema Part 2, Appendix F), the dialect of
 * CDDL's `.regexp`. XSD expressions are implicitly anchored and have no
 * anchors of their own (`^` and `$` are ordinary characters); `.` excludes
 * only \n and \r; \d, \w are Unicode classes and \s is just space, tab,
 * CR and LF; `[a-z-[aeiou]]` subtracts classes. Block escapes
 * (\p{IsBasicLatin}) are reported as unsupported.
 *
 * The pattern comes from a draft and the text from whoever sent the data,
 * so the match must not backtrack: `(a+)+` against "aaa...ab" took seconds
 * at 24 characters with a backtracking engine. The expression is compiled
 * to a Thompson NFA whose states each test one character (a JS RegExp of
 * one character class, translated with the `v` flag, whose nested classes
 * and `--` subtraction express all of XSD's), and the match runs all
 * states in step: time linear in the text times the pattern's size. The
 * pattern's size is bounded (maxStates) and so is the work of one match
 * (maxSteps); a match that would need more says so instead of guessing.
 *
 * It lives in the runtime (no imports but the validator's types) so that
 * the compiler's validator and the runtime's (generated modules' validated
 * generic codecs, validateItem() callers) match `.regexp` the same way.
 */

import type { CompileRegexp } from "./matcher.js";

export interface XsdMatcher {
  /** Whether the whole text matches; "budget" when checking it would take more than maxSteps. */
  match(text: string): boolean | "budget";
}

export type XsdRegexp = { readonly ok: true; readonly regexp: XsdMatcher } | { readonly ok: false; readonly unsupported: boolean; readonly message: string };

/** States of one compiled pattern (counted repetitions are spelled out): bigger is unsupported. */
export const MAX_REGEXP_STATES = 10_000;
/** Live states stepped over in one match, summed over the characters (a second or two). */
export const MAX_REGEXP_STEPS = 10_000_000;

const cache = new Map<string, XsdRegexp>();

export function compileXsdRegexp(pattern: string): XsdRegexp {
  let got = cache.get(pattern);
  if (!got) {
    got = compile(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, got);
  }
  return got;
}

/**
 * A generated codec's `.regexp` check: true when the whole text matches;
 * a pattern that does not compile, or a match over its work budget, is a
 * mismatch (the compiler reports unsupported patterns and does not emit them).
 */
export function matchesXsdRegexp(text: string, pattern: string): boolean {
  const re = compileXsdRegexp(pattern);
  return re.ok && re.regexp.match(text) === true;
}

/** This engine in the shape the validator core takes (MatchOptions.regexp). */
export const checkXsdRegexp: CompileRegexp = (pattern) => {
  const re = compileXsdRegexp(pattern);
  return re.ok ? { ok: true, match: (text) => re.regexp.match(text) } : re;
};

class XsdError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

function compile(pattern: string): XsdRegexp {
  try {
    const tree = new Translator(pattern).translate();
    return { ok: true, regexp: new Nfa(tree) };
  } catch (e) {
    if (e instanceof XsdError) return { ok: false, unsupported: e.unsupported, message: e.message };
    if (e instanceof SyntaxError) return { ok: false, unsupported: false, message: e.message };
    throw e;
  }
}

/** The parsed expression: `one` is a single character, as JS `v`-mode source for one character or class. */
type Tree =
  | { readonly kind: "one"; readonly source: string }
  | { readonly kind: "seq"; readonly items: readonly Tree[] }
  | { readonly kind: "alt"; readonly options: readonly Tree[] }
  | { readonly kind: "repeat"; readonly of: Tree; readonly min: number; readonly max: number | null };

const MULTI: Readonly<Record<string, string>> = {
  d: String.raw`\p{Nd}`,
  D: String.raw`\P{Nd}`,
  s: String.raw`[ \t\n\r]`,
  S: String.raw`[^ \t\n\r]`,
  w: String.raw`[^\p{P}\p{Z}\p{C}]`,
  W: String.raw`[\p{P}\p{Z}\p{C}]`,
  i: String.raw`[_\:\p{L}]`,
  I: String.raw`[^_\:\p{L}]`,
  c: String.raw`[\-\.0-9\:_\p{L}\u00B7]`,
  C: String.raw`[^\-\.0-9\:_\p{L}\u00B7]`,
};

const SINGLE: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t" };
/** Characters XSD lets a backslash escape as themselves. */
const ESCAPABLE = new Set([..."\\|.?*+(){}-[]^"]);
/** Characters that must be escaped to be literal in a JS `v` pattern, outside classes. */
const JS_SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
/** ... and inside classes (where a backslash may also escape the reserved punctuators). */
const JS_CLASS_SPECIAL = new Set([...JS_SYNTAX, ..."-&!#%,:;<=>@`~"]);

function lit(c: string, inClass: boolean): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return (inClass ? JS_CLASS_SPECIAL : JS_SYNTAX).has(c) ? "\\" + c : c;
}

/** Parentheses nested deeper are unsupported (the parser recurses per level). */
const MAX_GROUP_DEPTH = 256;

const one = (source: string): Tree => ({ kind: "one", source });

class Translator {
  private i = 0;
  private depth = 0;
  private readonly chars: string[];

  constructor(pattern: string) {
    this.chars = [...pattern];
  }

  translate(): Tree {
    const out = this.regExp();
    if (this.i < this.chars.length) throw new XsdError(`unexpected "${this.chars[this.i]}" at character ${this.i + 1}`);
    return out;
  }

  private peek(): string | undefined {
    return this.chars[this.i];
  }

  private regExp(): Tree {
    const branches = [this.branch()];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.branch());
    }
    return branches.length === 1 ? branches[0]! : { kind: "alt", options: branches };
  }

  private branch(): Tree {
    const items: Tree[] = [];
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) items.push(this.piece());
    return items.length === 1 ? items[0]! : { kind: "seq", items };
  }

  private piece(): Tree {
    const atom = this.atom();
    const c = this.peek();
    if (c === "?" || c === "*" || c === "+") {
      this.i++;
      return { kind: "repeat", of: atom, min: c === "+" ? 1 : 0, max: c === "?" ? 1 : null };
    }
    if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.i, this.i + 40).join(""));
      if (!m) throw new XsdError(`bad quantifier at character ${this.i + 1}`);
      if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) throw new XsdError(`quantifier ${m[0]} has max < min`);
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? null : Number(m[3]);
      if (min > MAX_REGEXP_STATES || (max ?? 0) > MAX_REGEXP_STATES) throw new XsdError(`quantifier ${m[0]} is larger than ${MAX_REGEXP_STATES} (maxStates)`, true);
      return { kind: "repeat", of: atom, min, max };
    }
    return atom;
  }

  private atom(): Tree {
    const c = this.peek()!;
    this.i++;
    switch (c) {
      case "(": {
        if (++this.depth > MAX_GROUP_DEPTH) throw new XsdError(`groups nested deeper than ${MAX_GROUP_DEPTH}`, true);
        const inner = this.regExp();
        this.depth--;
        if (this.peek() !== ")") throw new XsdError("missing )");
        this.i++;
        return inner;
      }
      case "[":
        return one(this.charClass());
      case "\\":
        return one(this.escape(false));
      case ".":
        return one(String.raw`[^\n\r]`);
      case "?":
      case "*":
      case "+":
      case "{":
      case "}":
      case ")":
      case "]":
        throw new XsdError(`"${c}" at character ${this.i} must be escaped`);
      default:
        return one(lit(c, false));
    }
  }

  /** After a backslash; inside a class a multi-character escape becomes a nested class. */
  private escape(inClass: boolean): string {
    const c = this.peek();
    if (c === undefined) throw new XsdError("pattern ends with a backslash");
    this.i++;
    if (c in SINGLE) return lit(SINGLE[c]!, inClass);
    if (ESCAPABLE.has(c)) return lit(c, inClass);
    if (c in MULTI) return MULTI[c]!;
    if (c === "p" || c === "P") {
      const m = /^\{([A-Za-z0-9-]+)\}/.exec(this.chars.slice(this.i, this.i + 60).join(""));
      if (!m) throw new XsdError(`bad \\${c}{...} escape`);
      this.i += m[0].length;
      if (m[1]!.startsWith("Is")) throw new XsdError(`block escape \\${c}{${m[1]}} is not supported`, true);
      return `\\${c}{${m[1]}}`;
    }
    throw new XsdError(`unknown escape \\${c}`);
  }

  /** After `[`: `[^...]`, ranges, escapes, and a subtraction `-[...]` before the closing `]`. */
  private charClass(): string {
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.i++;
    }
    let items = "";
    let first = true;
    let subtract: string | undefined;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new XsdError("missing ]");
      if (c === "]" && !first) {
        this.i++;
        break;
      }
      if (c === "-" && this.chars[this.i + 1] === "[" && !first) {
        this.i += 2;
        if (++this.depth > MAX_GROUP_DEPTH) throw new XsdError(`class subtractions nested deeper than ${MAX_GROUP_DEPTH}`, true);
        subtract = this.charClass();
        this.depth--;
        if (this.peek() !== "]") throw new XsdError("a class subtraction must end the class");
        this.i++;
        break;
      }
      first = false;
      items += this.classItem();
    }
    if (items === "") throw new XsdError("empty character class");
    const base = `[${negated ? "^" : ""}${items}]`;
    return subtract === undefined ? base : `[${base}--${subtract}]`;
  }

  private classItem(): string {
    const start = this.classChar();
    if (start.multi) return start.text;
    if (this.peek() === "-" && this.chars[this.i + 1] !== "]" && this.chars[this.i + 1] !== "[" && this.chars[this.i + 1] !== undefined) {
      this.i++;
      const end = this.classChar();
      if (end.multi) throw new XsdError("a range cannot end in a multi-character escape");
      if ((end.char.codePointAt(0) ?? 0) < (start.char.codePointAt(0) ?? 0)) throw new XsdError(`range ${start.char}-${end.char} is out of order`);
      return `${start.text}-${end.text}`;
    }
    return start.text;
  }

  private classChar(): { text: string; char: string; multi: boolean } {
    const c = this.peek()!;
    this.i++;
    if (c === "\\") {
      const e = this.peek() ?? "";
      const text = this.escape(true);
      const multi = e in MULTI || e === "p" || e === "P";
      return { text, char: multi ? "" : (SINGLE[e] ?? e), multi };
    }
    if (c === "[") throw new XsdError(`"[" in a character class must be escaped`);
    return { text: lit(c, true), char: c, multi: false };
  }
}

// ---------------------------------------------------------------- matching

/** A state tests one character (`test`, an index into Nfa.tests) and goes to `next`, or (test -1) splits to `next` and `alt` without reading. */
interface State {
  test: number;
  next: number;
  alt: number;
}

const MATCH = -1;
const SPLIT = -1;

/** One character class, with its answers remembered (a text repeats its characters). */
class CharTest {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly re: RegExp) {}

  test(ch: string): boolean {
    let v = this.known.get(ch);
    if (v === undefined) {
      v = this.re.test(ch);
      if (this.known.size < 4096) this.known.set(ch, v);
    }
    return v;
  }
}

/**
 * Thompson's construction: a state per character test and a split per
 * choice or repetition; counted repetitions are copied out. Matching keeps
 * the set of live states and steps them all over each character.
 */
class Nfa implements XsdMatcher {
  private readonly states: State[] = [];
  private readonly start: number;
  private readonly tests: CharTest[] = [];
  private readonly testOf = new Map<string, number>();

  constructor(tree: Tree) {
    this.start = this.build(tree, MATCH);
  }

  /** States for `t` that continue at `next`; returns the entry state. Built back to front, so every target exists. */
  private build(t: Tree, next: number): number {
    switch (t.kind) {
      case "one": {
        let test = this.testOf.get(t.source);
        if (test === undefined) {
          this.testOf.set(t.source, (test = this.tests.length));
          this.tests.push(new CharTest(new RegExp(`^(?:${t.source})$`, "v")));
        }
        return this.add({ test, next, alt: MATCH });
      }
      case "seq": {
        let at = next;
        for (let k = t.items.length - 1; k >= 0; k--) at = this.build(t.items[k]!, at);
        return at;
      }
      case "alt": {
        // a chain of splits, one per option after the first
        let entry = this.build(t.options[t.options.length - 1]!, next);
        for (let k = t.options.length - 2; k >= 0; k--) entry = this.add({ test: SPLIT, next: this.build(t.options[k]!, next), alt: entry });
        return entry;
      }
      case "repeat": {
        let at = next;
        if (t.max === null) {
          // a loop: the split either enters the body (which comes back to it) or leaves
          const loop = this.add({ test: SPLIT, next: MATCH, alt: next });
          this.states[loop]!.next = this.build(t.of, loop);
          at = loop;
        } else {
          for (let k = t.min; k < t.max; k++) at = this.add({ test: SPLIT, next: this.build(t.of, at), alt: next });
        }
        for (let k = 0; k < t.min; k++) at = this.build(t.of, at);
        return at;
      }
    }
  }

  private add(s: State): number {
    if (this.states.length >= MAX_REGEXP_STATES) throw new XsdError(`the expression needs more than ${MAX_REGEXP_STATES} states (maxStates)`, true);
    this.states.push(s);
    return this.states.length - 1;
  }

  match(text: string): boolean | "budget" {
    // seen[s] === generation: state s is already in the set being built
    const seen = new Int32Array(this.states.length);
    let generation = 1;
    let current: number[] = [];
    let matched = this.closure([this.start], seen, generation, current);
    let steps = 0;
    for (const ch of text) {
      steps += current.length;
      if (steps > MAX_REGEXP_STEPS) return "budget";
      const moved: number[] = [];
      for (const s of current) {
        const st = this.states[s]!;
        if (this.tests[st.test]!.test(ch)) moved.push(st.next);
      }
      if (moved.length === 0) return false;
      current = [];
      matched = this.closure(moved, seen, ++generation, current);
    }
    return matched;
  }

  /** Put the character-testing states reachable from `from` without reading into `out`, each once; true if MATCH is reachable. */
  private closure(from: readonly number[], seen: Int32Array, generation: number, out: number[]): boolean {
    let matched = false;
    const stack = [...from];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (s === MATCH) {
        matched = true;
        continue;
      }
      if (seen[s] === generation) continue;
      seen[s] = generation;
      const st = this.states[s]!;
      if (st.test !== SPLIT) out.push(s);
      else stack.push(st.alt, st.next);
    }
    return matched;
  }
}
