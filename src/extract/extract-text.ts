import { classifyContent, looksLikeTpl } from "./classify-block.js";
import { makeBlock, renumber, type PlacedLine } from "./code-block.js";
import { indentWidth, isBlank } from "./markdown-syntax.js";
import { removePageBreaks, type KeptLine } from "./remove-page-breaks.js";
import { splitLines } from "./source-io.js";
import type { CodeBlock, Extraction } from "./types.js";

type ParagraphKind = "heading" | "code" | "comment" | "prose";

interface Paragraph {
  /** Range into the kept lines, end exclusive. */
  readonly from: number;
  readonly to: number;
  readonly kind: ParagraphKind;
  readonly title: string;
}

// Lines that only code has: a rule, a TPL statement, a hex dump, a closing bracket.
const STRONG_CODE: readonly RegExp[] = [
  /^\s*[A-Za-z@_$][\w@$.-]*(<[^>\n]*>)?\s*(=|\/=|\/\/=)\s*\S/,
  /^\s*[0-9a-fA-F]{2}(\s+[0-9a-fA-F]{2,})*\s+#/,
  /^\s*[0-9a-fA-F]{8,}\s*(#.*)?$/,
];
const COMMENT = /^\s*(;|#|\/\/|\/\*)/;
const CLOSER = /^\s*[\])}>'"]+\s*[\w-]*\s*[;,]?\s*$/;
// A figure caption ends the figure above it, however short it is.
const CAPTION = /^\s*(Figure|Table) \d+(:|$)/;
const NUMBERED_HEADING = /^(?:\d+(?:\.\d+)*\.?|Appendix [A-Z](?:\.\d+)*\.?|[A-Z](?:\.\d+)+\.?)\s+(\S.*)$/;

/**
 * Find code in a plain-text RFC or draft: after removing page furniture,
 * code is a run of paragraphs indented deeper than the body text, or at
 * body indent but made only of code-looking lines (RFC 9682 renders its
 * figures at the body indent of 3).
 */
export function extractPlainText(file: string, text: string): Extraction {
  const kept = removePageBreaks(splitLines(text));
  const body = bodyIndent(kept);
  const paragraphs = splitParagraphs(kept, body);
  const blocks: CodeBlock[] = [];
  let section = "";
  for (let p = 0; p < paragraphs.length; ) {
    const para = paragraphs[p]!;
    if (para.kind === "heading") section = para.title;
    if (para.kind === "heading" || para.kind === "prose") {
      p += 1;
      continue;
    }
    let q = p;
    while (q < paragraphs.length && (paragraphs[q]!.kind === "code" || paragraphs[q]!.kind === "comment")) q += 1;
    const run = paragraphs.slice(p, q);
    if (run.some((r) => r.kind === "code")) blocks.push(textBlock(file, kept.slice(run[0]!.from, run[run.length - 1]!.to), section));
    p = q;
  }
  return { file, blocks: renumber(blocks), diagnostics: [] };
}

function textBlock(file: string, lines: readonly KeptLine[], section: string): CodeBlock {
  let indent = Infinity;
  for (const l of lines) if (!isBlank(l.text)) indent = Math.min(indent, leadingChars(l.text));
  const placed: PlacedLine[] = lines.map((l) => {
    const cut = isBlank(l.text) ? l.text.length : indent;
    return { text: l.text.slice(cut), file, line: l.line, colOffset: cut };
  });
  const lang = classifyContent(placed.map((l) => l.text).join("\n"), { cddl: true });
  return makeBlock({ lang, info: "", section, origin: "text", fallbackFile: file }, placed);
}

function leadingChars(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

/** The indent most long lines share: RFC body text. */
function bodyIndent(kept: readonly KeptLine[]): number {
  const counts = new Map<number, number>();
  for (const l of kept) if (l.text.trim().length >= 50) counts.set(indentWidth(l.text), (counts.get(indentWidth(l.text)) ?? 0) + 1);
  let best = 3;
  let bestCount = 0;
  for (const [indent, n] of counts) if (n > bestCount) [best, bestCount] = [indent, n];
  return best;
}

/** Blank-line separated paragraphs; a removed page break also separates, without a blank line. */
function splitParagraphs(kept: readonly KeptLine[], body: number): Paragraph[] {
  const out: Paragraph[] = [];
  let k = 0;
  while (k < kept.length) {
    if (isBlank(kept[k]!.text)) {
      k += 1;
      continue;
    }
    const from = k;
    k += 1;
    while (k < kept.length && !isBlank(kept[k]!.text) && !kept[k]!.afterBreak) k += 1;
    out.push(classifyParagraph(kept.slice(from, k).map((l) => l.text), from, k, body));
  }
  return out;
}

function classifyParagraph(lines: readonly string[], from: number, to: number, body: number): Paragraph {
  const indents = lines.map(indentWidth);
  const first = lines[0]!;
  if (indents[0] === 0) {
    const numbered = NUMBERED_HEADING.exec(first);
    if (numbered || lines.length === 1) {
      const title = [numbered ? numbered[1]! : first, ...lines.slice(1)].map((l) => l.trim()).join(" ");
      return { from, to, kind: "heading", title };
    }
  }
  if (CAPTION.test(first)) return { from, to, kind: "prose", title: "" };
  const strong = lines.some((l) => STRONG_CODE.some((re) => re.test(l))) || looksLikeTpl(lines.join("\n"));
  const minIndent = indents.reduce((a, b) => Math.min(a, b));
  let kind: ParagraphKind;
  if (minIndent >= body + 2) {
    kind = !strong && isWordy(lines) ? "prose" : "code";
  } else if (lines.every((l) => COMMENT.test(l))) {
    kind = "comment";
  } else {
    const base = indents[0]!;
    const codeish = lines.every(
      // a TPL statement on one line (`struct { ... } A;`, `uint16 CipherSuite;`) is code at the body indent too
      (l, n) => STRONG_CODE.some((re) => re.test(l)) || COMMENT.test(l) || CLOSER.test(l) || (n > 0 && indents[n]! > base) || looksLikeTpl(l),
    );
    kind = codeish && strong ? "code" : "prose";
  }
  return { from, to, kind, title: "" };
}

/** Most lines read as sentences: several words and no code punctuation. */
function isWordy(lines: readonly string[]): boolean {
  const wordy = lines.filter((l) => (l.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 5 && !/[{};=#]/.test(l));
  return wordy.length * 2 >= lines.length;
}
