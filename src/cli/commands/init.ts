import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { projectRoot } from "../../compile/builtin.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import { compileWithImports } from "../../compile/compile-set.js";
import type { ConfigFile } from "../../compile/config.js";
import { configBeside } from "../../compile/load-config.js";
import { suggestConfig } from "../../compile/suggest-config.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";

export const INIT_HELP = `usage: mimi-codec init <draft> [--out <file> | --out -] [--force] [--json]

Writes a starter configuration for a draft: <draft-basename>.mimi-codec.json
beside it (found there by every command), listing what the draft leaves to
prose as suggestions, each with the config key, a value to copy, where in
the draft and why: selects on integers or missing fields, case labels that
are no value of their selector, undefined names, uint8 aliases used as text,
vectors of two-field structs. JSON has no comments: the suggestions are a
"suggestions" array, which compiling ignores; copy what applies into the
keys (schemas/config.schema.json documents every key).

  --out <file>  where to write (default beside the draft); "-" prints it
  --force       overwrite an existing file (and ignore it while compiling)
  --json        print {file, suggestions} instead of the summary line`;

export interface InitOptions {
  readonly out?: string;
  readonly force: boolean;
  readonly json: boolean;
}

/** `mimi-codec init <draft>`: a starter config with suggestions. */
export function initCommand(draft: string, opts: InitOptions, io: CliIo): number {
  readUserFile(draft);
  const file = opts.out ?? configBeside(draft);
  if (file !== "-" && existsSync(file) && !opts.force) throw new UsageError(`${file} exists; --force overwrites it`);
  const cache = new Map<string, CompiledDocument>();
  const compiled = compileWithImports(draft, { cache, discover: false });
  const imports = compiled.ir.imports.flatMap((i) => (cache.get(i) ? [cache.get(i)!.ir] : []));
  const suggestions = suggestConfig(compiled, imports);
  const builtin = compiled.config.identity ? compiled.config.document : undefined;
  const where = file === "-" ? process.cwd() : dirname(file);
  const config: ConfigFile = {
    $schema: relative(where, join(projectRoot(), "schemas", "config.schema.json")).replace(/\\/g, "/"),
    $comment: `Starter configuration for ${relative(where, draft) || draft}, written by mimi-codec init. Each suggestion names a key, a value and why; copy what applies into the keys. Compiling ignores $comment and suggestions.`,
    ...(builtin ? { extends: builtin } : { document: compiled.config.document, mode: compiled.config.mode, imports: [...(compiled.config.imports ?? [])] }),
    suggestions,
  };
  const text = JSON.stringify(config, null, 2) + "\n";
  if (file === "-") io.out(text);
  else writeFileSync(file, text);
  if (opts.json) io.out(JSON.stringify({ file, suggestions }, null, 2));
  else if (file !== "-") io.out(`${file}: ${suggestions.length} suggestion${suggestions.length === 1 ? "" : "s"} (${summary(suggestions.map((s) => s.key))})`);
  return 0;
}

function summary(keys: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ") || "nothing left to prose was found";
}
