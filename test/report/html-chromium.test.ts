import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, renderHtml } from "../../src/report/index.js";
import { Browser, findChromium } from "../helpers/chromium.js";
import { HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * Opens the HTML report in headless Chromium (Debian package `chromium`, or
 * $CHROMIUM) at a desktop and a phone viewport, and reads back what the
 * page's own check measured after layout: where the verdict, the summary
 * table and the first chart are, whether the page scrolls sideways, every
 * chart with its title, axis titles, legend, direction note and drawn
 * marks, the resources the page fetched, and any load failure or CSP
 * violation. Screenshots of the first screen go to test-artifacts/report/.
 */
const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn("skipping the headless Chromium check of the HTML report: no chromium on PATH (apt-get install -y chromium, or set CHROMIUM)");
if (!HAVE_DRAFTS) console.warn("skipping the headless Chromium check of the HTML report: the drafts folder is absent");

const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/report/", import.meta.url));

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}

interface ChartCheck {
  id: string;
  title: string;
  legend: string[];
  drawing: string | null;
  drawings: number;
  width: number;
  height: number;
  marks: number;
  hiddenMarks: number;
  xTitle: string;
  yTitle: string;
  direction: string[];
}

interface RenderCheck {
  charts: ChartCheck[];
  layout: { viewport: { width: number; height: number }; clientWidth: number; scrollWidth: number; verdict: Box | null; summary: Box | null; overview: Box | null };
  resources: string[];
  failures: string[];
}

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900, drawing: "wide" },
  { name: "phone", width: 400, height: 860, drawing: "narrow" },
] as const;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.skipIf(!CHROMIUM || !HAVE_DRAFTS)("HTML report in headless Chromium", () => {
  let dir: string;
  let html: string;
  let browser: Browser;
  const checks = new Map<string, RenderCheck>();
  const shots = new Map<string, Buffer>();
  let broken: RenderCheck;
  let print: { wideShown: number; narrowShown: number; closedWhilePrinting: number; closedAfter: number; closedBefore: number };
  let pdf: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mimi-report-html-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    const report = await buildReport({ quick: true, kinds: ["body", "parts"], limit: 4096, mlsVersions: ["main"] });
    html = renderHtml(report);
    const good = join(dir, "good.html");
    writeFileSync(good, html);
    // the control: a page that does try to load something from outside
    const bad = join(dir, "broken.html");
    writeFileSync(bad, html.replace("<body>", `<body><img alt="" src="http://127.0.0.1:9/missing.png">`));
    writeFileSync(join(ARTIFACTS, "size-report.html"), html);

    browser = Browser.launch(CHROMIUM!);
    for (const v of VIEWPORTS) {
      const page = await browser.page(v.width, v.height);
      await page.goto(pathToFileURL(good).href);
      checks.set(v.name, await page.evaluate<RenderCheck>("window.__reportCheck()"));
      const png = await page.screenshot();
      shots.set(v.name, png);
      writeFileSync(join(ARTIFACTS, `first-screen-${v.width}.png`), png);
      if (v.name === "desktop") {
        const closedBefore = await page.evaluate<number>(`document.querySelectorAll("details:not([open])").length`);
        const closedWhilePrinting = await page.evaluate<number>(`(dispatchEvent(new Event("beforeprint")), document.querySelectorAll("details:not([open])").length)`);
        const closedAfter = await page.evaluate<number>(`(dispatchEvent(new Event("afterprint")), document.querySelectorAll("details:not([open])").length)`);
        await page.emulatePrint(true);
        const shown = (cls: string) => `Array.prototype.filter.call(document.querySelectorAll("svg.plot.${cls}"), function (s) { return s.getClientRects().length > 0; }).length`;
        print = { wideShown: await page.evaluate<number>(shown("wide")), narrowShown: await page.evaluate<number>(shown("narrow")), closedBefore, closedWhilePrinting, closedAfter };
        pdf = await page.pdf();
        writeFileSync(join(ARTIFACTS, "size-report.pdf"), pdf);
      }
    }
    const page = await browser.page(1400, 900);
    await page.goto(pathToFileURL(bad).href);
    broken = await page.evaluate<RenderCheck>("window.__reportCheck()");
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const v of VIEWPORTS) {
    describe(`at ${v.width} x ${v.height} px`, () => {
      it("shows the verdict, the summary table and the first chart within the first screen", () => {
        const { layout } = checks.get(v.name)!;
        expect(layout.viewport).toEqual({ width: v.width, height: v.height });
        const { verdict, summary, overview } = layout;
        for (const [name, b] of Object.entries({ verdict, summary, overview })) {
          expect(b, name).not.toBeNull();
          expect(b!.top, name).toBeGreaterThanOrEqual(0);
          expect(b!.bottom, `${name} ends at ${b!.bottom} px`).toBeLessThanOrEqual(v.height);
          expect(b!.left, name).toBeGreaterThanOrEqual(0);
          expect(b!.right, name).toBeLessThanOrEqual(v.width);
          expect(b!.height, name).toBeGreaterThan(50);
        }
        // in reading order: the answer, then the table, then the chart
        expect(verdict!.bottom).toBeLessThanOrEqual(summary!.top);
        expect(summary!.bottom).toBeLessThanOrEqual(overview!.top);
      });

      it("does not scroll sideways", () => {
        const { layout } = checks.get(v.name)!;
        expect(layout.clientWidth).toBe(v.width);
        expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
      });

      it("draws every chart for this width, each with a title, axis titles with units, a legend and the direction that favours each format", () => {
        const { charts } = checks.get(v.name)!;
        const figures = (html.match(/<figure class="chart"/g) ?? []).length;
        expect(figures).toBeGreaterThanOrEqual(15);
        expect(charts).toHaveLength(figures);
        expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(["overview", "sizes-main", "diff-03-tpl", "constructs", "scaling-body", "scaling-parts"]));
        for (const c of charts) {
          expect(c.drawings, c.id).toBe(2);
          expect(c.drawing, c.id).toBe(`${c.id}-${v.drawing}`);
          expect(c.width, c.id).toBeGreaterThan(200);
          expect(c.width, c.id).toBeLessThanOrEqual(v.width);
          expect(c.height, c.id).toBeGreaterThan(100);
          expect(c.marks, c.id).toBeGreaterThan(0);
          expect(c.title.length, c.id).toBeGreaterThan(10);
          expect(c.legend.length, c.id).toBeGreaterThan(0);
          expect(c.xTitle.length, c.id).toBeGreaterThan(3);
          expect(c.yTitle.length, c.id).toBeGreaterThan(3);
          // the value axis carries a unit
          expect(`${c.xTitle} | ${c.yTitle}`, c.id).toMatch(/\((?:bytes|count)\b[^)]*\)/);
          expect(c.direction.length, c.id).toBeGreaterThan(0);
          if (/TPL \u2212 CBOR/.test(`${c.xTitle} ${c.yTitle}`)) {
            expect(c.direction.join(" "), c.id).toMatch(/TPL smaller/);
            expect(c.direction.join(" "), c.id).toMatch(/CBOR smaller/);
          }
          // overlapping series stay visible: no marker lies exactly on another
          expect(c.hiddenMarks, c.id).toBe(0);
        }
      });

      it(`wrote a screenshot of the first screen (test-artifacts/report/first-screen-${v.width}.png)`, () => {
        const png = shots.get(v.name)!;
        expect(pngSize(png)).toEqual({ width: v.width, height: v.height });
        expect(png.length).toBeGreaterThan(20_000);
      });
    });
  }

  it("loads nothing from outside", () => {
    const c = checks.get("desktop")!;
    expect(c.resources).toEqual([]);
    expect(c.failures).toEqual([]);
  });

  it("the page's check does notice a resource that fails to load", () => {
    expect(broken.failures.some((f) => f.includes("127.0.0.1:9/missing.png")), broken.failures.join("; ")).toBe(true);
    expect(broken.charts.length).toBe(checks.get("desktop")!.charts.length);
  });

  it("prints: the wide drawings on paper, every <details> open while printing, several A4 pages", () => {
    const figures = (html.match(/<figure class="chart"/g) ?? []).length;
    expect(print.wideShown).toBe(figures);
    expect(print.narrowShown).toBe(0);
    expect(print.closedBefore).toBeGreaterThan(10);
    expect(print.closedWhilePrinting).toBe(0);
    expect(print.closedAfter).toBe(print.closedBefore);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThan(5);
  });
});
