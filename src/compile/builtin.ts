import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DocumentConfig } from "./config.js";

/** The documents mimi-codec ships generated code for, in dependency order. */
export const BUILTIN_DOCUMENTS = ["rfc9420", "rfc8446", "mimi-content-03", "mimi-protocol-06", "mimi-content-03-cddl", "mimi-content-04", "mimi-content-main"] as const;
export type BuiltinDocument = (typeof BUILTIN_DOCUMENTS)[number];

/** The project root, from src/compile or dist/src/compile. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "grammar"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the mimi-codec project root");
}

/** ../shared/drafts beside the project, or MIMI_DRAFTS. */
export function draftsDir(): string {
  return process.env["MIMI_DRAFTS"] ?? resolve(projectRoot(), "..", "shared", "drafts");
}

export function isBuiltin(name: string): name is BuiltinDocument {
  return (BUILTIN_DOCUMENTS as readonly string[]).includes(name);
}

export function loadBuiltinConfig(name: BuiltinDocument): DocumentConfig {
  return JSON.parse(readFileSync(join(projectRoot(), "schemas", `${name}.config.json`), "utf8")) as DocumentConfig;
}
