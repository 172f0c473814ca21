import { dirname, join, resolve, sep } from "./posix-path.js";
import { diag, formatLoc, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import type { PlacedLine } from "./code-block.js";
import { splitLines } from "./source-io.js";
import type { ExtractIo, InputPolicy } from "./types.js";

export interface IncludeDirective {
  /** The path as written in the draft. */
  readonly target: string;
  /** 1-based column where the directive starts. */
  readonly col: number;
  readonly syntax: "mmark" | "kramdown" | "xml-src";
  /** An mmark address (`[lines:2-5]`) we do not apply. */
  readonly address?: string;
}

// mmark: `<{{file}}` optionally followed by an address; kramdown-rfc:
// `{::include file}` and its variants such as `{::include-fold file}`.
const MMARK = /^(\s*)<\{\{([^}\s]+)\}\}(\[[^\]]*\])?\s*$/;
const KRAMDOWN = /^(\s*)\{::include(?:-[\w-]+)?\s+([^}\s]+)\s*\}\s*$/;

/** The include directive on this line, if the line is nothing but one. */
export function parseInclude(line: string): IncludeDirective | undefined {
  const m = MMARK.exec(line);
  if (m) {
    const address = m[3];
    return { target: m[2]!, col: m[1]!.length + 1, syntax: "mmark", ...(address ? { address } : {}) };
  }
  const k = KRAMDOWN.exec(line);
  if (k) return { target: k[2]!, col: k[1]!.length + 1, syntax: "kramdown" };
  return undefined;
}

const MIB = 1024 * 1024;

/** The defaults of InputPolicy (see its fields). */
export const DEFAULT_INPUT_POLICY = Object.freeze({
  allowInclude: [] as readonly string[],
  maxInputBytes: 16 * MIB,
  maxIncludes: 1000,
  maxIncludedBytes: 16 * MIB,
  maxIncludeDepth: 8,
});

export type ResolvedInputPolicy = typeof DEFAULT_INPUT_POLICY;

/** The io's policy with the defaults filled in. */
export function inputPolicyOf(io: ExtractIo): ResolvedInputPolicy {
  return { ...DEFAULT_INPUT_POLICY, ...definedFields(io.policy ?? {}) };
}

function definedFields(p: InputPolicy): Partial<ResolvedInputPolicy> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<ResolvedInputPolicy>;
}

/** The size of a file to be read, before reading it when the io can tell. */
export function sizeBeforeReading(io: ExtractIo, path: string): number | undefined {
  try {
    return io.size?.(path);
  } catch {
    return undefined;
  }
}

export interface IncludedText {
  /** The path as the draft names it, relative to the including file. */
  readonly path: string;
  /** The file's identity (its canonical path) for cycle and repeat detection. */
  readonly identity: string;
  readonly lines: readonly PlacedLine[];
}

/**
 * Reads the files one draft includes, under the io's InputPolicy: relative
 * to the including file, never outside the draft's folder tree or an
 * allowed folder (after `..` and symlinks), at most `maxIncludes` of them
 * and `maxIncludedBytes` in all. A file included again is not read again; a
 * note says so. A refused include is an error at the directive that names
 * the path, never the file's content.
 */
export class Includer {
  private readonly policy: ResolvedInputPolicy;
  /** Folders includes may read, as written (resolved) and canonical. */
  private readonly roots: readonly string[];
  private readonly realRoots: readonly string[];
  private count = 0;
  private bytes = 0;
  private readonly seen = new Map<string, { at: SourceLoc; lines: readonly PlacedLine[] }>();

  constructor(
    topFile: string,
    private readonly io: ExtractIo,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.policy = inputPolicyOf(io);
    const dirs = [dirname(topFile), ...this.policy.allowInclude];
    this.roots = dirs.map((d) => resolve(d));
    this.realRoots = dirs.map((d) => this.canonical(d) ?? resolve(d));
  }

  get maxIncludeDepth(): number {
    return this.policy.maxIncludeDepth;
  }

  /** The canonical path of a file or folder, or undefined if it cannot be resolved (it does not exist). */
  canonical(path: string): string | undefined {
    if (!this.io.realpath) return resolve(path);
    try {
      return this.io.realpath(path);
    } catch {
      return undefined;
    }
  }

  /**
   * Read an included file as placed lines, or report at the directive why
   * not (missing, unreadable, outside the allowed folders, over a limit).
   */
  read(fromFile: string, fromLine: number, dir: IncludeDirective): IncludedText | undefined {
    const at = { file: fromFile, line: fromLine, col: dir.col };
    const shown = JSON.stringify(dir.target);
    this.count += 1;
    if (this.count > this.policy.maxIncludes) {
      if (this.count === this.policy.maxIncludes + 1) {
        this.error("extract/too-many-includes", `more than ${this.policy.maxIncludes} includes in one draft: ${shown} and every later include are skipped (maxIncludes)`, at);
      }
      return undefined;
    }
    // Relative to the file that names it; so is a target written as an absolute path.
    const path = join(dirname(fromFile), dir.target);
    const outside = !this.roots.some((r) => isInside(resolve(path), r));
    if (outside) return this.refuse(shown, resolve(path), at);
    if (!this.io.exists(path)) {
      this.error("extract/missing-include", `included file ${shown} not found (looked for ${path})`, at);
      return undefined;
    }
    const identity = this.canonical(path) ?? resolve(path);
    if (!this.realRoots.some((r) => isInside(identity, r))) return this.refuse(shown, identity, at);
    const first = this.seen.get(identity);
    if (first) {
      // the first place as a related location (shipped lint files make it relative to the drafts folder); in the text, no path when it is this file
      const where = first.at.file === at.file ? `line ${first.at.line}:${first.at.col}` : formatLoc(first.at);
      this.diagnostics.push(diag("note", "extract/include-repeated", `${shown} is included again (first included at ${where})`, at, { related: first.at }));
      if (!this.take(first.lines.reduce((n, l) => n + l.text.length + 1, 0), shown, at)) return undefined;
      return { path, identity, lines: first.lines };
    }
    const size = sizeBeforeReading(this.io, path);
    if (size !== undefined && !this.take(size, shown, at)) return undefined;
    let text: string;
    try {
      text = this.io.readFile(path);
    } catch (e) {
      this.error("extract/missing-include", `included file ${shown} cannot be read: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, at);
      return undefined;
    }
    if (size === undefined && !this.take(text.length, shown, at)) return undefined;
    if (dir.address) {
      this.diagnostics.push(diag("warning", "extract/include-address", `include address ${dir.address} is not applied; the whole file is used`, at));
    }
    const lines = splitLines(text).map((t, i) => ({ text: t, file: path, line: i + 1, colOffset: 0 }));
    this.seen.set(identity, { at, lines });
    return { path, identity, lines };
  }

  /** Count `size` more included bytes, or report that the budget is spent. */
  private take(size: number, shown: string, at: SourceLoc): boolean {
    if (this.bytes + size > this.policy.maxIncludedBytes) {
      this.error("extract/include-too-large", `including ${shown} would read more than ${this.policy.maxIncludedBytes} bytes of included files in all; skipped (maxIncludedBytes)`, at);
      return false;
    }
    this.bytes += size;
    return true;
  }

  private refuse(shown: string, where: string, at: SourceLoc): undefined {
    this.error(
      "extract/include-outside",
      `include of ${shown} refused: ${where} is outside the draft's folder ${this.roots[0]}${this.roots.length > 1 ? " and the allowed folders" : ""} (allow a folder with --allow-include <dir>)`,
      at,
    );
    return undefined;
  }

  private error(code: string, message: string, at: SourceLoc): void {
    this.diagnostics.push(diag("error", code, message, at));
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
