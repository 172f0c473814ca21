import type { EdnDiagnostic } from "./parse-edn.js";

/** Invalid EDN: the first problem's message and location, and all of them in `diagnostics`. */
export class EdnError extends Error {
  override readonly name = "EdnError";
  readonly line: number;
  readonly col: number;
  readonly reason: string;
  readonly diagnostics: readonly EdnDiagnostic[];

  constructor(diagnostics: readonly EdnDiagnostic[]) {
    const first = diagnostics[0] ?? { message: "invalid EDN", at: { line: 1, col: 1 } };
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
    super(`${first.message} at line ${first.at.line}, column ${first.at.col}${more}`);
    this.line = first.at.line;
    this.col = first.at.col;
    this.reason = first.message;
    this.diagnostics = diagnostics;
  }
}
