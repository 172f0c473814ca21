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
    const shown = sourceLine.replace(/\t/g, " ");
    out += `\n  ${shown}\n  ${" ".repeat(Math.max(0, d.loc.col - 1))}^`;
  }
  return out;
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
