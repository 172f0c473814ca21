import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../../src/cli/commands/report.js";
import type { CliIo } from "../../src/cli/io.js";
import { createProgress, type ProgressStream } from "../../src/cli/progress.js";
import type { ReportOptions, SizeReport } from "../../src/report/index.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * Progress on stderr: plain lines when stderr is not a terminal, one
 * redrawn line when it is, nothing with --quiet; fed by the library's
 * callbacks (ReportOptions.onProgress), never printed by the library.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "mimi-progress-"));
const tls = join(scratch, "paint.tls");
writeFileSync(tls, ["enum { red(0), green(1), (255) } Color;", "struct {", "    Color color;", "    opaque name<V>;", "} Paint;", ""].join("\n"));

function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { text: string } {
  const s = { text: "", isTTY, ...(columns !== undefined ? { columns } : {}), write: (t: string) => (s.text += t) };
  return s;
}

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe("createProgress, not a terminal", () => {
  it("writes a line when a stage starts and ends, and at most one per interval in between", () => {
    const s = fakeStream(false);
    const c = clock();
    const p = createProgress("report", s, { now: c.now, lineInterval: 2000 });
    p.update({ stage: "measuring messages", done: 0, total: 4, item: "main/original" });
    c.advance(500);
    p.update({ stage: "measuring messages", done: 1, total: 4, item: "main/reply" }); // within the interval: no line
    c.advance(2000);
    p.update({ stage: "measuring messages", done: 2, total: 4, item: "main/edit" });
    c.advance(10);
    p.update({ stage: "measuring messages", done: 4, total: 4 }); // the end of a stage always shows
    p.update({ stage: "scaling series", done: 0, total: 15, item: "body/main" });
    p.end();
    expect(s.text.split("\n")).toEqual([
      "report: measuring messages 0/4 (main/original), 0.0 s",
      "report: measuring messages 2/4 (main/edit), 2.5 s",
      "report: measuring messages 4/4, 2.5 s",
      "report: scaling series 0/15 (body/main), 2.5 s",
      "",
    ]);
    expect(s.text).not.toMatch(/[\r\x1b]/);
  });

  it("--quiet, or no stream, writes nothing", () => {
    const s = fakeStream(false);
    const quiet = createProgress("gen", s, { quiet: true });
    quiet.update({ stage: "compiling", done: 0, total: 1 });
    quiet.end();
    expect(s.text).toBe("");
    expect(() => createProgress("gen", undefined).update({ stage: "compiling", done: 0, total: 1 })).not.toThrow();
  });
});

describe("createProgress, on a terminal", () => {
  it("redraws one line with a bar, cut to the terminal width, and clears it at the end", () => {
    const s = fakeStream(true, 60);
    const c = clock();
    const p = createProgress("gen", s, { now: c.now, redrawInterval: 80 });
    p.update({ stage: "generating", done: 0, total: 4, item: "rfc9420" });
    c.advance(10);
    p.update({ stage: "generating", done: 1, total: 4, item: "rfc8446" }); // too soon: not drawn
    c.advance(100);
    p.update({ stage: "generating", done: 2, total: 4, item: "mimi-content-03-and-a-very-long-name-indeed" });
    p.end();
    const frames = s.text.split("\r\x1b[2K");
    expect(frames).toEqual(["", "gen: generating [--------------------] 0/4 rfc9420  0.0 s", expect.stringMatching(/^gen: generating \[##########----------\] 2\/4 mimi-content-03…$/), ""]);
    expect(frames[2]!.length).toBe(59);
    expect(s.text).not.toContain("\n");
  });
});

function withProgress(stream: ProgressStream): CliIo & { out: (t: string) => void } {
  return { out: () => {}, err: () => {}, readStdin: async () => "", progress: stream };
}

describe("commands feed their progress in", () => {
  it("report: the builder's onProgress calls become lines; --quiet silences them", async () => {
    const builder = async (o?: ReportOptions): Promise<SizeReport> => {
      o?.onProgress?.({ stage: "setting up", done: 0, total: 2, item: "MLS group" });
      o?.onProgress?.({ stage: "measuring messages", done: 3, total: 3 });
      throw new Error("examples are not in /nowhere"); // ends the command before it writes anything
    };
    const s = fakeStream(false);
    await expect(reportCommand({ summary: true }, withProgress(s), builder)).rejects.toThrow(/examples are not in/);
    expect(s.text).toMatch(/^report: setting up 0\/2 \(MLS group\), \d+\.\d s\nreport: measuring messages 3\/3, \d+\.\d s\n$/);
    const q = fakeStream(false);
    await expect(reportCommand({ summary: true, quiet: true }, withProgress(q), builder)).rejects.toThrow();
    expect(q.text).toBe("");
  });

  it("gen: a line per stage on a non-terminal, nothing with --quiet, and stdout unchanged", async () => {
    const lines: string[] = [];
    const s = fakeStream(false);
    const io = { ...withProgress(s), out: (t: string) => void lines.push(t) };
    const r = await (await import("../../src/cli/main.js")).main(["gen", tls, "--out", join(scratch, "out1")], io);
    expect(r).toBe(0);
    expect(s.text).toMatch(/^gen: compiling 0\/1 \(.*paint\.tls\), \d+\.\d s\ngen: generating 0\/1 \(paint\), \d+\.\d s\ngen: generating 1\/1, \d+\.\d s\n$/);
    expect(lines.join("\n")).not.toMatch(/compiling|generating/);
    const q = fakeStream(false);
    expect(await (await import("../../src/cli/main.js")).main(["gen", tls, "--out", join(scratch, "out2"), "--quiet"], withProgress(q))).toBe(0);
    expect(q.text).toBe("");
    // the in-process helper has no progress stream: tests stay quiet by default
    expect((await runCli(["gen", tls, "--out", join(scratch, "out3")])).err).toBe("");
  });
});

describe("a failing command", () => {
  it("clears its bar before the error is printed", async () => {
    const { main } = await import("../../src/cli/main.js");
    const s = fakeStream(true, 80);
    const errors: string[] = [];
    const r = await main(["gen", join(scratch, "missing.tls"), "--out", join(scratch, "out4")], { ...withProgress(s), err: (t: string) => void errors.push(t) });
    expect(r).toBeGreaterThan(0);
    expect(errors.join("")).toMatch(/^mimi-codec: no such file/);
    expect(s.text).toContain("gen: compiling [");
    expect(s.text.endsWith("\r\x1b[2K")).toBe(true);
  });
});

function runReal(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

describe("the real CLI with stderr on a pipe", () => {
  it("prints plain progress lines on stderr, and none with --quiet", async () => {
    const loud = await runReal(["gen", tls, "--out", join(scratch, "real1")]);
    expect(loud.code, loud.err).toBe(0);
    expect(loud.err).toMatch(/^gen: compiling 0\/1 .*\ngen: generating 0\/1 \(paint\).*\ngen: generating 1\/1, .*\n$/);
    expect(loud.out).toContain("paint: 1 TPL + 0 CDDL blocks");
    const quiet = await runReal(["gen", tls, "--out", join(scratch, "real2"), "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe("");
    expect(quiet.out).toBe(loud.out.replace(/real1/g, "real2"));
  }, 60_000);
});
