import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_HELP, REPORT_OPTIONS, reportCommand, reportOptionsFrom } from "../../src/cli/commands/report.js";
import { UsageError } from "../../src/cli/cli-error.js";
import type { CliIo } from "../../src/cli/io.js";
import { README_BEGIN, README_END, buildReport, type ReportOptions, type SizeReport } from "../../src/report/index.js";
import { HAVE_DRAFTS } from "../helpers/drafts.js";

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: (t) => lines.push(`ERR ${t}`), readStdin: async () => "" };
}

describe("mimi-codec report: options", () => {
  it("documents every option and maps parseArgs values", () => {
    for (const o of Object.keys(REPORT_OPTIONS)) expect(REPORT_HELP).toContain(`--${o}`);
    expect(reportOptionsFrom({ "no-scaling": true, format: ["md"], "check-readme": "R.md" })).toEqual({ formats: ["md"], quick: false, scaling: false, summary: false, checkReadme: "R.md" });
    // as src/cli/main.ts would wire it: parseArgs(REPORT_OPTIONS) -> reportOptionsFrom
    const a = parseArgs({ args: ["--out", "d", "--format", "md", "--format", "html", "--quick"], options: REPORT_OPTIONS, allowPositionals: true, strict: true });
    expect(reportOptionsFrom(a.values)).toEqual({ out: "d", formats: ["md", "html"], quick: true, scaling: true, summary: false });
  });

  it("rejects an unknown format and two modes at once before building anything", async () => {
    const never = async (): Promise<SizeReport> => {
      throw new Error("must not build");
    };
    await expect(reportCommand({ formats: ["pdf"] }, capture(), never)).rejects.toThrow(UsageError);
    await expect(reportCommand({ summary: true, checkReadme: "README.md" }, capture(), never)).rejects.toThrow(/at most one/);
    await expect(reportCommand({ checkReadme: "/nonexistent/README.md" }, capture(), never)).rejects.toThrow(/no such file/);
  });
});

describe.skipIf(!HAVE_DRAFTS)("mimi-codec report: outputs and the README block", () => {
  let dir: string;
  let report: SizeReport;
  const asked: ReportOptions[] = [];
  const builder = async (o?: ReportOptions) => {
    asked.push(o ?? {});
    return report;
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mimi-report-cli-"));
    report = await buildReport({ quick: true, kinds: ["depth"], limit: 3 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes Markdown, JSON and HTML and prints the summary block", async () => {
    const io = capture();
    expect(await reportCommand({ out: join(dir, "out"), quick: true }, io, builder)).toBe(0);
    for (const f of ["md", "json", "html"]) expect(existsSync(join(dir, "out", `size-report.${f}`))).toBe(true);
    expect(io.lines.join("\n")).toContain(README_BEGIN);
    expect(asked.at(-1)).toMatchObject({ scaling: true, quick: true });
  });

  it("checks the README block without the scaling series, and updates it", async () => {
    const readme = join(dir, "README.md");
    writeFileSync(readme, `# t\n\n${README_BEGIN}\nstale\n${README_END}\n`);
    let io = capture();
    expect(await reportCommand({ checkReadme: readme }, io, builder)).toBe(1);
    expect(io.lines.join("\n")).toMatch(/out of date; run `mimi-codec report --update-readme/);
    expect(asked.at(-1)).toMatchObject({ scaling: false });

    io = capture();
    expect(await reportCommand({ updateReadme: readme }, io, builder)).toBe(0);
    expect(io.lines).toEqual([`${readme}: size report summary updated`]);
    expect(readFileSync(readme, "utf8")).toContain("| mimi-content-03, TPL | TPL |");

    io = capture();
    expect(await reportCommand({ checkReadme: readme }, io, builder)).toBe(0);
    expect(io.lines).toEqual([`${readme}: size report summary is current`]);

    writeFileSync(readme, "# no block\n");
    io = capture();
    expect(await reportCommand({ checkReadme: readme }, io, builder)).toBe(1);
    expect(io.lines.join("\n")).toMatch(/no size report summary block/);
    await expect(reportCommand({ updateReadme: readme }, capture(), builder)).rejects.toThrow(/has no/);
  });

  it("--summary prints the block and writes nothing", async () => {
    const io = capture();
    expect(await reportCommand({ summary: true }, io, builder)).toBe(0);
    expect(io.lines).toHaveLength(1);
    expect(io.lines[0]!.startsWith(README_BEGIN)).toBe(true);
  });
});
