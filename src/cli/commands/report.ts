import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  buildReport,
  readmeSummaryStatus,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReadmeSummary,
  spliceReadmeSummary,
  type SizeReport,
} from "../../report/index.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { createProgress } from "../progress.js";

/** Usage text for `mimi-codec report --help`. */
export const REPORT_HELP = `usage: mimi-codec report [--out <dir>] [--format md|json|html ...] [--quick] [--no-scaling] [--quiet]
       mimi-codec report --summary [--quiet]
       mimi-codec report --check-readme <README.md> [--quiet]
       mimi-codec report --update-readme <README.md> [--quiet]

Measures TPL against CBOR on every example message of mimi-content 03 (its
TPL and its CDDL), 04 and main-2026-03, their status reports, a conversation
over MLS, and a KeyPackage, Welcome, MLSMessage, SubmitMessageRequest and
FanoutMessage from ts-mls: sizes in TPL, CBOR and deterministic CBOR, where
the bytes go (framing vs payload per field and construct), the size after MLS
framing with and without padding, and how the difference scales with body
length, ids, parts, nesting and extensions. Every size is an encoding by the
generated codecs. Reads the drafts from ../shared/drafts (or $MIMI_DRAFTS).

  --out <dir>          where size-report.md, .json and .html go (default ./size-report)
  --format <f>         only these outputs (repeatable): md, json, html
  --quick              shorter scaling series (body up to 70000 bytes, counts up to 300)
  --no-scaling         no scaling series
  --summary            print the README summary block and write nothing
  --check-readme <f>   exit 1 if the summary block in <f> is not what the report gives now
  --update-readme <f>  rewrite the summary block in <f> (between its markers)
  --quiet              no progress on stderr (a full run takes about a minute)`;

/** Options for node:util parseArgs, for wiring the command into main.ts. */
export const REPORT_OPTIONS = {
  out: { type: "string" },
  format: { type: "string", multiple: true },
  quick: { type: "boolean" },
  "no-scaling": { type: "boolean" },
  summary: { type: "boolean" },
  "check-readme": { type: "string" },
  "update-readme": { type: "string" },
  quiet: { type: "boolean" },
} as const;

export interface ReportCommandOptions {
  readonly out?: string;
  readonly formats?: readonly string[];
  readonly quick?: boolean;
  readonly scaling?: boolean;
  readonly summary?: boolean;
  readonly checkReadme?: string;
  readonly updateReadme?: string;
  /** no progress on stderr */
  readonly quiet?: boolean;
  /** the drafts folder (default ../shared/drafts or $MIMI_DRAFTS) */
  readonly drafts?: string;
}

/** parseArgs values (REPORT_OPTIONS) -> options. */
export function reportOptionsFrom(values: {
  out?: string;
  format?: string[];
  quick?: boolean;
  "no-scaling"?: boolean;
  summary?: boolean;
  "check-readme"?: string;
  "update-readme"?: string;
  quiet?: boolean;
}): ReportCommandOptions {
  return {
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.format !== undefined ? { formats: values.format } : {}),
    quick: !!values.quick,
    scaling: !values["no-scaling"],
    summary: !!values.summary,
    ...(values["check-readme"] !== undefined ? { checkReadme: values["check-readme"] } : {}),
    ...(values["update-readme"] !== undefined ? { updateReadme: values["update-readme"] } : {}),
    ...(values.quiet ? { quiet: true } : {}),
  };
}

const FORMATS = ["md", "json", "html"] as const;
type OutFormat = (typeof FORMATS)[number];

/** What the command needs from src/report; tests hand in a report built once. */
export type BuildReport = typeof buildReport;

async function build(opts: ReportCommandOptions, scaling: boolean, builder: BuildReport, io: CliIo): Promise<SizeReport> {
  const progress = createProgress("report", io.progress, { quiet: !!opts.quiet });
  try {
    return await builder({ scaling, quick: !!opts.quick, ...(opts.drafts ? { drafts: opts.drafts } : {}), onProgress: (p) => progress.update(p) });
  } catch (e) {
    const m = (e as Error).message;
    if (/examples are not in/.test(m)) throw new UsageError(m, 1);
    throw e;
  } finally {
    progress.end();
  }
}

function readReadme(path: string): string {
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  return readFileSync(path, "utf8");
}

/** `mimi-codec report`: the TPL-vs-CBOR size report. */
export async function reportCommand(opts: ReportCommandOptions, io: CliIo, builder: BuildReport = buildReport): Promise<number> {
  const modes = [opts.summary, opts.checkReadme !== undefined, opts.updateReadme !== undefined].filter(Boolean).length;
  if (modes > 1) throw new UsageError("give at most one of --summary, --check-readme, --update-readme");
  const formats = (opts.formats ?? FORMATS).map((f) => {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be md, json or html, got "${f}"`);
    return f as OutFormat;
  });

  if (opts.summary || opts.checkReadme !== undefined || opts.updateReadme !== undefined) {
    const readmePath = opts.checkReadme ?? opts.updateReadme;
    const readme = readmePath !== undefined ? readReadme(readmePath) : "";
    const block = renderReadmeSummary(await build(opts, false, builder, io));
    if (opts.summary) {
      io.out(block);
      return 0;
    }
    if (opts.updateReadme !== undefined) {
      let next: string;
      try {
        next = spliceReadmeSummary(readme, block);
      } catch (e) {
        throw new UsageError(`${opts.updateReadme}: ${(e as Error).message}`, 1);
      }
      writeFileSync(opts.updateReadme, next);
      io.out(`${opts.updateReadme}: size report summary ${next === readme ? "already current" : "updated"}`);
      return 0;
    }
    const status = readmeSummaryStatus(readme, block);
    if (status === "current") {
      io.out(`${opts.checkReadme}: size report summary is current`);
      return 0;
    }
    io.out(
      status === "missing"
        ? `${opts.checkReadme}: no size report summary block (markers missing); expected:\n${block}`
        : `${opts.checkReadme}: the size report summary is out of date; run \`mimi-codec report --update-readme ${opts.checkReadme}\`. Expected:\n${block}`,
    );
    return 1;
  }

  const report = await build(opts, opts.scaling !== false, builder, io);
  const dir = resolve(opts.out ?? "size-report");
  mkdirSync(dir, { recursive: true });
  const render: Record<OutFormat, (r: SizeReport) => string> = { md: renderMarkdown, json: renderJson, html: renderHtml };
  for (const f of formats) {
    const file = join(dir, `size-report.${f}`);
    writeFileSync(file, render[f](report));
    io.out(`wrote ${file}`);
  }
  io.out("");
  io.out(renderReadmeSummary(report));
  return 0;
}
