import { isBuiltin } from "../../compile/builtin.js";
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from "../../compare/render-diff.js";
import { wireDiff } from "../../compare/wire-diff.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";
import { parseCommandArgs } from "./align.js";

export const DIFF_HELP = `usage: mimi-codec diff <old document> <new document> [--md | --json] [--check]

Compares two versions of a document at the wire level, type by type: fields
added, removed, renamed or moved, type, width and limit changes, enum values
added or removed, select arms, new and removed types. For each type it says
whether bytes written under the old schema still decode under the new one,
in TPL and in CBOR (every type has both codecs), and why not.

  <document>  a built-in name (mimi-content-04, mimi-content-main, ...), a draft or a .tls/.cddl file
  --md        Markdown: a summary table per type, then details (for a working-group email)
  --json      machine-readable output
  --check     exit 1 when old bytes of some type no longer decode (in either format)
  --import <doc>  a built-in name or a draft file whose definitions both versions use (repeatable)

The exit status is 0 unless --check is given; a usage mistake exits 2.

example: mimi-codec diff mimi-content-04 mimi-content-main --md`;

export interface DiffCommandOptions {
  readonly old: string;
  readonly new: string;
  readonly format: "text" | "md" | "json";
  readonly check: boolean;
  /** Documents whose definitions fill both versions' undefined names (--import). */
  readonly imports?: readonly string[];
}

/** argv after `diff` -> options; a UsageError for anything malformed. */
export function parseDiffArgs(args: readonly string[]): DiffCommandOptions {
  const a = parseCommandArgs(args, { md: { type: "boolean" }, json: { type: "boolean" }, check: { type: "boolean" }, import: { type: "string", multiple: true } });
  const [oldDoc, newDoc, ...extra] = a.positionals;
  if (oldDoc === undefined || newDoc === undefined || extra.length > 0) throw new UsageError("diff takes two documents: <old> <new>");
  if (a.values.md && a.values.json) throw new UsageError("choose one of --md and --json");
  const imports = (a.values.import as string[] | undefined) ?? [];
  return { old: oldDoc, new: newDoc, format: a.values.json ? "json" : a.values.md ? "md" : "text", check: !!a.values.check, ...(imports.length > 0 ? { imports } : {}) };
}

/** `mimi-codec diff <old> <new>`: the wire diff as text, Markdown or JSON. */
export function diffCommand(opts: DiffCommandOptions, io: CliIo): number {
  for (const d of [opts.old, opts.new]) if (!isBuiltin(d)) readUserFile(d);
  const diff = wireDiff(opts.old, opts.new, { ...(opts.imports ? { imports: opts.imports } : {}) });
  io.out(opts.format === "json" ? renderDiffJson(diff) : opts.format === "md" ? renderDiffMarkdown(diff) : renderDiffText(diff));
  const breaks = diff.types.some((t) => t.oldBytesDecode.tpl === "no" || t.oldBytesDecode.cbor === "no");
  return opts.check && breaks ? 1 : 0;
}
