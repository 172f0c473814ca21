import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, renderHtml } from "../../src/report/index.js";
import { HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * Opens the HTML report in headless Chromium (Debian package `chromium`, or
 * $CHROMIUM) and reads back what the page's own check script measured after
 * layout: every SVG chart with its bounding box and number of drawn marks,
 * the resources the page fetched, and any load failure or CSP violation.
 */
function findChromium(): string | null {
  const candidates = [process.env["CHROMIUM"], "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].filter((c): c is string => !!c);
  for (const c of candidates) {
    const r = spawnSync(c, ["--version"], { encoding: "utf8", timeout: 20_000 });
    if (r.status === 0) return c;
  }
  return null;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn("skipping the headless Chromium check of the HTML report: no chromium on PATH (apt-get install -y chromium, or set CHROMIUM)");
if (!HAVE_DRAFTS) console.warn("skipping the headless Chromium check of the HTML report: the drafts folder is absent");

interface RenderCheck {
  charts: Array<{ id: string; width: number; height: number; marks: number }>;
  resources: string[];
  failures: string[];
}

/** Chromium's --dump-dom of a page, run asynchronously so two pages load side by side. */
function dumpDom(file: string, profile: string): Promise<{ stdout: string; stderr: string; status: number | null }> {
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    `--user-data-dir=${profile}`,
    "--window-size=1200,900",
    "--dump-dom",
    pathToFileURL(file).href,
  ];
  return new Promise((resolve, reject) => {
    const p = spawn(CHROMIUM!, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => p.kill("SIGKILL"), 90_000);
    p.on("error", reject);
    p.on("close", (status) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status });
    });
  });
}

function renderCheck(r: { stdout: string; stderr: string; status: number | null }): RenderCheck {
  const m = /<pre id="render-check"[^>]*>([^<]*)<\/pre>/.exec(r.stdout);
  if (!m) throw new Error(`no #render-check in the dumped DOM (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const text = m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return JSON.parse(text) as RenderCheck;
}

describe.skipIf(!CHROMIUM || !HAVE_DRAFTS)("HTML report in headless Chromium", () => {
  let dir: string;
  let html: string;
  let good: RenderCheck;
  let broken: RenderCheck;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mimi-report-html-"));
    const report = await buildReport({ quick: true, kinds: ["body", "parts"], limit: 4096, mlsVersions: ["main"] });
    html = renderHtml(report);
    const pages = {
      good: html,
      // the control: a page that does try to load something from outside
      broken: html.replace("<body>", `<body><img alt="" src="http://127.0.0.1:9/missing.png">`),
    };
    const [g, b] = await Promise.all(
      Object.entries(pages).map(([name, page]) => {
        const file = join(dir, `${name}.html`);
        writeFileSync(file, page);
        return dumpDom(file, join(dir, `profile-${name}`));
      }),
    );
    good = renderCheck(g!);
    broken = renderCheck(b!);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("renders every chart with a non-zero size, and loads nothing from outside", () => {
    const expected = (html.match(/<svg class="chart"/g) ?? []).length;
    expect(expected).toBeGreaterThanOrEqual(15);
    expect(good.charts).toHaveLength(expected);
    for (const c of good.charts) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.height, c.id).toBeGreaterThan(50);
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
    expect(good.charts.map((c) => c.id)).toEqual(expect.arrayContaining(["sizes-main", "diff-03-tpl", "constructs", "scaling-body", "scaling-parts"]));
    expect(good.resources).toEqual([]);
    expect(good.failures).toEqual([]);
  });

  it("the page's check does notice a resource that fails to load", () => {
    expect(broken.failures.some((f) => f.includes("127.0.0.1:9/missing.png")), broken.failures.join("; ")).toBe(true);
    expect(broken.charts.length).toBe(good.charts.length);
  });
});
