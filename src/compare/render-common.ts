import { sep } from "node:path";
import type { SourceLoc } from "../diagnostics/index.js";
import type { Direction } from "./finding.js";

/**
 * Shared by the align and diff renderers: locations shortened for reading
 * (relative to $MIMI_DRAFTS when set, else to the working directory; a
 * shipped built-in's are relative to the drafts folder already) and
 * verdicts in words.
 */
export function defaultBases(): string[] {
  const drafts = process.env["MIMI_DRAFTS"];
  const bases = [...(drafts ? [drafts] : []), process.cwd()];
  return bases.map((b) => (b.endsWith(sep) ? b : b + sep));
}

export function locText(loc: SourceLoc, bases: readonly string[] = defaultBases()): string {
  const base = bases.find((b) => loc.file.startsWith(b));
  const file = base ? loc.file.slice(base.length) : loc.file;
  return `${file}:${loc.line}:${loc.col}`;
}

/** One format's verdict, with the sides' labels: "same", "TPL→CDDL only", "differ". */
export function directionText(d: Direction, labels: readonly [string, string]): string {
  switch (d) {
    case "both":
      return "same";
    case "left-to-right":
      return `${labels[0]}→${labels[1]} only`;
    case "right-to-left":
      return `${labels[1]}→${labels[0]} only`;
    case "neither":
      return "differ";
    case "n/a":
      return "n/a";
  }
}

/** Markdown table cell: pipes escaped, newlines flattened. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
