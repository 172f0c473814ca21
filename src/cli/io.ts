import { existsSync, readFileSync } from "node:fs";
import { nodeIoWith, type ExtractIo } from "../extract/index.js";
import { UsageError } from "./cli-error.js";
import type { ProgressStream } from "./progress.js";

/** Everything the commands print goes through here, so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** where long-running commands show progress (process.stderr); none when absent */
  readonly progress?: ProgressStream;
  /** stdin as raw bytes (binary inputs); without it, readStdin's text, one byte per code unit. */
  readStdinBytes?(): Promise<Uint8Array>;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
  readStdin: async () => Buffer.from(await readAllStdin()).toString("utf8"),
  readStdinBytes: readAllStdin,
  progress: process.stderr,
};

async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export function readUserFile(path: string): Buffer {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  return readFileSync(path);
}

/** The file system for compiling drafts (the real one, or `base`, e.g. with a draft read from stdin), with the folders `--allow-include` names. */
export function draftIo(allowInclude: readonly string[] = [], base?: ExtractIo): ExtractIo {
  return base ? { ...base, policy: { ...base.policy, allowInclude } } : nodeIoWith({ allowInclude });
}
