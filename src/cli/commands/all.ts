import { BUILTIN_DOCUMENTS, draftsDir } from "../../compile/builtin.js";
import { compileWithImports } from "../../compile/compile-set.js";
import type { CompiledDocument } from "../../compile/compile-document.js";
import type { CliIo } from "../io.js";
import { createProgress } from "../progress.js";
import { genCommand } from "./gen.js";
import { pipelineCommand } from "./pipeline.js";

/**
 * `npm start`, the main job: compile every built-in draft (table of what was
 * found), check generated/ is current, then run the draft's example
 * conversation through the generated codecs over real MLS.
 */
export async function allCommand(io: CliIo, options: { readonly quiet?: boolean } = {}): Promise<number> {
  const cache = new Map<string, CompiledDocument>();
  const drafts = draftsDir();
  const progress = createProgress("all", io.progress, { quiet: !!options.quiet });
  let rows: string[][];
  try {
    rows = BUILTIN_DOCUMENTS.map((name, i) => {
      progress.update({ stage: "compiling", done: i, total: BUILTIN_DOCUMENTS.length, item: name });
      const c = compileWithImports(name, { cache, drafts });
      const count = (s: string) => c.diagnostics.filter((d) => d.severity === s).length;
      return [name, c.config.mode, String(c.blocks), String(c.cddlBlocks), String(c.ir.definitions.length), String(c.ir.definitions.length - c.broken.size), String(count("warning")), String(count("error"))];
    });
    progress.update({ stage: "compiling", done: BUILTIN_DOCUMENTS.length, total: BUILTIN_DOCUMENTS.length });
  } finally {
    progress.end();
  }
  const head = ["document", "mode", "TPL blocks", "CDDL blocks", "definitions", "generated", "warnings", "errors"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => "| " + r.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
  io.out([line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n"));
  io.out('Run "mimi-codec lint <document>" for the located diagnostics.');
  const genStatus = await genCommand([], { builtin: true, check: true, timings: false, allowErrors: true, quiet: !!options.quiet }, io);
  io.out("");
  const pipelineStatus = await pipelineCommand(io);
  return genStatus || pipelineStatus;
}
