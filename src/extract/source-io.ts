import type { SourceLoc } from "../diagnostics/index.js";
import { nodeIo } from "./node-io.js";
import type { ExtractIo } from "./types.js";

/**
 * Split a file into lines the way every extractor counts them: a BOM is
 * dropped, CRLF and lone CR end lines, and a final newline does not start an
 * extra empty line.
 */
export function splitLines(text: string): string[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

// Keyed by io so that an in-memory io in a test never sees the real disk's lines.
const cache = new WeakMap<ExtractIo, Map<string, readonly string[] | null>>();

/** The source line at `loc` (for printing carets), or undefined if unreadable. */
export function readSourceLine(loc: SourceLoc, io: ExtractIo = nodeIo): string | undefined {
  let files = cache.get(io);
  if (!files) {
    files = new Map();
    cache.set(io, files);
  }
  let lines = files.get(loc.file);
  if (lines === undefined) {
    try {
      lines = io.exists(loc.file) ? splitLines(io.readFile(loc.file)) : null;
    } catch {
      lines = null;
    }
    files.set(loc.file, lines);
  }
  return lines?.[loc.line - 1];
}
