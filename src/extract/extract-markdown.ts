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
import { Includer, parseInclude, type IncludeDirective } from "./resolve-include.js";
import { nodeIo } from "./node-io.js";
import { splitLines } from "./source-io.js";
import type { CodeBlock, ExtractIo, Extraction } from "./types.js";

/** A line of the document being scanned; markdown includes splice their lines in. */
interface StreamLine extends PlacedLine {
  /** Canonical paths of the files included on the way to this line, for cycle detection. */
  readonly chain: readonly string[];
}

/**
 * The lines still to scan, the current one first. Stored reversed, so that
 * splicing an included file in at the current line costs the file's length,
 * not the document's (a draft may include thousands of files).
 */
class LineQueue {
  private readonly rev: StreamLine[];

  constructor(lines: readonly StreamLine[]) {
    this.rev = [];
    for (let k = lines.length - 1; k >= 0; k--) this.rev.push(lines[k]!);
  }

  get length(): number {
    return this.rev.length;
  }

  /** The line `k` lines ahead of the current one. */
  at(k: number): StreamLine | undefined {
    return this.rev[this.rev.length - 1 - k];
  }

  drop(n: number): void {
    this.rev.length = Math.max(0, this.rev.length - n);
  }

  /** Put `lines` before the current line. */
  insert(lines: readonly StreamLine[]): void {
    for (let k = lines.length - 1; k >= 0; k--) this.rev.push(lines[k]!);
  }
}

/** Extract fenced, indented and included code blocks from kramdown-rfc or mmark markdown. */
export function extractMarkdown(file: string, text: string, io: ExtractIo = nodeIo): Extraction {
  const raw = splitLines(text);
  const skip = frontMatterEnd(raw) + 1;
  const diagnostics: Diagnostic[] = [];
  const includer = new Includer(file, io, diagnostics);
  const top = [includer.canonical(file) ?? file];
  const stream = new LineQueue(raw.map((t, i) => ({ text: i < skip ? "" : t, file, line: i + 1, colOffset: 0, chain: top })));
  const scanner = new MarkdownScanner(stream, includer, diagnostics);
  scanner.run();
  return { file, blocks: renumber(scanner.blocks), diagnostics };
}

class MarkdownScanner {
  readonly blocks: CodeBlock[] = [];
  private section = "";
  /** True where an indented code block may start: after a blank line, heading, fence, include or at the top. */
  private boundary = true;
  /** Lines of the paragraph in progress (a setext underline turns them into a heading). */
  private paragraph: string[] = [];
  /** Content column of the list item we are in, 0 outside lists. */
  private listIndent = 0;

  constructor(
    private readonly stream: LineQueue,
    private readonly includer: Includer,
    readonly diagnostics: Diagnostic[],
  ) {}

  run(): void {
    while (this.stream.length > 0) this.step(this.stream.at(0)!);
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
      this.stream.drop(1);
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
    this.stream.drop(1);
  }

  /** Consume a line that ends any paragraph (blank, heading, separator). */
  private endBlock(): void {
    this.paragraph = [];
    this.boundary = true;
    this.stream.drop(1);
  }

  private skipHtmlComment(): void {
    while (this.stream.length > 0 && !this.stream.at(0)!.text.includes("-->")) this.stream.drop(1);
    this.endBlock();
  }

  private readFence(open: StreamLine, fence: FenceOpen): void {
    const placed: PlacedLine[] = [];
    let missingOnly = false;
    let k = 1;
    for (; k < this.stream.length; k++) {
      const cur = this.stream.at(k)!;
      if (isFenceClose(cur.text, fence)) break;
      const include = parseInclude(cur.text);
      if (include) {
        // kramdown-rfc's textual include: the file's lines become the fence's content.
        const got = this.includer.read(cur.file, cur.line, include);
        if (got) for (const l of got.lines) placed.push(l);
        else missingOnly = placed.length === 0;
        continue;
      }
      if (!isBlank(cur.text)) missingOnly = false;
      const { text, removed } = stripIndent(cur.text, Math.min(fence.indent, indentWidth(cur.text)));
      placed.push({ text, file: cur.file, line: cur.line, colOffset: removed });
    }
    if (k >= this.stream.length) {
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
    this.stream.drop(k + 1);
    this.paragraph = [];
    this.boundary = true;
  }

  private includeAt(cur: StreamLine, include: IncludeDirective): void {
    const got = this.includer.read(cur.file, cur.line, include);
    if (!got) return;
    if (isMarkdownPath(got.path)) {
      // Markdown includes are text substitution: scan the file's lines in place.
      const at = { file: cur.file, line: cur.line, col: include.col };
      if (cur.chain.includes(got.identity) || cur.chain.length > this.includer.maxIncludeDepth) {
        this.diagnostics.push(diag("error", "extract/include-cycle", `${JSON.stringify(include.target)} is already being included (${cur.chain.join(" -> ")})`, at));
        return;
      }
      const chain = [...cur.chain, got.identity];
      this.stream.insert(got.lines.map((l) => ({ ...l, chain })));
      return;
    }
    const spec = { lang: langFromPath(got.path), info: "", section: this.section, origin: "include" as const, fallbackFile: got.path };
    this.blocks.push(makeBlock(spec, got.lines));
  }

  private readIndented(cols: number): void {
    let end = 0; // lines ahead, exclusive, after the last non-blank line
    for (let k = 0; k < this.stream.length; k++) {
      const t = this.stream.at(k)!.text;
      if (isBlank(t)) continue;
      if (indentWidth(t) < cols) break;
      end = k + 1;
    }
    const placed: PlacedLine[] = [];
    for (let k = 0; k < end; k++) {
      const cur = this.stream.at(k)!;
      const { text, removed } = stripIndent(cur.text, cols);
      placed.push({ text, file: cur.file, line: cur.line, colOffset: removed });
    }
    const body = placed.map((p) => p.text).join("\n");
    const spec = { lang: classifyContent(body, { cddl: false }), info: "", section: this.section, origin: "indented" as const, fallbackFile: this.stream.at(0)!.file };
    this.blocks.push(makeBlock(spec, placed));
    this.stream.drop(end);
    this.paragraph = [];
    this.boundary = false;
  }
}
