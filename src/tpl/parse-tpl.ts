import type { Deviation, Statement, TplFile } from "./ast.js";
import { loadGrammar } from "./load-grammar.js";
import { repairComments } from "./repair-comments.js";

export interface ParseTplOptions {
  /**
   * Brackets (`{`, `(`, `<`, `[`) open at once, counted before parsing (the
   * parser recurses per level; an unclosed `{` counts too). A block nested
   * deeper is not parsed: one error at the bracket that goes too deep.
   * Default 256.
   */
  readonly maxNesting?: number;
}

export const DEFAULT_TPL_MAX_NESTING = 256;

/**
 * Parse one block of TPL. Never throws for bad input: unreadable statements
 * come back as `junk`, departures from strict TPL as deviations, and a
 * block nested too deeply to parse as an error.
 */
export function parseTpl(text: string, options: ParseTplOptions = {}): TplFile {
  const repaired = repairComments(text);
  const max = options.maxNesting ?? DEFAULT_TPL_MAX_NESTING;
  const deep = tooDeepAt(repaired.text, max);
  if (deep !== undefined) {
    return { statements: [], deviations: [], errors: [{ message: `nested deeper than ${max} levels of brackets (maxNesting); the block is not parsed`, at: positionOf(repaired.text, deep) }] };
  }
  const deviations = [...repaired.deviations];
  let statements: Statement[];
  try {
    const raw = loadGrammar("tpl").parse(repaired.text) as { statements: Statement[] };
    statements = raw.statements.map((s) => collectDeviations(s, deviations) as Statement);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Beyond the stack even so (a caller with little stack left, or maxNesting lifted).
    return { statements: [], deviations: [], errors: [{ message: "nested too deeply to parse (the parser ran out of stack); the block is not parsed", at: { line: 1, col: 1 } }] };
  }
  deviations.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  return { statements, deviations, errors: [] };
}

/** The offset of the first bracket that opens level `max + 1` outside comments, or undefined. */
function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x2f && text.charCodeAt(k + 1) === 0x2a) {
      const end = text.indexOf("*/", k + 2);
      k = end < 0 ? text.length : end + 1;
    } else if (c === 0x2f && text.charCodeAt(k + 1) === 0x2f) {
      const end = text.indexOf("\n", k);
      k = end < 0 ? text.length : end;
    } else if (c === 0x7b || c === 0x28 || c === 0x3c || c === 0x5b) {
      if (++depth > max) return k;
    } else if ((c === 0x7d || c === 0x29 || c === 0x3e || c === 0x5d) && depth > 0) depth -= 1;
  }
  return undefined;
}

function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf("\n"); k >= 0 && k < offset; k = text.indexOf("\n", k + 1)) {
    line += 1;
    start = k + 1;
  }
  return { line, col: offset - start + 1 };
}

const EXPRESSIONS = new Set(["num", "ref", "binary"]);

/**
 * The grammar hangs deviations on nodes as `devs`; lift them out.
 * Expressions carry none and are left as they are: a sum of a hundred
 * thousand terms is a tree that deep.
 */
function collectDeviations(node: unknown, into: Deviation[]): unknown {
  if (Array.isArray(node)) return node.map((n) => collectDeviations(n, into));
  if (node === null || typeof node !== "object" || typeof (node as { kind?: unknown }).kind !== "string" && !("labels" in node)) return node;
  if (EXPRESSIONS.has((node as { kind: string }).kind)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "devs") for (const d of v as Deviation[]) into.push(d);
    else out[k] = typeof v === "bigint" ? v : collectDeviations(v, into);
  }
  return out;
}
