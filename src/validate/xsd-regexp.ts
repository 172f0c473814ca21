/**
 * XSD regular expressions (XML Schema Part 2, Appendix F), the dialect of
 * CDDL's `.regexp`, translated to a JS RegExp. XSD expressions are
 * implicitly anchored and have no anchors of their own (`^` and `$` are
 * ordinary characters); `.` excludes only \n and \r; \d, \w are Unicode
 * classes and \s is just space, tab, CR and LF; `[a-z-[aeiou]]` subtracts
 * classes. The translation uses the `v` flag, whose nested classes and
 * `--` subtraction express all of that. Block escapes (\p{IsBasicLatin})
 * have no JS equivalent and are reported as unsupported.
 */

export type XsdRegexp = { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly unsupported: boolean; readonly message: string };

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
    const source = new Translator(pattern).translate();
    return { ok: true, regexp: new RegExp(`^(?:${source})$`, "v") };
  } catch (e) {
    if (e instanceof XsdError) return { ok: false, unsupported: e.unsupported, message: e.message };
    if (e instanceof SyntaxError) return { ok: false, unsupported: false, message: e.message };
    throw e;
  }
}

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

class Translator {
  private i = 0;
  private readonly chars: string[];

  constructor(pattern: string) {
    this.chars = [...pattern];
  }

  translate(): string {
    const out = this.regExp();
    if (this.i < this.chars.length) throw new XsdError(`unexpected "${this.chars[this.i]}" at character ${this.i + 1}`);
    return out;
  }

  private peek(): string | undefined {
    return this.chars[this.i];
  }

  private regExp(): string {
    const branches = [this.branch()];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.branch());
    }
    return branches.join("|");
  }

  private branch(): string {
    let out = "";
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) out += this.piece();
    return out;
  }

  private piece(): string {
    const atom = this.atom();
    const c = this.peek();
    if (c === "?" || c === "*" || c === "+") {
      this.i++;
      return atom + c;
    }
    if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.i, this.i + 40).join(""));
      if (!m) throw new XsdError(`bad quantifier at character ${this.i + 1}`);
      if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) throw new XsdError(`quantifier ${m[0]} has max < min`);
      this.i += m[0].length;
      return atom + m[0];
    }
    return atom;
  }

  private atom(): string {
    const c = this.peek()!;
    this.i++;
    switch (c) {
      case "(": {
        const inner = this.regExp();
        if (this.peek() !== ")") throw new XsdError("missing )");
        this.i++;
        return `(?:${inner})`;
      }
      case "[":
        return this.charClass();
      case "\\":
        return this.escape(false);
      case ".":
        return String.raw`[^\n\r]`;
      case "?":
      case "*":
      case "+":
      case "{":
      case "}":
      case ")":
      case "]":
        throw new XsdError(`"${c}" at character ${this.i} must be escaped`);
      default:
        return lit(c, false);
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
        subtract = this.charClass();
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
