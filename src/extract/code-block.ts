import type { SourceLoc } from "../diagnostics/index.js";
import type { BlockLang, BlockOrigin, CodeBlock, LineOrigin } from "./types.js";

/** One line of block text together with where it came from. */
export interface PlacedLine {
  readonly text: string;
  readonly file: string;
  readonly line: number;
  readonly colOffset: number;
  readonly colMap?: readonly number[];
}

export interface BlockSpec {
  readonly lang: BlockLang;
  readonly info: string;
  readonly section: string;
  readonly origin: BlockOrigin;
  /** File to name when the block has no lines (an empty fence). */
  readonly fallbackFile: string;
}

/**
 * Build a block; `index` is provisional (extractors renumber at the end).
 * The block's file is the file most of its lines live in, so that a fence
 * that only wraps an include names the included file; any other line
 * carries its own file.
 */
export function makeBlock(spec: BlockSpec, placed: readonly PlacedLine[]): CodeBlock {
  const file = majorityFile(placed) ?? spec.fallbackFile;
  const lines: LineOrigin[] = placed.map((p) => ({
    line: p.line,
    colOffset: p.colOffset,
    ...(p.file !== file ? { file: p.file } : {}),
    ...(p.colMap ? { colMap: p.colMap } : {}),
  }));
  return {
    lang: spec.lang,
    info: spec.info,
    text: placed.map((p) => p.text).join("\n"),
    file,
    lines,
    section: spec.section,
    origin: spec.origin,
    index: 0,
  };
}

function majorityFile(placed: readonly PlacedLine[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of placed) counts.set(p.file, (counts.get(p.file) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [f, n] of counts) {
    if (n > bestCount) [best, bestCount] = [f, n];
  }
  return best;
}

export function renumber(blocks: readonly CodeBlock[]): CodeBlock[] {
  return blocks.map((b, index) => ({ ...b, index }));
}

/**
 * Map a 1-based (line, col) inside block.text to the draft location.
 * Positions past the end (a parser's "unexpected end of input") map to the
 * end of the last line, so a caret still lands on real text.
 */
export function blockLoc(block: CodeBlock, line: number, col: number): SourceLoc {
  const n = block.lines.length;
  if (n === 0) return { file: block.file, line: 1, col: 1 };
  if (line > n) {
    const lastText = block.text.split("\n")[n - 1] ?? "";
    return blockLoc(block, n, lastText.length + 1);
  }
  const origin = block.lines[Math.max(1, line) - 1]!;
  const file = origin.file ?? block.file;
  const c = Math.max(1, col);
  if (origin.colMap && origin.colMap.length > 0) {
    const mapped = origin.colMap[c - 1];
    if (mapped !== undefined) return { file, line: origin.line, col: mapped };
    // Past the last character: continue from the last mapped one.
    const last = origin.colMap[origin.colMap.length - 1]!;
    return { file, line: origin.line, col: last + (c - origin.colMap.length) };
  }
  return { file, line: origin.line, col: origin.colOffset + c };
}
