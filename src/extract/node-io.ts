/**
 * The file system as extraction sees it under Node: the default ExtractIo
 * of the compiler's edges (CLI, gen). The playground's bundle replaces this
 * one module (src/playground/browser/node-io.ts) and hands the compiler its
 * in-memory files instead.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import type { ExtractIo, InputPolicy } from "./types.js";

export const nodeIo: ExtractIo = {
  readFile: (p) => readFileSync(p, "utf8"),
  exists: (p) => existsSync(p) && statSync(p).isFile(),
  realpath: (p) => realpathSync(p),
  size: (p) => statSync(p).size,
  listDir: (p) => readdirSync(p),
};

/** The real file system under an InputPolicy (the CLI's `--allow-include`). */
export function nodeIoWith(policy: InputPolicy): ExtractIo {
  return { ...nodeIo, policy };
}
