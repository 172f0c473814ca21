import { formatDiagnostic, type Diagnostic } from "./diagnostic.js";

/** Thrown when a compilation cannot go on; carries every diagnostic so far. */
export class CompileError extends Error {
  override readonly name = "CompileError";
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(d)).join("\n") || "compilation failed");
  }
  format(lineOf?: (d: Diagnostic) => string | undefined): string {
    return this.diagnostics.map((d) => formatDiagnostic(d, lineOf?.(d))).join("\n");
  }
}

export function isCompileError(e: unknown): e is CompileError {
  return e instanceof CompileError;
}
