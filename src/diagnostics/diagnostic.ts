import { formatLoc, type SourceLoc } from "./source-loc.js";

export type Severity = "error" | "warning" | "note";

/**
 * One finding about a draft. `code` is a stable identifier from CODES
 * so that tools and tests can match on it; `message` is for people.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly loc: SourceLoc;
  /** The strict spelling, for lenient recoveries. */
  readonly fix?: string;
  /** A second location the finding cites (e.g. the other definition). */
  readonly related?: SourceLoc;
}

export function diag(
  severity: Severity,
  code: string,
  message: string,
  loc: SourceLoc,
  extra: { fix?: string; related?: SourceLoc } = {},
): Diagnostic {
  return { severity, code, message, loc, ...extra };
}

/**
 * `file:line:col: severity code: message`, then the offending source line
 * and a caret under the column, the way compilers print it.
 */
export function formatDiagnostic(d: Diagnostic, sourceLine?: string): string {
  let out = `${formatLoc(d.loc)}: ${d.severity} ${d.code}: ${d.message}`;
  if (d.fix) out += ` (strict form: ${d.fix})`;
  if (d.related) out += `\n  see also ${formatLoc(d.related)}`;
  if (sourceLine !== undefined) {
    const { text, caret } = excerpt(sourceLine, d.loc.col);
    out += `\n  ${text}\n  ${" ".repeat(caret)}^`;
  }
  return out;
}

/** Longest source line shown in full; a longer one is shown around the column. */
const EXCERPT = 160;

/** The source line as printed (tabs as spaces), cut to a window around `col` if long, and the caret's offset in it. */
function excerpt(line: string, col: number): { text: string; caret: number } {
  const at = Math.max(0, col - 1);
  if (line.length <= EXCERPT) return { text: line.replace(/\t/g, " "), caret: at };
  const start = Math.max(0, Math.min(at - EXCERPT / 2, line.length - EXCERPT));
  const head = start > 0 ? "..." : "";
  const tail = start + EXCERPT < line.length ? "..." : "";
  return { text: head + line.slice(start, start + EXCERPT).replace(/\t/g, " ") + tail, caret: head.length + at - start };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col,
  );
}
