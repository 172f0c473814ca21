/**
 * `npm run fuzz -- --seconds N`: mutation fuzzing of every decoder of the
 * built-in documents (TPL and CBOR) and of the CDDL, TPL and EDN parsers.
 *
 * The session runs in a worker thread; this thread is the watchdog. Before
 * each input the worker copies it into shared memory, so when an input hangs
 * (no new input for --hang-ms) or kills the worker (out of memory, a native
 * crash), the input is still known: it is saved as a finding and a new
 * worker carries on with the remaining time.
 *
 * Options: --seconds N (default 60), --seed S (default: time-based, printed),
 *   --filter TEXT (repeatable: target ids containing it, e.g. rfc9420: or
 *   parse:cddl), --hang-ms MS (default 10000), --parser-share F (default 0.2),
 *   --heap-mb MB (worker old-space limit, default 2048), --no-write (no
 *   fuzz/RESULTS.md).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import type { Finding, TargetStats } from "./engine.js";
import { MAX_INPUT } from "./mutate.js";
import { HEADER, ID_BYTES, INPUT_OFFSET, saveFinding, sumStats, type SavedFinding, type WorkerData } from "./report.js";
import type { SessionOptions } from "./session.js";
import { hash32 } from "./rng.js";

const args = parseArgs({
  options: {
    seconds: { type: "string" },
    seed: { type: "string" },
    filter: { type: "string", multiple: true },
    "hang-ms": { type: "string" },
    "parser-share": { type: "string" },
    "heap-mb": { type: "string" },
    "no-write": { type: "boolean" },
  },
});
const seconds = Number(args.values.seconds ?? 60);
const baseSeed = Number(args.values.seed ?? (Date.now() % 1_000_000_007));
const hangMs = Number(args.values["hang-ms"] ?? 10_000);
const heapMb = Number(args.values["heap-mb"] ?? 2048);
const filter = args.values.filter ?? [];
const parserShare = Number(args.values["parser-share"] ?? 0.2);

const shared = new SharedArrayBuffer(INPUT_OFFSET + MAX_INPUT * 3);
const meta = new Int32Array(shared, 0, 4);
const view = new Uint8Array(shared);
const dec = new TextDecoder();

const unique = new Map<string, SavedFinding & { file: string }>();
const finished: [string, TargetStats][][] = [];
let current: { decoders: [string, TargetStats][]; parsers: [string, TargetStats][] } = { decoders: [], parsers: [] };
const finishedParsers: [string, TargetStats][][] = [];
let corpusInfo = { corpusMs: 0, seeds: 0, seedless: [] as string[] };
let restarts = 0;
const started = Date.now();

function record(f: SavedFinding, isNew: boolean): void {
  const known = unique.get(f.key);
  if (known) {
    known.count += isNew ? 1 : 0;
    if (!isNew) known.count = Math.max(known.count, f.count);
    return;
  }
  const file = saveFinding(f);
  unique.set(f.key, { ...f, file });
  console.log(`FINDING ${f.kind} in ${f.target}: ${f.message.split("\n")[0]} -> fuzz/findings/${file}.json`);
}

/** The input the worker was running when it stopped answering, from shared memory. */
function lastInput(): { target: string; input: Uint8Array | string; options: Finding["options"] } {
  const n = meta[1]!;
  const isText = meta[2] === 1;
  const target = dec.decode(view.slice(HEADER, HEADER + meta[3]!));
  const optLen = new DataView(shared).getInt32(INPUT_OFFSET - 4, true);
  let options: Finding["options"] = {};
  try {
    options = JSON.parse(dec.decode(view.slice(HEADER + ID_BYTES, HEADER + ID_BYTES + optLen))) as Finding["options"];
  } catch {
    // none recorded yet
  }
  const bytes = view.slice(INPUT_OFFSET, INPUT_OFFSET + n);
  return { target, input: isText ? dec.decode(bytes) : bytes, options };
}

function runWorker(remaining: number, seed: number): Promise<void> {
  return new Promise((resolve) => {
    const options: SessionOptions = { seed, seconds: remaining, filter, parserShare };
    const data: WorkerData = { options, shared };
    const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let armed = false;
    let lastSeq = Atomics.load(meta, 0);
    let lastChange = Date.now();
    let ended = false;
    const end = (why?: { kind: string; message: string; stack?: string }): void => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      finished.push(current.decoders);
      finishedParsers.push(current.parsers);
      current = { decoders: [], parsers: [] };
      if (why && !armed) {
        // before the first input: a setup problem, not a finding
        console.error(`fuzz worker failed to start: ${why.message}\n${why.stack ?? ""}`);
        process.exit(2);
      }
      if (why) {
        const last = lastInput();
        const f: SavedFinding = {
          kind: why.kind,
          target: last.target,
          input: last.input,
          options: last.options,
          message: why.message,
          stack: why.stack ?? "",
          // each hanging or crashing input is kept (they may differ in cause)
          key: `${last.target}|${why.kind}|${why.message.replace(/\d+/g, "N")}|${hash32(last.input)}`,
          minimised: last.input,
          count: 1,
        };
        record(f, true);
        restarts++;
      }
      void w.terminate().then(() => resolve());
    };
    const timer = setInterval(() => {
      if (!armed) return;
      const seq = Atomics.load(meta, 0);
      if (seq !== lastSeq) {
        lastSeq = seq;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > hangMs) {
        end({ kind: "hang", message: `no new input for ${hangMs} ms: this input did not finish` });
      }
    }, 200);
    w.on("message", (m: { type: string } & Record<string, unknown>) => {
      if (m.type === "ready") {
        armed = true;
        lastChange = Date.now();
      } else if (m.type === "finding") {
        record(m["finding"] as SavedFinding, m["isNew"] as boolean);
      } else if (m.type === "progress") {
        current = { decoders: m["decoders"] as [string, TargetStats][], parsers: m["parsers"] as [string, TargetStats][] };
        corpusInfo = { corpusMs: m["corpusMs"] as number, seeds: m["seeds"] as number, seedless: m["seedless"] as string[] };
        const d = sumStats(current.decoders);
        process.stderr.write(`\r${((Date.now() - started) / 1000).toFixed(0)} s: ${sumStats(finished.flat()).execs + d.execs} decoder inputs, ${sumStats(finishedParsers.flat()).execs + sumStats(current.parsers).execs} parser inputs, ${unique.size} findings   `);
      } else if (m.type === "done") {
        end();
      }
    });
    w.on("error", (e) => end({ kind: "crash", message: `worker died: ${e.name}: ${e.message}${(e as { code?: string }).code ? ` (${(e as { code?: string }).code})` : ""}`, stack: e.stack ?? "" }));
    w.on("exit", (code) => {
      if (!ended) end(code === 0 ? undefined : { kind: "crash", message: `worker exited with code ${code}` });
    });
  });
}

const deadline = Date.now() + seconds * 1000;
console.log(`fuzzing for ${seconds} s, seed ${baseSeed}${filter.length ? `, filter ${filter.join(",")}` : ""}`);
while (Date.now() < deadline - 1000) {
  await runWorker((deadline - Date.now()) / 1000, baseSeed + restarts * 7919);
  if (restarts > 50) {
    console.log("more than 50 restarts: stopping");
    break;
  }
}
process.stderr.write("\n");

// ---------------------------------------------------------------- summary
const merge = (runs: [string, TargetStats][][]): Map<string, TargetStats> => {
  const m = new Map<string, TargetStats>();
  for (const run of runs)
    for (const [id, s] of run) {
      const x = m.get(id) ?? { execs: 0, values: 0, errors: 0, findings: 0 };
      x.execs += s.execs;
      x.values += s.values;
      x.errors += s.errors;
      x.findings += s.findings;
      m.set(id, x);
    }
  return m;
};
const decoders = merge(finished);
const parsers = merge(finishedParsers);
const elapsed = (Date.now() - started) / 1000;
const byDoc = new Map<string, TargetStats & { targets: number }>();
for (const [id, s] of decoders) {
  const key = id.split(":")[0] + " (" + id.split(":")[2] + ")";
  const x = byDoc.get(key) ?? { execs: 0, values: 0, errors: 0, findings: 0, targets: 0 };
  x.execs += s.execs;
  x.values += s.values;
  x.errors += s.errors;
  x.findings += s.findings;
  x.targets++;
  byDoc.set(key, x);
}
const d = sumStats(decoders);
const p = sumStats(parsers);
const lines: string[] = [];
const say = (s = ""): void => {
  lines.push(s);
};
const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
const nproc = (() => {
  try {
    return execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    return String(cpus().length);
  }
})();
say("# Fuzzing results");
say();
say(`Written by \`npm run fuzz -- --seconds ${seconds}\` (fuzz/run.ts) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`);
say();
say(`- machine: ${nproc} cores, CPU \`${cpu}\`, Node ${process.version}; one worker thread (a 2-core machine shared with other work)`);
say(`- seed ${baseSeed}${restarts ? ` (+7919 per worker restart; ${restarts} restart(s))` : ""}; wall time ${elapsed.toFixed(0)} s, of which corpus building ${(corpusInfo.corpusMs / 1000).toFixed(1)} s per worker start`);
say(`- starting inputs: ${corpusInfo.seeds} decoder seeds over ${decoders.size} decoders; ${corpusInfo.seedless.length} decoders without a seed of their own start from their document's other seeds${corpusInfo.seedless.length ? ` (${corpusInfo.seedless.join(", ")})` : ""}`);
say(`- limits: a hang is no new input for ${hangMs} ms; slow is one decode over 250 ms (parsers: 3 s); allocation is heap + array buffers growing by more than 64 MiB + 512 x input bytes during one decode; worker old space ${heapMb} MiB`);
say();
say("## Executions");
say();
say("| targets | decoders | inputs | decoded to a value | CodecError | findings |");
say("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [k, s] of [...byDoc].sort()) say(`| ${k} | ${s.targets} | ${s.execs.toLocaleString("en")} | ${s.values.toLocaleString("en")} | ${s.errors.toLocaleString("en")} | ${s.findings} |`);
say(`| **all decoders** | ${decoders.size} | **${d.execs.toLocaleString("en")}** | ${d.values.toLocaleString("en")} | ${d.errors.toLocaleString("en")} | ${d.findings} |`);
say();
say("| parser | inputs | returned (with or without diagnostics) | findings |");
say("| --- | ---: | ---: | ---: |");
for (const [k, s] of [...parsers].sort()) say(`| ${k} | ${s.execs.toLocaleString("en")} | ${s.values.toLocaleString("en")} | ${s.findings} |`);
say(`| **all parsers** | **${p.execs.toLocaleString("en")}** | ${p.values.toLocaleString("en")} | ${p.findings} |`);
say();
say("## Findings");
say();
if (unique.size === 0) say("None: every decoder input ended in a value (which survived the round trip) or a CodecError with an offset inside the input and a string path; no parser threw; nothing hung, was slow or over-allocated.");
else {
  say("| kind | target | message | occurrences | minimal input | file |");
  say("| --- | --- | --- | ---: | --- | --- |");
  for (const f of unique.values()) {
    const min = typeof f.minimised === "string" ? JSON.stringify(f.minimised.length > 80 ? f.minimised.slice(0, 80) + "…" : f.minimised) : `\`${Buffer.from(f.minimised).toString("hex").slice(0, 80)}\`${f.minimised.length > 40 ? "…" : ""} (${f.minimised.length} B)`;
    say(`| ${f.kind} | ${f.target} | ${f.message.split("\n")[0]!.replace(/\|/g, "\\|").slice(0, 200)} | ${f.count} | ${min.replace(/\|/g, "\\|")} | fuzz/findings/${f.file}.json |`);
  }
}
say();
const notes = fileURLToPath(new URL("./notes.md", import.meta.url));
if (existsSync(notes)) say(readFileSync(notes, "utf8").trimEnd());
const text = lines.join("\n") + "\n";
console.log(text);
if (!args.values["no-write"]) {
  writeFileSync(fileURLToPath(new URL("./RESULTS.md", import.meta.url)), text);
  console.log("wrote fuzz/RESULTS.md");
}
process.exitCode = unique.size > 0 ? 1 : 0;
