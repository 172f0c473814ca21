/**
 * A run of the generator fuzzer: draw hostile drafts (fuzz/gen-drafts.ts)
 * from a seed, put each through the oracle (fuzz/gen-oracle.ts) in
 * batches (one TypeScript program per batch), and tally what happened.
 * Used by the bounded test (test/fuzz/gen-fuzz.test.ts) and the long run
 * (fuzz/gen-fuzz.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CompiledDocument } from "../src/compile/compile-document.js";
import { drawDraft, type HostileDraft } from "./gen-drafts.js";
import { NameTally } from "./gen-names.js";
import { exerciseModule, prepareDraft, type GenFinding, type Prepared } from "./gen-oracle.js";
import { typecheckModules } from "./gen-typecheck.js";

export interface GenSessionOptions {
  readonly drafts: number;
  readonly seed: number;
  /** Drafts per TypeScript program (default 25). */
  readonly batch?: number;
  /** Values drawn per definition (default 3). */
  readonly valuesPerType?: number;
  /** Stop drawing new drafts after this many milliseconds. */
  readonly maxMs?: number;
  /** Keep the temporary directory (for looking at a finding). */
  readonly keep?: boolean;
  readonly progress?: (done: number, result: GenSessionResult) => void;
}

/** A finding with how often its shape occurred and the first draft seed that showed it. */
export interface GroupedFinding extends GenFinding {
  count: number;
}

export interface GenSessionResult {
  drafts: number;
  byKind: Record<HostileDraft["kind"], number>;
  passed: number;
  /** Drafts with at least one error diagnostic (all located) and no finding. */
  refused: number;
  /** Drafts with at least one finding. */
  withFindings: number;
  /** Drafts that refer to a name they never define (on purpose). */
  undefinedDrafts: number;
  /** Drafts that repeated a name on purpose, by where: how many, how many refused with a diagnostic. */
  readonly repeats: Map<string, { drafts: number; refused: number }>;
  definitions: number;
  values: number;
  noValue: number;
  /** Modules with noUnusedLocals/noUnusedParameters diagnostics, and how many diagnostics. */
  unusedModules: number;
  unusedDiagnostics: number;
  unusedExamples: string[];
  readonly findings: Map<string, GroupedFinding>;
  readonly tally: NameTally;
  readonly ms: { compile: number; typecheck: number; exercise: number; total: number };
  workDir: string;
}

/** Group findings that differ only in names, numbers and positions. */
function shapeOf(f: GenFinding): string {
  const message = f.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/'[^'\n]*'/g, "'…'");
  return `${f.kind}|${(f.kind === "type-error" ? message.replace(/ at \d+:\d+| \|.*$/g, "") : message).replace(/\d+/g, "N").slice(0, 160)}`;
}

export async function runGenSession(options: GenSessionOptions): Promise<GenSessionResult> {
  const started = performance.now();
  const batch = options.batch ?? 25;
  const perType = options.valuesPerType ?? 3;
  const workDir = mkdtempSync(join(tmpdir(), "mimi-genfuzz-"));
  const cache = new Map<string, CompiledDocument>();
  const result: GenSessionResult = {
    drafts: 0,
    byKind: { cddl: 0, tpl: 0, md: 0 },
    passed: 0,
    refused: 0,
    withFindings: 0,
    undefinedDrafts: 0,
    repeats: new Map(),
    definitions: 0,
    values: 0,
    noValue: 0,
    unusedModules: 0,
    unusedDiagnostics: 0,
    unusedExamples: [],
    findings: new Map(),
    tally: new NameTally(),
    ms: { compile: 0, typecheck: 0, exercise: 0, total: 0 },
    workDir,
  };
  const record = (fs: readonly GenFinding[]) => {
    for (const f of fs) {
      const key = shapeOf(f);
      const g = result.findings.get(key);
      if (g) g.count++;
      else result.findings.set(key, { ...f, count: 1 });
    }
  };
  try {
    for (let first = 0; first < options.drafts; first += batch) {
      if (options.maxMs !== undefined && performance.now() - started > options.maxMs) break;
      const drafts = Array.from({ length: Math.min(batch, options.drafts - first) }, (_, k) => drawDraft((options.seed + Math.imul(first + k, 0x9e3779b1)) >>> 0));
      for (const r of await checkDrafts(drafts, join(workDir, `b${first}`), cache, perType, result.ms)) {
        result.drafts++;
        result.byKind[r.draft.kind]++;
        result.tally.merge(r.draft.tally);
        result.definitions += r.definitions;
        result.values += r.values;
        result.noValue += r.noValue;
        if (r.unused.length > 0) {
          result.unusedModules++;
          result.unusedDiagnostics += r.unused.length;
          if (result.unusedExamples.length < 5) result.unusedExamples.push(r.unused[0]!);
        }
        if (r.draft.undefinedRefs.length > 0) result.undefinedDrafts++;
        if (r.draft.repeated !== undefined) {
          const where = `${r.draft.repeated.grammar} ${r.draft.repeated.position}`;
          const rep = result.repeats.get(where) ?? result.repeats.set(where, { drafts: 0, refused: 0 }).get(where)!;
          rep.drafts++;
          if (r.errors > 0) rep.refused++;
        }
        if (r.findings.length > 0) result.withFindings++;
        else if (r.errors > 0) result.refused++;
        else result.passed++;
        record(r.findings);
      }
      options.progress?.(result.drafts, result);
    }
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    result.ms.total = performance.now() - started;
  }
  return result;
}

export interface DraftReport {
  readonly draft: HostileDraft;
  readonly findings: readonly GenFinding[];
  /** Located error diagnostics: what the compiler refused. */
  readonly errors: number;
  readonly unused: readonly string[];
  readonly definitions: number;
  readonly values: number;
  readonly noValue: number;
}

/**
 * Put drafts through the whole oracle: compile and generate each, type-check
 * the modules together, then load and exercise each. `ms` gets the time
 * per phase added.
 */
export async function checkDrafts(
  drafts: readonly HostileDraft[],
  workDir: string,
  cache: Map<string, CompiledDocument>,
  valuesPerType = 3,
  ms: { compile: number; typecheck: number; exercise: number } = { compile: 0, typecheck: 0, exercise: 0 },
): Promise<DraftReport[]> {
  let t = performance.now();
  const prepared: Prepared[] = [];
  for (const [i, d] of drafts.entries()) prepared.push(await prepareDraft(d, join(workDir, `d${i}`), cache));
  ms.compile += performance.now() - t;
  t = performance.now();
  const withModule = prepared.filter((p) => p.module !== undefined);
  const checks = typecheckModules(join(workDir, "tc"), withModule.map((p) => p.module!));
  ms.typecheck += performance.now() - t;
  t = performance.now();
  const out: DraftReport[] = [];
  for (const [i, p] of prepared.entries()) {
    const findings = [...p.findings];
    const k = withModule.indexOf(p);
    let ex = { definitions: 0, values: 0, noValue: 0 };
    let unused: string[] = [];
    if (k >= 0) {
      for (const e of checks[k]!.errors) findings.push({ kind: "type-error", seed: p.draft.seed, message: e });
      unused = checks[k]!.unused;
      const r = await exerciseModule(p, join(workDir, `d${i}-js`), valuesPerType);
      findings.push(...r.findings);
      ex = r;
    }
    out.push({ draft: p.draft, findings, errors: p.errors, unused, definitions: ex.definitions, values: ex.values, noValue: ex.noValue });
  }
  ms.exercise += performance.now() - t;
  return out;
}
