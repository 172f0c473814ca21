import { realpathSync } from "node:fs";
import { nodeIo, type ExtractIo } from "../extract/index.js";
import type { CliIo } from "./io.js";
import { readUserFile } from "./io.js";
import { UsageError } from "./cli-error.js";

/** `-` as a file argument: standard input. */
export const STDIN = "-";

/** The bytes of stdin: raw where the io can give them, else its text as one byte per code unit. */
export async function stdinBytes(io: CliIo): Promise<Uint8Array> {
  if (io.readStdinBytes) return io.readStdinBytes();
  return new Uint8Array(Buffer.from(await io.readStdin(), "latin1"));
}

/** A file argument's bytes: `-` reads stdin. */
export async function readInputBytes(file: string, io: CliIo): Promise<Uint8Array> {
  return file === STDIN ? stdinBytes(io) : new Uint8Array(readUserFile(file));
}

/**
 * A draft given as `-`: its text from stdin, under a name whose extension
 * says how to read it (`<stdin>.xml` for xml2rfc, `<stdin>.txt` for a
 * plain-text rendering, else `<stdin>.md`), in an io that finds it there
 * and everything else (includes, relative to the working directory) on disk.
 */
export async function stdinDraft(io: CliIo): Promise<{ path: string; io: ExtractIo }> {
  const text = await io.readStdin();
  const head = text.replace(/^\uFEFF/, "").trimStart().slice(0, 2000);
  const ext = /^<(\?xml|rfc\b|!DOCTYPE rfc)/.test(head) ? "xml" : /^(---|%%%|#|~~~|```)/.test(head) ? "md" : /(^|\n)(Request for Comments:|Internet-Draft\b|Network Working Group)/.test(head) ? "txt" : "md";
  const path = `<stdin>.${ext}`;
  return {
    path,
    io: {
      exists: (p) => p === path || nodeIo.exists(p),
      readFile: (p) => (p === path ? text : nodeIo.readFile(p)),
      // includes are confined by canonical paths (symlinks resolved), as for a draft on disk
      realpath: (p) => realpathSync(p),
    },
  };
}

/** Drafts named on the command line, `-` (at most once) read from stdin. */
export async function draftArgs(drafts: readonly string[], io: CliIo): Promise<{ drafts: string[]; io?: ExtractIo }> {
  const dashes = drafts.filter((d) => d === STDIN).length;
  if (dashes === 0) return { drafts: [...drafts] };
  if (dashes > 1) throw new UsageError("stdin (-) can be given once");
  const s = await stdinDraft(io);
  return { drafts: drafts.map((d) => (d === STDIN ? s.path : d)), io: s.io };
}

/** JSON with bytes as hex, bigints as decimal strings and Maps as objects: what --json prints. */
export function jsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString("hex") : typeof v === "bigint" ? v.toString() : v instanceof Map ? Object.fromEntries(v) : v,
    2,
  );
}
