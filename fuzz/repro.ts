/**
 * Re-run a saved finding: `npx tsx fuzz/repro.ts fuzz/findings/<name>.json [--full]`
 * Runs the minimised input (or the full one with --full) through the same
 * decoder or parser and prints what happens, with the stack.
 */
import { readFileSync } from "node:fs";
import { codecOf, type Format } from "./targets.js";
import { PARSERS } from "./engine.js";
import type { Lang } from "./mutate.js";

const [file, flag] = process.argv.slice(2);
if (!file) throw new Error("usage: npx tsx fuzz/repro.ts fuzz/findings/<name>.json [--full]");
const f = JSON.parse(readFileSync(file, "utf8")) as {
  target: string;
  kind: string;
  message: string;
  options: Record<string, unknown>;
  inputHex?: string;
  minimisedHex?: string;
  minimisedText?: string;
};
console.log(`${f.kind} in ${f.target}: ${f.message}`);
if (f.target.startsWith("parse:")) {
  const text = flag === "--full" ? readFileSync(file.replace(/\.json$/, ".txt"), "utf8") : f.minimisedText!;
  console.log(`input (${text.length} chars): ${JSON.stringify(text.slice(0, 300))}`);
  const t0 = performance.now();
  PARSERS[f.target.slice(6) as Lang](text);
  console.log(`returned in ${(performance.now() - t0).toFixed(0)} ms`);
} else {
  const [doc, type, fmt] = f.target.split(":") as [string, string, Format];
  const hex = flag === "--full" ? f.inputHex! : f.minimisedHex!;
  const bytes = Uint8Array.from(Buffer.from(hex, "hex"));
  console.log(`input (${bytes.length} B): ${hex.slice(0, 400)}`);
  console.log(`options: ${JSON.stringify(f.options)}`);
  const codec = codecOf(doc, type, fmt)!;
  const t0 = performance.now();
  const v = codec.decode(bytes, f.options);
  console.log(`decoded in ${(performance.now() - t0).toFixed(1)} ms:`, v);
  const again = codec.encode(v, { context: (f.options["context"] as Record<string, unknown>) ?? {} });
  console.log(`re-encoded: ${Buffer.from(again).toString("hex").slice(0, 400)}`);
  console.log("decoded again:", codec.decode(again, { context: (f.options["context"] as Record<string, unknown>) ?? {} }));
}
