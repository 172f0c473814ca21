import { parseArgs } from "node:util";
import { isBuiltin, loadBuiltinConfig } from "../../compile/builtin.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { compileTwin, compileWithImports } from "../../compile/compile-set.js";
import { alignDocuments, renderAlignText } from "../../compare/align.js";
import { fromCompiled, loadDocument, type LoadedDocument } from "../../compare/load-document.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";

export const ALIGN_HELP = `usage: mimi-codec align <tpl document> <cddl document> [--map TplName=CddlName ...] [--json] [--check]
       mimi-codec align <draft> [--map TplName=CddlName ...] [--json] [--check]

Compares two writings of one data model (the TPL and the CDDL of a draft)
definition by definition and prints every disagreement with both locations:
field names, order and count, widths, length and count limits, optionality,
tags, enum values, selects vs group choices, array vs map encodings. Names
pair ignoring case (MimiContent ~ mimiContent), by --map, and through fields
already paired (NestablePart ~ NestedPart via MimiContent.body); definitions
with no partner are listed.

  <document>    a built-in name (mimi-content-03, mimi-content-03-cddl, ...), a draft or a .tls/.cddl file
  <draft>       one draft holding both languages: its TPL against its CDDL, each compiled from it
  --map A=B     pair TPL definition A with CDDL definition B (repeatable)
  --json        machine-readable output
  --check       exit 1 when the two sides disagree on the bytes they accept
  --import <doc> a built-in name or a draft file whose definitions both sides use (repeatable)

Findings are information: the exit status is 0 unless --check is given (then
1 when any finding is incompatible); a usage mistake exits 2.

example: mimi-codec align mimi-content-03 mimi-content-03-cddl`;

export interface AlignCommandOptions {
  readonly left: string;
  /** Absent: `left` is one draft holding both languages. */
  readonly right?: string;
  readonly mapping: Readonly<Record<string, string>>;
  readonly json: boolean;
  readonly check: boolean;
  /** Documents whose definitions fill undefined names on both sides (--import). */
  readonly imports?: readonly string[];
}

/** argv after `align` -> options; a UsageError for anything malformed. */
export function parseAlignArgs(args: readonly string[]): AlignCommandOptions {
  const a = parseCommandArgs(args, { map: { type: "string", multiple: true }, json: { type: "boolean" }, check: { type: "boolean" }, import: { type: "string", multiple: true } });
  const [left, right, ...extra] = a.positionals;
  if (left === undefined || extra.length > 0) throw new UsageError("align takes a draft, or two documents: <tpl document> <cddl document>");
  const mapping: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const m of (a.values.map as string[] | undefined) ?? []) {
    const eq = m.indexOf("=");
    if (eq <= 0 || eq === m.length - 1) throw new UsageError(`--map wants TplName=CddlName, got "${m}"`);
    mapping[m.slice(0, eq)] = m.slice(eq + 1);
  }
  const imports = (a.values.import as string[] | undefined) ?? [];
  return { left, ...(right !== undefined ? { right } : {}), mapping, json: !!a.values.json, check: !!a.values.check, ...(imports.length > 0 ? { imports } : {}) };
}

/**
 * One draft that defines its data model in both languages: its TPL and its
 * CDDL, each compiled from that one file (a merged built-in's two halves,
 * with their own configs; any other draft with its config, once per language).
 */
function bothLanguagesOf(draft: string, cache: Map<string, CompiledDocument>, imports: readonly string[]): [LoadedDocument, LoadedDocument] {
  // a built-in pair as shipped: no draft needed
  const builtinTwin = isBuiltin(draft) ? loadBuiltinConfig(draft).merge?.with : undefined;
  if (builtinTwin) return [loadDocument(draft, cache, imports), loadDocument(builtinTwin, cache, imports)];
  const compiled = compileWithImports(draft, { cache, imports });
  const merge = compiled.config.merge;
  if (merge) {
    const twin = compileTwin(compiled, merge.with, cache);
    return [fromCompiled(compiled.config.document, compiled, cache), fromCompiled(merge.with, twin, cache)];
  }
  const side = (lang: "tpl" | "cddl") => compileWithImports(draft, { cache, imports, languages: [lang] });
  const [tpl, cddl] = [side("tpl"), side("cddl")];
  const count = (c: CompiledDocument) => c.ir.definitions.length;
  if (count(tpl) === 0 || count(cddl) === 0) {
    throw new UsageError(`${draft} has ${count(tpl)} TPL and ${count(cddl)} CDDL definitions: align needs both; give two documents (<tpl document> <cddl document>)`, 1);
  }
  const name = compiled.config.document;
  return [fromCompiled(name, tpl, cache), fromCompiled(name, cddl, cache)];
}

/** `mimi-codec align <tpl> <cddl>`: alignment findings, located on both sides. */
export function alignCommand(opts: AlignCommandOptions, io: CliIo): number {
  for (const d of [opts.left, opts.right]) if (d !== undefined && !isBuiltin(d)) readUserFile(d);
  const cache = new Map<string, CompiledDocument>();
  const imports = opts.imports ?? [];
  const [left, right] = opts.right === undefined ? bothLanguagesOf(opts.left, cache, imports) : [loadDocument(opts.left, cache, imports), loadDocument(opts.right, cache, imports)];
  const result = alignDocuments(left, right, { mapping: opts.mapping });
  if (result.mappingErrors.length > 0) throw new UsageError(`--map: ${result.mappingErrors.join("; ")}`);
  io.out(opts.json ? JSON.stringify(result, null, 2) : renderAlignText(result));
  return opts.check && result.counts.incompatible > 0 ? 1 : 0;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** node:util parseArgs, strict, its errors as one-line usage errors (as main.ts does). */
export function parseCommandArgs(
  args: readonly string[],
  options: Options,
): { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]!);
  }
}
