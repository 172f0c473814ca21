/**
 * Worker side of the long run: runs a session and records every input in a
 * SharedArrayBuffer before it executes, so the main thread can name the
 * input of a hang or a crash (run.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { runSession } from "./session.js";
import type { TargetStats } from "./engine.js";

import { HEADER, ID_BYTES, INPUT_OFFSET, type WorkerData } from "./report.js";

const { options, shared } = workerData as WorkerData;
const meta = new Int32Array(shared, 0, 4);
const bytes = new Uint8Array(shared);
const enc = new TextEncoder();
const cap = shared.byteLength - INPUT_OFFSET;
let lastTarget = "";
let lastOptions = "";

const stats = (m: Map<string, TargetStats>): [string, TargetStats][] => [...m];

runSession(options, {
  before(target, input, opts) {
    if (target !== lastTarget) {
      lastTarget = target;
      const r = enc.encodeInto(target, bytes.subarray(HEADER, HEADER + ID_BYTES));
      meta[3] = r.written;
    }
    const o = JSON.stringify(opts);
    if (o !== lastOptions) {
      lastOptions = o;
      const r = enc.encodeInto(o, bytes.subarray(HEADER + ID_BYTES, INPUT_OFFSET - 4));
      new DataView(shared).setInt32(INPUT_OFFSET - 4, r.written, true);
    }
    if (typeof input === "string") {
      const r = enc.encodeInto(input, bytes.subarray(INPUT_OFFSET, INPUT_OFFSET + cap));
      meta[1] = r.written;
      meta[2] = 1;
    } else {
      const n = Math.min(cap, input.length);
      bytes.set(n === input.length ? input : input.subarray(0, n), INPUT_OFFSET);
      meta[1] = n;
      meta[2] = 0;
    }
    Atomics.add(meta, 0, 1);
  },
  onReady() {
    parentPort!.postMessage({ type: "ready" });
  },
  onFinding(f, isNew) {
    parentPort!.postMessage({ type: "finding", isNew, finding: { ...f } });
  },
  onProgress(r) {
    parentPort!.postMessage({ type: "progress", decoders: stats(r.decoders), parsers: stats(r.parsers), corpusMs: r.corpusMs, seeds: r.seeds, seedless: r.seedlessTargets });
  },
});
parentPort!.postMessage({ type: "done" });
