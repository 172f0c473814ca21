import { dirname, join } from "node:path";
import { diag, type Diagnostic } from "../diagnostics/index.js";
import type { PlacedLine } from "./code-block.js";
import { splitLines } from "./source-io.js";
import type { ExtractIo } from "./types.js";

export interface IncludeDirective {
  /** The path as written in the draft. */
  readonly target: string;
  /** 1-based column where the directive starts. */
  readonly col: number;
  readonly syntax: "mmark" | "kramdown" | "xml-src";
  /** An mmark address (`[lines:2-5]`) we do not apply. */
  readonly address?: string;
}

// mmark: `<{{file}}` optionally followed by an address; kramdown-rfc:
// `{::include file}` and its variants such as `{::include-fold file}`.
const MMARK = /^(\s*)<\{\{([^}\s]+)\}\}(\[[^\]]*\])?\s*$/;
const KRAMDOWN = /^(\s*)\{::include(?:-[\w-]+)?\s+([^}\s]+)\s*\}\s*$/;

/** The include directive on this line, if the line is nothing but one. */
export function parseInclude(line: string): IncludeDirective | undefined {
  const m = MMARK.exec(line);
  if (m) {
    const address = m[3];
    return { target: m[2]!, col: m[1]!.length + 1, syntax: "mmark", ...(address ? { address } : {}) };
  }
  const k = KRAMDOWN.exec(line);
  if (k) return { target: k[2]!, col: k[1]!.length + 1, syntax: "kramdown" };
  return undefined;
}

/** Includes are relative to the directory of the file that names them. */
export function includePath(fromFile: string, target: string): string {
  return join(dirname(fromFile), target);
}

export interface IncludedText {
  readonly path: string;
  readonly lines: PlacedLine[];
}

/**
 * Read an included file as placed lines. A missing or unreadable file, or
 * an address we cannot honour, becomes a diagnostic at the directive.
 */
export function readInclude(
  fromFile: string,
  fromLine: number,
  dir: IncludeDirective,
  io: ExtractIo,
  diagnostics: Diagnostic[],
): IncludedText | undefined {
  const path = includePath(fromFile, dir.target);
  const at = { file: fromFile, line: fromLine, col: dir.col };
  if (!io.exists(path)) {
    diagnostics.push(diag("error", "extract/missing-include", `included file "${dir.target}" not found (looked for ${path})`, at));
    return undefined;
  }
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    diagnostics.push(diag("error", "extract/missing-include", `included file "${dir.target}" cannot be read: ${String(e)}`, at));
    return undefined;
  }
  if (dir.address) {
    diagnostics.push(diag("warning", "extract/include-address", `include address ${dir.address} is not applied; the whole file is used`, at));
  }
  const lines = splitLines(text).map((t, i) => ({ text: t, file: path, line: i + 1, colOffset: 0 }));
  return { path, lines };
}
