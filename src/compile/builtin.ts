import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DocumentConfig } from "./config.js";
import { BUILTIN_DOCUMENTS, type BuiltinDocument } from "./builtin-names.js";

export { BUILTIN_DOCUMENTS, type BuiltinDocument };

/** The project root, from src/compile or dist/src/compile. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "grammar"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the mimi-codec project root");
}

/**
 * The repository's drafts folder: ../shared/drafts beside the project, or
 * $MIMI_DRAFTS. Only `gen --builtin` and `all`, which rebuild the project's
 * own generated/ and schemas/, read it by default; everything else works
 * from the shipped IR (load-shipped.ts) and reads a built-in's source only
 * where the user says where it is (builtinSource).
 */
export function draftsDir(): string {
  return process.env["MIMI_DRAFTS"] ?? resolve(projectRoot(), "..", "shared", "drafts");
}

/** A built-in document's source is needed and not available: says which file and how to provide it. */
export class MissingSourceError extends Error {
  override readonly name = "MissingSourceError";
}

/**
 * The path of a built-in document's source: in `drafts` when given (gen
 * --builtin, tests), else in $MIMI_DRAFTS. mimi-codec ships each built-in's
 * IR, not its draft, so without either this is an error naming the file.
 */
export function builtinSource(name: BuiltinDocument, drafts: string | undefined = process.env["MIMI_DRAFTS"]): string {
  const source = loadBuiltinConfig(name).source;
  if (drafts === undefined) {
    throw new MissingSourceError(`${name} needs its source ${source}, which mimi-codec does not ship: set $MIMI_DRAFTS to the folder that holds it, or pass the draft's path`);
  }
  const path = resolve(drafts, source);
  if (!existsSync(path)) throw new MissingSourceError(`${name} needs its source ${source}, which is not in ${drafts} (${path}): set $MIMI_DRAFTS to the folder that holds it, or pass the draft's path`);
  return path;
}

export function isBuiltin(name: string): name is BuiltinDocument {
  return (BUILTIN_DOCUMENTS as readonly string[]).includes(name);
}

export function builtinConfigFile(name: BuiltinDocument): string {
  return join(projectRoot(), "schemas", `${name}.config.json`);
}

export function loadBuiltinConfig(name: BuiltinDocument): DocumentConfig {
  return JSON.parse(readFileSync(builtinConfigFile(name), "utf8")) as DocumentConfig;
}
