/** Findings on disk, the worker's shared-memory layout, and fuzz/RESULTS.md. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, TargetStats } from "./engine.js";
import type { SessionOptions } from "./session.js";
import { hash32 } from "./rng.js";

export interface WorkerData {
  options: SessionOptions;
  /**
   * Int32 [0] = sequence (bumped before each input), [1] = input length,
   * [2] = 1 if the input is text, [3] = target id length; then the target id
   * (ID_BYTES), the options as JSON (OPT_BYTES, its length in the last 4),
   * then the input.
   */
  shared: SharedArrayBuffer;
}

export const HEADER = 16;
export const ID_BYTES = 256;
export const OPT_BYTES = 1024;
export const INPUT_OFFSET = HEADER + ID_BYTES + OPT_BYTES;

export const FINDINGS_DIR = fileURLToPath(new URL("./findings/", import.meta.url));

export type SavedFinding = Finding & { minimised: Uint8Array | string; count: number };

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** fuzz/findings/<kind>__<target>__<hash>.json, plus the raw input beside it (.bin or .txt). Returns the base name. */
export function saveFinding(f: SavedFinding, dir = FINDINGS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const base = `${f.kind}__${f.target.replace(/[^A-Za-z0-9_.-]+/g, "_")}__${hash32(f.key)}`;
  const text = typeof f.input === "string";
  writeFileSync(join(dir, base + (text ? ".txt" : ".bin")), f.input);
  writeFileSync(
    join(dir, base + ".json"),
    JSON.stringify(
      {
        kind: f.kind,
        target: f.target,
        message: f.message,
        occurrences: f.count,
        options: f.options,
        inputLength: f.input.length,
        ...(text ? { minimisedText: (f.minimised as string).length > 4096 ? `(${(f.minimised as string).length} characters: see the .txt file)` : f.minimised } : { inputHex: hex(f.input as Uint8Array), minimisedHex: hex(f.minimised as Uint8Array) }),
        stack: f.stack,
        reproduce: `npx tsx fuzz/repro.ts fuzz/findings/${base}.json`,
      },
      null,
      2,
    ) + "\n",
  );
  return base;
}

export function sumStats(m: Iterable<[string, TargetStats]>): TargetStats {
  const s = { execs: 0, values: 0, errors: 0, findings: 0 };
  for (const [, x] of m) {
    s.execs += x.execs;
    s.values += x.values;
    s.errors += x.errors;
    s.findings += x.findings;
  }
  return s;
}
