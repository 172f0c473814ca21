import { existsSync, readFileSync } from "node:fs";
import { nodeIoWith, type ExtractIo } from "../extract/index.js";
import { UsageError } from "./cli-error.js";

/** Everything the commands print goes through here, so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

export function readUserFile(path: string): Buffer {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  return readFileSync(path);
}

/** The file system for compiling drafts, with the folders `--allow-include` names. */
export function draftIo(allowInclude: readonly string[] = []): ExtractIo {
  return nodeIoWith({ allowInclude });
}
