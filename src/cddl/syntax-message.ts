/**
 * Peggy's "expected ... but found ..." turned into a message a draft
 * author can act on: white space and comments are left out of the
 * expectations, a missing closing bracket names the bracket it should
 * close, and `found` shows the whole word rather than one character.
 */

interface Expectation {
  readonly type: "literal" | "class" | "any" | "end" | "other";
  readonly text?: string;
  readonly description?: string;
  readonly parts?: readonly (string | readonly string[])[];
}

export interface PeggyError extends Error {
  readonly expected: readonly Expectation[] | null;
  readonly found: string | null;
  readonly location: { readonly start: { readonly offset: number; readonly line: number; readonly column: number } };
}

export function isPeggyError(e: unknown): e is PeggyError {
  return e instanceof Error && e.name === "SyntaxError" && "location" in e && "expected" in e;
}

const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{", ">": "<" };
const NOISE = new Set(["comment", "end of line", '" "']);

/**
 * `chunk` is the text the parser saw (the error's offsets are relative to
 * it); it starts at line `lineOffset + 1` of the block.
 */
export function describeSyntaxError(e: PeggyError, chunk: string, lineOffset = 0): string {
  if (e.expected === null) return e.message; // error() from the grammar: already a sentence
  const offset = e.location.start.offset;
  const wanted = unique(e.expected.map(describeExpectation));
  const shown = summarize(wanted.filter((w) => !NOISE.has(w)));
  const list = shown.length > 0 ? shown : wanted;
  list.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const scan = scanBrackets(chunk, offset);
  const opener = scan.open;
  const parts = list.map((w) => {
    const closer = w.length === 3 ? w[1] : undefined;
    if (closer && opener && CLOSERS[closer] === opener.char) return `${w} to close the "${opener.char}" at ${opener.line + lineOffset}:${opener.col}`;
    return w;
  });
  const found = describeFound(chunk, offset);
  let hint = "";
  if (found === '":"' && list.includes('"=>"')) hint = ' (":" follows only a bareword or a literal key; other keys need "=>")';
  else if (found.startsWith('".') && !list.includes("a control operator")) hint = " (a type takes one range or control operator; use parentheses for more)";
  else if (scan.quoteBefore) {
    const q = scan.quoteBefore;
    hint = ` (a byte string ends at the ' at ${q.line + lineOffset}:${q.col}; inside one, even in a comment, write \\')`;
  }
  return `expected ${joinOr(parts)}, but found ${found}${hint}`;
}

/** What may start a type (type2), as described by describeExpectation. */
const TYPE_STARTS = ['"("', '"["', '"{"', '"~"', '"&"', '"#"', '"#6"', '"#7"', "a text string", "a byte string", "a number", "a name"];

/** Everything that may start a type becomes "a type" (or "a group entry" with occurrence indicators). */
function summarize(list: readonly string[]): string[] {
  const starts = TYPE_STARTS.filter((t) => list.includes(t));
  if (starts.length < TYPE_STARTS.length - 2) return list.filter((w) => !(list.includes('"#"') && (w === '"#6"' || w === '"#7"')));
  const entry = list.includes("an occurrence indicator");
  const rest = list.filter((w) => !TYPE_STARTS.includes(w) && w !== "an occurrence indicator");
  return [...rest, entry ? "a group entry" : "a type"];
}

function describeExpectation(x: Expectation): string {
  switch (x.type) {
    case "literal":
      return x.text === "\n" || x.text === "\r\n" ? "end of line" : JSON.stringify(x.text ?? "");
    case "other":
      return x.description ?? "something else";
    case "end":
      return "the end of the block";
    case "any":
      return "any character";
    case "class":
      return describeClass(x.parts ?? []);
  }
}

function describeClass(parts: readonly (string | readonly string[])[]): string {
  const flat = parts.map((p) => (typeof p === "string" ? p : p.join("-"))).join("");
  if (flat === "0-9") return "a digit";
  if (/^(0-9|a-f|A-F)+$/.test(flat)) return "a hex digit";
  if (flat === "01") return "a binary digit";
  return "a character";
}

/** Closing brackets first, then punctuation, then words. */
function rank(w: string): number {
  if (/^"[)\]}>]"$/.test(w)) return 0;
  if (w.startsWith('"')) return 1;
  if (w === "a type" || w === "a group entry") return 3;
  if (w === "the end of the block") return 4;
  return 2;
}

function describeFound(chunk: string, offset: number): string {
  if (offset >= chunk.length) return "the end of the block";
  const c = chunk[offset] ?? "";
  if (c === "\n" || c === "\r") return "the end of the line";
  if (c === "\t") return "a tab (CDDL allows only spaces as white space)";
  const word = /^[A-Za-z@_$](?:[-.]*[A-Za-z@_$0-9])*|^[0-9]+/.exec(chunk.slice(offset));
  if (word) return JSON.stringify(word[0]);
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return JSON.stringify(String.fromCodePoint(code));
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "something else";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

interface Scan {
  /** The innermost bracket opened before the error and not closed. */
  readonly open?: { char: string; line: number; col: number };
  /** The closing quote of a byte string right before the error (only spaces between). */
  readonly quoteBefore?: { line: number; col: number };
}

/** Brackets and strings before `offset`, skipping comments; lines and columns within the chunk. */
function scanBrackets(chunk: string, offset: number): Scan {
  const stack: { char: string; offset: number }[] = [];
  let lastQuote = -1;
  let i = 0;
  while (i < offset) {
    const c = chunk[i] ?? "";
    if (c === ";") {
      while (i < offset && chunk[i] !== "\n") i++;
    } else if (c === '"' || c === "'") {
      const open = i;
      i++;
      while (i < offset && chunk[i] !== c) i += chunk[i] === "\\" ? 2 : 1;
      // h'..' or b64'..' with a comment inside: an apostrophe in the comment ends it
      const prefixed = c === "'" && /[hH4]/.test(chunk[open - 1] ?? "");
      lastQuote = prefixed && chunk.slice(open, i).includes(";") ? i : -1;
      i++;
    } else {
      if (c !== " " && c !== "\n") lastQuote = -1;
      if (c === "(" || c === "[" || c === "{") stack.push({ char: c, offset: i });
      else if (c === ")" || c === "]" || c === "}") stack.pop();
      i++;
    }
  }
  const top = stack[stack.length - 1];
  const quoteBefore = lastQuote >= 0 && lastQuote < offset && /^ *$/.test(chunk.slice(lastQuote + 1, offset)) ? lineCol(chunk, lastQuote) : undefined;
  return { ...(top ? { open: { char: top.char, ...lineCol(chunk, top.offset) } } : {}), ...(quoteBefore ? { quoteBefore } : {}) };
}

function lineCol(chunk: string, offset: number): { line: number; col: number } {
  const before = chunk.slice(0, offset);
  return { line: before.split("\n").length, col: offset - (before.lastIndexOf("\n") + 1) + 1 };
}
