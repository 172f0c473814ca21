/** A position in a draft: 1-based line and column, as editors show them. */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** A located span; `end` is exclusive. */
export interface SourceSpan extends SourceLoc {
  readonly endLine: number;
  readonly endCol: number;
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
