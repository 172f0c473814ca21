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
 */
export function removePageBreaks(lines: readonly string[]): KeptLine[] {
  const drop = new Set<number>();
  const breaksAfter = new Set<number>();
  // Lines below this index were already looked at by an earlier page break:
  // a run of form feeds with nothing between them is walked once, not once
  // per form feed.
  let scannedTo = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (!line.includes("\f")) continue;
    drop.add(k);
    let b = k - 1;
    while (b >= scannedTo && isBlank(lines[b]!)) drop.add(b--);
    if (b >= scannedTo && FOOTER.test(lines[b]!)) {
      drop.add(b--);
      while (b >= scannedTo && isBlank(lines[b]!)) drop.add(b--);
    }
    let a = k + 1;
    const sameLineHeader = !isBlank(line.replace(/\f/g, ""));
    if (!sameLineHeader) {
      while (a < lines.length && isBlank(lines[a]!)) drop.add(a++);
      if (a < lines.length && HEADER.test(lines[a]!)) drop.add(a++);
    }
    while (a < lines.length && isBlank(lines[a]!)) drop.add(a++);
    breaksAfter.add(a);
    scannedTo = Math.max(k + 1, a);
  }
  const kept: KeptLine[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (!drop.has(k)) kept.push({ text: lines[k]!, line: k + 1, afterBreak: breaksAfter.has(k) });
  }
  return kept;
}
