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

/** The file system as extraction sees it; tests pass an in-memory one. */
export interface ExtractIo {
  readFile(p: string): string;
  exists(p: string): boolean;
  /** The names in a folder, where the host can list them (CDDL imports look for undefined names beside a file). */
  listDir?(p: string): string[];
}

export type DocumentKind = "markdown" | "xml" | "text";
