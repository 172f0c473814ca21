import type { Diagnostic } from "../diagnostics/index.js";

/** What a block is written in, as far as the compiler cares ("hex": an annotated hex dump or bare hex). */
export type BlockLang = "tpl" | "cddl" | "edn" | "hex" | "other";

/** How the block was found in the draft. */
export type BlockOrigin = "fence" | "include" | "indented" | "xml" | "text";

/**
 * Where one line of a block's text lives. `colOffset` counts the characters
 * (UTF-16 code units, a tab is one) removed before the block's column 1.
 */
export interface LineOrigin {
  readonly line: number;
  readonly colOffset: number;
  /** Set only when this line lives in another file than `CodeBlock.file` (an include spliced into a fence). */
  readonly file?: string;
  /**
   * Set only when decoding changed widths inside the line (XML entities):
   * the 1-based draft column of each character of the block line.
   */
  readonly colMap?: readonly number[];
}

export interface CodeBlock {
  readonly lang: BlockLang;
  /** Raw info string / xml type attribute ("" if none). */
  readonly info: string;
  /** Block content, lines joined with "\n", no trailing fence. */
  readonly text: string;
  /** The file the text really lives in (the included file for includes). */
  readonly file: string;
  /** One entry per line of `text`. */
  readonly lines: readonly LineOrigin[];
  /** Title of the nearest enclosing heading; "" if none. */
  readonly section: string;
  readonly origin: BlockOrigin;
  /** 0-based order in the document. */
  readonly index: number;
  /** "content": no label or file extension said what it is; its content did (src/compile/classify-blocks.ts). */
  readonly classifiedBy?: "content";
}

export interface Extraction {
  readonly file: string;
  readonly blocks: readonly CodeBlock[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The file system as extraction sees it; tests pass an in-memory one.
 * `policy` says what a draft may make extraction read (includes) and how
 * much; without one the defaults of InputPolicy apply.
 */
export interface ExtractIo {
  readFile(p: string): string;
  exists(p: string): boolean;
  /** The names in a folder, where the host can list them (CDDL imports look for undefined names beside a file). */
  listDir?(p: string): string[];
  /** The canonical path (symlinks and `..` resolved); without it paths are compared as written, after path.resolve. */
  realpath?(p: string): string;
  /** Size in bytes, checked before a file is read; without it the text read is measured instead. */
  size?(p: string): number;
  readonly policy?: InputPolicy;
}

/**
 * Limits on what one draft makes the extractor read. Drafts are untrusted:
 * an include may not leave the folder of the draft being compiled (after
 * `..` and symlinks are resolved) unless `allowInclude` names a folder it
 * may read, and the amount read is bounded. Every field has a default.
 */
export interface InputPolicy {
  /** Folders besides the draft's own folder tree that includes may read (CLI `--allow-include <dir>`). Default none. */
  readonly allowInclude?: readonly string[];
  /** Bytes of the draft itself. Default 16 MiB (the largest draft in the corpus is 265 KB). */
  readonly maxInputBytes?: number;
  /** Include directives followed in one draft, repeats counted. Default 1,000. */
  readonly maxIncludes?: number;
  /** Bytes of all included files together, repeats counted. Default 16 MiB. */
  readonly maxIncludedBytes?: number;
  /** Markdown files included inside included markdown. Default 8. */
  readonly maxIncludeDepth?: number;
}

export type DocumentKind = "markdown" | "xml" | "text";
