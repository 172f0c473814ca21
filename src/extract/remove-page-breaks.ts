import { isBlank } from "./markdown-syntax.js";

/** A line of a plain-text document that survived page-break removal. */
export interface KeptLine {
  readonly text: string;
  /** 1-based line in the file. */
  readonly line: number;
  /** True for the first line after a removed page break. */
  readonly afterBreak: boolean;
}

// Footer: `Bormann   Standards Track   [Page 3]`; older drafts put the page
// number on the right too, so any flush-left line with wide gaps will do.
const FOOTER = /\[Page \d+\]\s*$|^\S.*\S {3,}\S.* {3,}\S/;
// Header: `RFC 9682   Updates to the CDDL Grammar   November 2024`.
const HEADER = /^(RFC \d+|Internet-Draft)\b|^\S.*\S {3,}\S.* {3,}\S/;

/**
 * Drop the page furniture of a paginated RFC or draft: each form feed, the
 * footer before it, the header after it and the blank lines padding them, so
 * that a figure broken across pages reads as one. Line numbers are kept.
 *
 * Runs of blank lines are found from precomputed ends and the dropped lines
 * marked as ranges, so that thousands of form feeds in a row (each line
 * blank to the next) cost their number, not its square.
 */
export function removePageBreaks(lines: readonly string[]): KeptLine[] {
  const n = lines.length;
  const blank = lines.map(isBlank);
  // nextText[i]: the first line at or after i that is not blank (n if none); prevText[i]: the last at or before i (-1).
  const nextText = new Int32Array(n + 1);
  nextText[n] = n;
  for (let i = n - 1; i >= 0; i--) nextText[i] = blank[i] ? nextText[i + 1]! : i;
  const prevText = new Int32Array(n);
  for (let i = 0; i < n; i++) prevText[i] = blank[i] ? (i > 0 ? prevText[i - 1]! : -1) : i;
  const before = (i: number): number => (i >= 0 ? prevText[i]! : -1);
  // Dropped ranges as a difference array: +1 at the start, -1 past the end.
  const dropped = new Int32Array(n + 1);
  const drop = (from: number, to: number): void => {
    if (from >= to) return;
    dropped[from]! += 1;
    dropped[to]! -= 1;
  };
  const test = memoTests(lines);
  const breaksAfter = new Set<number>();
  for (let k = 0; k < n; k++) {
    const line = lines[k]!;
    if (!line.includes("\f")) continue;
    drop(k, k + 1);
    let b = before(k - 1);
    drop(b + 1, k);
    if (b >= 0 && test.footer(b)) {
      const above = before(b - 1);
      drop(above + 1, b + 1);
      b = above;
    }
    let a = k + 1;
    const sameLineHeader = !isBlank(line.replace(/\f/g, ""));
    if (!sameLineHeader) {
      drop(a, nextText[a]!);
      a = nextText[a]!;
      if (a < n && test.header(a)) {
        drop(a, a + 1);
        a += 1;
      }
    }
    drop(a, nextText[a]!);
    a = nextText[a]!;
    breaksAfter.add(a);
  }
  const kept: KeptLine[] = [];
  let depth = 0;
  for (let k = 0; k < n; k++) {
    depth += dropped[k]!;
    if (depth === 0) kept.push({ text: lines[k]!, line: k + 1, afterBreak: breaksAfter.has(k) });
  }
  return kept;
}

/** FOOTER and HEADER tested once per line, however many page breaks look at it. */
function memoTests(lines: readonly string[]): { footer(i: number): boolean; header(i: number): boolean } {
  const footer = new Map<number, boolean>();
  const header = new Map<number, boolean>();
  const memo = (cache: Map<number, boolean>, re: RegExp, i: number): boolean => {
    let v = cache.get(i);
    if (v === undefined) cache.set(i, (v = re.test(lines[i]!)));
    return v;
  };
  return { footer: (i) => memo(footer, FOOTER, i), header: (i) => memo(header, HEADER, i) };
}
