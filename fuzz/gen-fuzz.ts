/**
 * `npm run fuzz:gen -- --drafts 2000 --seed N`: the generator fuzzer's long
 * run (issue 15, item 2). Draws hostile drafts, puts each through the
 * oracle of fuzz/gen-oracle.ts (compile, generate, type-check, import,
 * round-trip, side effects, wire keys, JSON Schema) and prints a Markdown
 * report: outcomes, names tried per class and position, findings, time.
 *
 * Options: --drafts N (default 200), --seed S (default: time-based, printed),
 *   --minutes M (stop drawing after M minutes), --batch N (drafts per
 *   TypeScript program, default 25), --values N (values per definition,
 *   default 3), --keep (keep the temporary directory),
 *   --show SEED (print the draft of one seed, run it alone, print its findings).
 */
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CompiledDocument } from "../src/compile/compile-document.js";
import { drawDraft } from "./gen-drafts.js";
import { NAME_CLASSES, POSITIONS } from "./gen-names.js";
import { checkDrafts, runGenSession, type GenSessionResult } from "./gen-session.js";

const args = parseArgs({
  options: {
    drafts: { type: "string" },
    seed: { type: "string" },
    minutes: { type: "string" },
    batch: { type: "string" },
    values: { type: "string" },
    keep: { type: "boolean" },
    show: { type: "string" },
  },
});

if (args.values.show !== undefined) await showOne(Number(args.values.show));
else await longRun();

async function longRun(): Promise<void> {
  const seed = Number(args.values.seed ?? Date.now() % 1_000_000_007);
  const drafts = Number(args.values.drafts ?? 200);
  const minutes = args.values.minutes !== undefined ? Number(args.values.minutes) : undefined;
  console.error(`generator fuzzing: seed ${seed}, up to ${drafts} drafts${minutes !== undefined ? ` or ${minutes} minutes` : ""}`);
  const started = new Date();
  const r = await runGenSession({
    drafts,
    seed,
    ...(minutes !== undefined ? { maxMs: minutes * 60_000 } : {}),
    ...(args.values.batch !== undefined ? { batch: Number(args.values.batch) } : {}),
    ...(args.values.values !== undefined ? { valuesPerType: Number(args.values.values) } : {}),
    ...(args.values.keep ? { keep: true } : {}),
    progress: (done, res) => console.error(`  ${done} drafts, ${res.withFindings} with findings, ${(res.ms.compile + res.ms.typecheck + res.ms.exercise) / 1000 | 0} s`),
  });
  console.log(report(r, seed, started));
  if (args.values.keep) console.error(`drafts and modules kept in ${r.workDir}`);
  process.exitCode = r.withFindings > 0 ? 1 : 0;
}

function report(r: GenSessionResult, seed: number, started: Date): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const out: string[] = [];
  out.push(`Run of ${started.toISOString().slice(0, 16).replace("T", " ")} UTC: \`npm run fuzz:gen -- --drafts ${r.drafts} --seed ${seed}\`; ${cpus().length} cores (${cpus()[0]?.model.trim() ?? "?"}), Node ${process.version}.`, "");
  out.push("| drafts | CDDL / TPL / markdown | compiled and passed | refused with a located diagnostic | with findings | definitions exercised | values round-tripped (x2 formats) |");
  out.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  out.push(`| ${n(r.drafts)} | ${r.byKind.cddl} / ${r.byKind.tpl} / ${r.byKind.md} | ${n(r.passed)} | ${n(r.refused)} | ${n(r.withFindings)} | ${n(r.definitions)} | ${n(r.values)} |`, "");
  out.push(
    `Time: ${s(r.ms.total)} in all; compile and generate ${s(r.ms.compile)}, type-check ${s(r.ms.typecheck)}, import and exercise ${s(r.ms.exercise)} ` +
      `(${(r.ms.total / Math.max(1, r.drafts) / 1000).toFixed(2)} s per draft). Definitions without a drawn value: ${r.noValue}.`,
    "",
  );
  out.push(
    `noUnusedLocals / noUnusedParameters (issue 12, counted, not failed): ${n(r.unusedModules)} of ${n(r.drafts)} modules have such diagnostics, ${n(r.unusedDiagnostics)} in all` +
      (r.unusedExamples.length > 0 ? `, e.g. \`${r.unusedExamples[0]!.replace(/`/g, "'")}\`.` : "."),
    "",
  );
  out.push(`Names tried, by class and where they were put (a name of two classes counts in both):`, "");
  out.push(`| class | ${POSITIONS.join(" | ")} | all |`);
  out.push(`| --- | ${POSITIONS.map(() => "---:").join(" | ")} | ---: |`);
  for (const c of NAME_CLASSES) {
    const row = r.tally.counts.get(c);
    const cells = POSITIONS.map((p) => row?.get(p) ?? 0);
    out.push(`| ${c} | ${cells.map(n).join(" | ")} | ${n(cells.reduce((a, b) => a + b, 0))} |`);
  }
  out.push("");
  if (r.repeats.size > 0) {
    out.push(
      "A name repeated on purpose (once per draft at most): drafts, and how many of them the compiler refused with an error " +
        "(the rest: a rule defined again identically or in another block is a note or warning, an array member is renamed; they passed the oracle):",
      "",
    );
    out.push("| where | drafts | refused |", "| --- | ---: | ---: |");
    for (const [where, x] of [...r.repeats].sort()) out.push(`| ${where} | ${x.drafts} | ${x.refused} |`);
    out.push("");
  }
  if (r.findings.size === 0) out.push("Findings: none.");
  else {
    out.push("| finding | occurrences | first draft seed | example |", "| --- | ---: | ---: | --- |");
    for (const f of r.findings.values()) out.push(`| ${f.kind} | ${f.count} | ${f.seed} | ${f.message.split("\n")[0]!.slice(0, 300).replace(/\|/g, "\\|").replace(/`/g, "'")} |`);
    out.push("", "Reproduce one with `npm run fuzz:gen -- --show <seed>`.");
  }
  return out.join("\n");
}

async function showOne(seed: number): Promise<void> {
  const draft = drawDraft(seed);
  for (const f of draft.files) {
    console.log(`==== ${JSON.stringify(f.path)}`);
    console.log(f.text.split("\n").map((l) => (l.length > 240 ? `${l.slice(0, 200)}… (${l.length} characters)` : l)).join("\n"));
  }
  const [r] = await checkDrafts([draft], mkdtempSync(join(tmpdir(), "mimi-genfuzz-show-")), new Map<string, CompiledDocument>());
  console.log(`==== ${r!.errors} error diagnostics, ${r!.definitions} definitions exercised, ${r!.values} values, ${r!.unused.length} unused-locals diagnostics`);
  for (const f of r!.findings) console.log(`${f.kind}: ${f.message}`);
  process.exitCode = r!.findings.length > 0 ? 1 : 0;
}
