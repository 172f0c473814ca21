/**
 * Time spent per compiler stage, for `mimi-codec gen --timings`. A caller
 * that wants timings makes a StageTimings and passes it down; every stage
 * adds its milliseconds to it. Passing nothing costs nothing.
 *
 * - extract: reading the draft and finding its code blocks
 * - parse: TPL and CDDL blocks -> AST
 * - lower: AST -> IR definitions
 * - check: CDDL rule checks, name / map-vector / select resolution, finding
 *   the definitions that cannot be compiled
 * - emit: IR -> module text (ts-morph) and the JSON schema files
 * - prettier: formatting the module text
 */
export const STAGES = ["extract", "parse", "lower", "check", "emit", "prettier"] as const;

export type Stage = (typeof STAGES)[number];

/** Milliseconds per stage, summed over every call timed into it. */
export type StageTimings = Record<Stage, number>;

/** Timings per document, by document name. */
export type DocumentTimings = Map<string, StageTimings>;

export function emptyTimings(): StageTimings {
  return { extract: 0, parse: 0, lower: 0, check: 0, emit: 0, prettier: 0 };
}

/** The entry of `document`, made empty the first time. */
export function timingsOf(all: DocumentTimings, document: string): StageTimings {
  let t = all.get(document);
  if (!t) all.set(document, (t = emptyTimings()));
  return t;
}

/** Run `work`, adding its duration to `stage` when there are timings to add to. */
export function timeStage<T>(timings: StageTimings | undefined, stage: Stage, work: () => T): T {
  if (!timings) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    timings[stage] += performance.now() - start;
  }
}

/** timeStage for work that returns a promise: the time until it settles. */
export async function timeStageAsync<T>(timings: StageTimings | undefined, stage: Stage, work: () => Promise<T>): Promise<T> {
  if (!timings) return work();
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] += performance.now() - start;
  }
}

/** The sum of several timings, stage by stage. */
export function sumTimings(all: Iterable<StageTimings>): StageTimings {
  const total = emptyTimings();
  for (const t of all) for (const s of STAGES) total[s] += t[s];
  return total;
}

/** The time of all stages together. */
export function stagesTotal(timings: StageTimings): number {
  return STAGES.reduce((sum, s) => sum + timings[s], 0);
}

/**
 * `extract 40 ms (1 %), parse 210 ms (3 %), ...; total 6.1 s`: each stage
 * with its share of `totalMs` (the wall time the stages ran in; what the
 * stages do not cover, such as module loading, is not attributed).
 */
export function formatTimings(timings: StageTimings, totalMs: number): string {
  const share = (ms: number) => (totalMs > 0 ? ` (${Math.round((100 * ms) / totalMs)} %)` : "");
  const stages = STAGES.map((s) => `${s} ${timings[s].toFixed(0)} ms${share(timings[s])}`).join(", ");
  return `${stages}; total ${totalMs >= 1000 ? `${(totalMs / 1000).toFixed(1)} s` : `${totalMs.toFixed(0)} ms`}`;
}
