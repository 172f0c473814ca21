// Line-level recognisers for the markdown dialects drafts are written in
// (kramdown-rfc and mmark). Each looks at one line and knows nothing of state.

/** Width of the leading whitespace in columns, tabs advancing to the next multiple of 4 (CommonMark). */
export function indentWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === " ") w += 1;
    else if (ch === "\t") w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** Remove `cols` columns of indentation; returns the rest and how many characters went. */
export function stripIndent(line: string, cols: number): { text: string; removed: number } {
  let w = 0;
  let i = 0;
  while (i < line.length && w < cols) {
    const ch = line[i];
    if (ch === " ") w += 1;
    else if (ch === "\t") w += 4 - (w % 4);
    else break;
    i += 1;
  }
  return { text: line.slice(i), removed: i };
}

export function isBlank(line: string): boolean {
  return /^\s*$/.test(line);
}

export interface FenceOpen {
  readonly indent: number;
  readonly char: "`" | "~";
  readonly length: number;
  readonly info: string;
}

/** An opening code fence indented at most `maxIndent` spaces. */
export function parseFenceOpen(line: string, maxIndent = 3): FenceOpen | undefined {
  const m = /^( *)(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m || m[1]!.length > maxIndent) return undefined;
  const marks = m[2]!;
  const info = m[3]!.trim();
  // CommonMark: a backtick fence's info string may not contain backticks.
  if (marks[0] === "`" && info.includes("`")) return undefined;
  return { indent: m[1]!.length, char: marks[0] as "`" | "~", length: marks.length, info };
}

export function isFenceClose(line: string, open: FenceOpen): boolean {
  const m = /^ {0,3}(`+|~+)\s*$/.exec(line);
  return !!m && m[1]![0] === open.char && m[1]!.length >= open.length;
}

/**
 * Heading text with closing `#`s and trailing attribute lists (`{#anchor}`,
 * `{: ...}`) removed. The patterns are anchored at the end of the trimmed
 * text, so that a heading full of spaces is not rescanned from every one.
 */
export function cleanHeading(text: string): string {
  let t = text.trim();
  for (;;) {
    const next = stripClosingHashes(t.replace(/\{[#:.][^{}]*\}$/, "").trimEnd()).trim();
    if (next === t) return t;
    t = next;
  }
}

/** `Title ##` -> `Title`; a heading that is only `#`s becomes empty. */
function stripClosingHashes(t: string): string {
  let k = t.length;
  while (k > 0 && t[k - 1] === "#") k--;
  if (k === t.length) return t;
  if (k === 0) return "";
  return /\s/.test(t[k - 1]!) ? t.slice(0, k) : t;
}

/** ATX heading (`## Title {#anchor}`), or mmark's unnumbered `.# Title`. */
export function parseAtxHeading(line: string): string | undefined {
  const m = /^ {0,3}(?:#{1,6}|\.#{1,6})(?:[ \t]+(.*))?$/.exec(line);
  return m ? cleanHeading(m[1] ?? "") : undefined;
}

export function isSetextUnderline(line: string): boolean {
  return /^ {0,3}(=+|-+)\s*$/.test(line);
}

/** Content column of a list item or kramdown definition (`: text`), or undefined. */
export function listContentIndent(line: string): number | undefined {
  const m = /^( {0,3})([-*+]|\d{1,9}[.)]|:)(?:([ \t]+)(?=\S)|\s*$)/.exec(line);
  if (!m) return undefined;
  const marker = m[1]!.length + m[2]!.length;
  // An empty item's content starts one column after the marker; five or
  // more spaces after the marker mean code inside the item (CommonMark).
  const spaces = m[3] === undefined ? 1 : indentWidth(m[3]);
  return marker + (spaces > 4 ? 1 : spaces);
}

/** kramdown-rfc part separators after the front matter: `--- abstract`, `--- middle`, `--- back`. */
export function isPartSeparator(line: string): boolean {
  return /^--- *[a-z]+\s*$/.test(line);
}

/** Index of the last line of YAML (`---`) or mmark TOML (`%%%`) front matter, or -1. */
export function frontMatterEnd(lines: readonly string[]): number {
  const first = lines[0];
  if (first === undefined) return -1;
  const yaml = /^---\s*$/.test(first);
  const toml = /^%%%\s*$/.test(first);
  if (!yaml && !toml) return -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (yaml && /^(---|\.\.\.)(\s|$)/.test(l)) return isPartSeparator(l) ? i - 1 : i;
    if (toml && /^%%%\s*$/.test(l)) return i;
  }
  return lines.length - 1;
}

export function isMarkdownPath(path: string): boolean {
  return /\.(md|mkd|markdown)$/i.test(path);
}
