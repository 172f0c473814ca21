/**
 * One hostile input, run in its own process by bench/hostile.ts against the
 * source tree named on the command line (this worktree, or /work/wt-before
 * for the "before" column): `node --import tsx bench/hostile-child.ts
 * <tree> <job as JSON>`. Prints one JSON line: the time the work took
 * (without start-up), the outcome and the process's peak memory.
 *
 * A "compile" job does what `mimi-codec lint` does for a draft (extract,
 * parse, lower, check, then format every diagnostic with its source line)
 * but without compiling rfc9420 as an import, whose ~4 s would hide the
 * scaling. A "cli" job runs the tree's CLI entry, `main(argv, io)`, with
 * its output counted and dropped.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { HostileJob } from "./hostile-inputs.js";

interface Outcome {
  ms: number;
  outcome: string;
  maxRssMb: number;
}

const [tree, jobJson] = process.argv.slice(2);
if (!tree || !jobJson) throw new Error("usage: hostile-child.ts <tree> <job json>");
const job = JSON.parse(jobJson) as HostileJob;
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(tree, rel)).href)) as T;

/** Load what the job needs, then return the work to time (module loading and grammar compiling are not part of it). */
async function prepare(job: HostileJob): Promise<() => Promise<string>> {
  (await load<typeof import("../src/tpl/parse-tpl.js")>("src/tpl/parse-tpl.ts")).parseTpl("struct { uint8 a; } A;");
  (await load<typeof import("../src/cddl/parse-cddl.js")>("src/cddl/parse-cddl.ts")).parseCddl("a = 1");
  (await load<typeof import("../src/edn/parse-edn.js")>("src/edn/parse-edn.ts")).parseEdn("[1]");
  if (job.kind === "compile") {
    const { compileDocument } = await load<typeof import("../src/compile/compile-document.js")>("src/compile/compile-document.ts");
    const { formatDiagnostic } = await load<typeof import("../src/diagnostics/index.js")>("src/diagnostics/index.ts");
    const { readSourceLine } = await load<typeof import("../src/extract/index.js")>("src/extract/index.ts");
    return async () => {
      const compiled = compileDocument({ path: job.path, config: { document: "hostile", source: job.path, mode: "lenient" } });
      let printed = 0;
      for (const d of compiled.diagnostics) printed += formatDiagnostic(d, readSourceLine(d.loc)).length;
      const errors = compiled.diagnostics.filter((d) => d.severity === "error");
      const first = errors[0] ? `; first: ${errors[0].code}` : "";
      return `${compiled.ir.definitions.length} definitions, ${errors.length} errors${first} (${printed} chars printed)`;
    };
  }
  const { main } = await load<typeof import("../src/cli/main.js")>("src/cli/main.ts");
  return async () => {
    let out = 0;
    let err = "";
    const code = await main(job.argv, {
      out: (t) => {
        out += t.length;
      },
      err: (t) => {
        if (err.length < 300) err += t;
      },
      readStdin: async () => "",
    });
    return `exit ${code}, ${out} chars out${err ? `; ${err.trim().split("\n")[0]!.slice(0, 120)}` : ""}`;
  };
}

const work = await prepare(job);
const start = performance.now();
let outcome: string;
try {
  outcome = await work();
} catch (e) {
  outcome = `internal error: ${e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]!.slice(0, 120)}` : String(e)}`;
}
const result: Outcome = { ms: performance.now() - start, outcome, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(result)}\n`);
