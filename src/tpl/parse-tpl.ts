import type { Deviation, Statement, TplFile } from "./ast.js";
import { loadGrammar } from "./load-grammar.js";
import { repairComments } from "./repair-comments.js";

/**
 * Parse one block of TPL. Never throws for bad input: unreadable statements
 * come back as `junk`, and departures from strict TPL as deviations.
 */
export function parseTpl(text: string): TplFile {
  const repaired = repairComments(text);
  const deviations = [...repaired.deviations];
  let statements: Statement[];
  try {
    const raw = loadGrammar("tpl").parse(repaired.text) as { statements: Statement[] };
    statements = raw.statements.map((s) => collectDeviations(s, deviations) as Statement);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // nesting beyond the stack: the whole block is one unreadable statement
    return { statements: [{ kind: "junk", text: "(nesting too deep to parse) " + text.slice(0, 40), at: { line: 1, col: 1 } }], deviations: [] };
  }
  deviations.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  return { statements, deviations };
}

/** The grammar hangs deviations on nodes as `devs`; lift them out. */
function collectDeviations(node: unknown, into: Deviation[]): unknown {
  if (Array.isArray(node)) return node.map((n) => collectDeviations(n, into));
  if (node === null || typeof node !== "object" || typeof (node as { kind?: unknown }).kind !== "string" && !("labels" in node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "devs") into.push(...(v as Deviation[]));
    else out[k] = typeof v === "bigint" ? v : collectDeviations(v, into);
  }
  return out;
}
