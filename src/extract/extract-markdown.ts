import { diag, type Diagnostic } from "../diagnostics/index.js";
import { classifyContent, langFromInfo, langFromPath } from "./classify-block.js";
import { makeBlock, renumber, type PlacedLine } from "./code-block.js";
import {
  frontMatterEnd,
  indentWidth,
  isBlank,
  isFenceClose,
  isMarkdownPath,
  isPartSeparator,
  isSetextUnderline,
  listContentIndent,
  parseAtxHeading,
  parseFenceOpen,
  stripIndent,
  type FenceOpen,
} from "./markdown-syntax.js";
import { parseInclude, readInclude } from "./resolve-include.js";
import { nodeIo, splitLines } from "./source-io.js";
import type { CodeBlock, ExtractIo, Extraction } from "./types.js";

/** A line of the document being scanned; markdown includes splice their lines in. */
interface StreamLine extends PlacedLine {
  /** Files included on the way to this line, for cycle detection. */
  readonly chain: readonly string[];
}

const MAX_INCLUDE_DEPTH = 8;

/** Extract fenced, indented and included code blocks from kramdown-rfc or mmark markdown. */
export function extractMarkdown(file: string, text: string, io: ExtractIo = nodeIo): Extraction {
  const raw = splitLines(text);
  const skip = frontMatterEnd(raw) + 1;
  const stream: StreamLine[] = raw.map((t, i) => ({ text: i < skip ? "" : t, file, line: i + 1, colOffset: 0, chain: [file] }));
  const scanner = new MarkdownScanner(stream, io);
  scanner.run();
  return { file, blocks: renumber(scanner.blocks), diagnostics: scanner.diagnostics };
}

class MarkdownScanner {
  readonly blocks: CodeBlock[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private section = "";
  private i = 0;
  /** True where an indented code block may start: after a blank line, heading, fence, include or at the top. */
  private boundary = true;
  /** Lines of the paragraph in progress (a setext underline turns them into a heading). */
  private paragraph: string[] = [];
  /** Content column of the list item we are in, 0 outside lists. */
  private listIndent = 0;

  constructor(
    private readonly stream: StreamLine[],
    private readonly io: ExtractIo,
  ) {}

  run(): void {
    while (this.i < this.stream.length) this.step(this.stream[this.i]!);
  }

  private step(cur: StreamLine): void {
    const line = cur.text;
    if (isBlank(line)) return this.endBlock();
    const indent = indentWidth(line);
    const heading = indent <= 3 ? parseAtxHeading(line) : undefined;
    if (heading !== undefined) {
      this.section = heading;
      this.listIndent = 0;
      return this.endBlock();
    }
    if (this.paragraph.length > 0 && isSetextUnderline(line)) {
      this.section = this.paragraph.join(" ").trim();
      return this.endBlock();
    }
    if (indent <= 3 && /^\s*<!--/.test(line)) return this.skipHtmlComment();
    // `%%% Section` lines are RFC 8446 tooling markers, stripped before rendering:
    // the indented TPL right after one is a code block, not a lazy continuation.
    if (isPartSeparator(line) || /^%%%/.test(line)) return this.endBlock();
    const fence = parseFenceOpen(line, this.listIndent + 3);
    if (fence) return this.readFence(cur, fence);
    const include = indent <= 3 ? parseInclude(line) : undefined;
    if (include) {
      this.i += 1;
      this.includeAt(cur, include);
      this.paragraph = [];
      this.boundary = true;
      return;
    }
    if (this.boundary && this.paragraph.length === 0 && indent >= this.listIndent + 4) {
      return this.readIndented(this.listIndent + 4);
    }
    const item = listContentIndent(line);
    if (item !== undefined) this.listIndent = item;
    else if (this.boundary && indent < this.listIndent) this.listIndent = 0;
    this.paragraph.push(line);
    this.boundary = false;
    this.i += 1;
  }

  /** Consume a line that ends any paragraph (blank, heading, separator). */
  private endBlock(): void {
    this.paragraph = [];
    this.boundary = true;
    this.i += 1;
  }

  private skipHtmlComment(): void {
    while (this.i < this.stream.length && !this.stream[this.i]!.text.includes("-->")) this.i += 1;
    this.endBlock();
  }

  private readFence(open: StreamLine, fence: FenceOpen): void {
    const placed: PlacedLine[] = [];
    let missingOnly = false;
    let j = this.i + 1;
    for (; j < this.stream.length; j++) {
      const cur = this.stream[j]!;
      if (isFenceClose(cur.text, fence)) break;
      const include = parseInclude(cur.text);
      if (include) {
        // kramdown-rfc's textual include: the file's lines become the fence's content.
        const got = readInclude(cur.file, cur.line, include, this.io, this.diagnostics);
        if (got) placed.push(...got.lines);
        else missingOnly = placed.length === 0;
        continue;
      }
      if (!isBlank(cur.text)) missingOnly = false;
      const { text, removed } = stripIndent(cur.text, Math.min(fence.indent, indentWidth(cur.text)));
      placed.push({ text, file: cur.file, line: cur.line, colOffset: removed });
    }
    if (j >= this.stream.length) {
      this.diagnostics.push(
        diag("warning", "extract/unclosed-fence", `code fence opened here is never closed; it runs to the end of the file`, {
          file: open.file,
          line: open.line,
          col: fence.indent + 1,
        }),
      );
    }
    if (!missingOnly) {
      const spec = { lang: langFromInfo(fence.info), info: fence.info, section: this.section, origin: "fence" as const, fallbackFile: open.file };
      this.blocks.push(makeBlock(spec, placed));
    }
    this.i = j + 1;
    this.paragraph = [];
    this.boundary = true;
  }

  private includeAt(cur: StreamLine, include: NonNullable<ReturnType<typeof parseInclude>>): void {
    const got = readInclude(cur.file, cur.line, include, this.io, this.diagnostics);
    if (!got) return;
    if (isMarkdownPath(got.path)) {
      // Markdown includes are text substitution: scan the file's lines in place.
      const at = { file: cur.file, line: cur.line, col: include.col };
      if (cur.chain.includes(got.path) || cur.chain.length > MAX_INCLUDE_DEPTH) {
        this.diagnostics.push(diag("error", "extract/include-cycle", `"${include.target}" is already being included (${cur.chain.join(" -> ")})`, at));
        return;
      }
      const chain = [...cur.chain, got.path];
      this.stream.splice(this.i, 0, ...got.lines.map((l) => ({ ...l, chain })));
      return;
    }
    const spec = { lang: langFromPath(got.path), info: "", section: this.section, origin: "include" as const, fallbackFile: got.path };
    this.blocks.push(makeBlock(spec, got.lines));
  }

  private readIndented(cols: number): void {
    const start = this.i;
    let end = start; // exclusive, after the last non-blank line
    for (let j = start; j < this.stream.length; j++) {
      const t = this.stream[j]!.text;
      if (isBlank(t)) continue;
      if (indentWidth(t) < cols) break;
      end = j + 1;
    }
    const placed: PlacedLine[] = [];
    for (let j = start; j < end; j++) {
      const cur = this.stream[j]!;
      const { text, removed } = stripIndent(cur.text, cols);
      placed.push({ text, file: cur.file, line: cur.line, colOffset: removed });
    }
    const body = placed.map((p) => p.text).join("\n");
    const spec = { lang: classifyContent(body, { cddl: false }), info: "", section: this.section, origin: "indented" as const, fallbackFile: this.stream[start]!.file };
    this.blocks.push(makeBlock(spec, placed));
    this.i = end;
    this.paragraph = [];
    this.boundary = false;
  }
}
