/**
 * The shell of the HTML report: one self-contained page (inline CSS, inline
 * SVG, no external resource of any kind; a Content-Security-Policy of
 * `default-src 'none'` makes sure), responsive down to 400 px without the
 * page scrolling sideways (wide tables scroll in their own box), and
 * printable (print stylesheet; closed <details> open while printing).
 *
 * A small script measures the page after layout and writes the result,
 * with any load failure or CSP violation, into #render-check (and returns
 * it from window.__reportCheck()), which the headless-Chromium test reads.
 */
import { escapeHtml as h } from "./format.js";

const CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1120px; padding: 10px 16px 40px; color: #222; background: #fff; overflow-wrap: break-word; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: .3rem 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin: 1.8rem 0 .4rem; }
p { margin: .5rem 0; }
code { font-size: .92em; overflow-wrap: anywhere; }
a { color: #005a8c; }
.verdict { font-size: 1.08rem; font-weight: 600; line-height: 1.45; margin: 0 0 .7rem; padding: .45rem .8rem; border-left: 4px solid #0072b2; background: #eef5fa; }
.note, .chart-note { color: #555; font-size: 13px; }
.scroll { overflow-x: auto; max-width: 100%; margin: .4rem 0 .9rem; }
/* a shadow at an edge the table continues past (the white covers scroll with the content, the shadows stay) */
.scroll { background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)), linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0, radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.22), rgba(0,0,0,0)), radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) 100% 0; background-repeat: no-repeat; background-size: 36px 100%, 36px 100%, 12px 100%, 12px 100%; background-attachment: local, local, scroll, scroll; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; vertical-align: top; white-space: nowrap; }
th { background: #f3f3f3; font-weight: 600; }
#summary-table th { white-space: normal; min-width: 4.5em; }
td.l, th.l { text-align: left; }
td.wrap { white-space: normal; min-width: 16em; max-width: 30em; }
#summary-table th:first-child, #summary-table td:first-child { position: sticky; left: 0; z-index: 1; }
#summary-table td:first-child { background: #fff; }
figure.chart { margin: .6rem 0 1.4rem; max-width: 760px; }
.chart-title { font-weight: 700; font-size: .98rem; }
ul.legend { list-style: none; padding: 0; margin: .25rem 0 .3rem; display: flex; flex-wrap: wrap; gap: .15rem 1.1rem; font-size: 13px; }
ul.legend li { display: flex; align-items: center; gap: .35rem; }
svg.swatch { flex: none; }
svg.plot { display: block; max-width: 100%; height: auto; }
svg.narrow { display: none; }
nav.toc { margin: 1.6rem 0 0; padding: .2rem 1rem .6rem; border: 1px solid #ddd; background: #fafafa; }
nav.toc h2 { margin: .6rem 0 .3rem; border: 0; font-size: 1.05rem; }
nav.toc ol { margin: .2rem 0; padding-left: 1.4rem; }
details { margin: .3rem 0; }
summary { cursor: pointer; }
#render-check { display: none; }
@media (max-width: 720px) {
  body { font-size: 14px; padding: 6px 10px 32px; }
  h1 { font-size: 1.18rem; }
  .verdict { font-size: .97rem; padding: .4rem .6rem; }
  table { font-size: 12px; }
  th, td { padding: 2px 5px; }
  #summary-table th { white-space: nowrap; min-width: 0; }
  svg.wide { display: none; }
  svg.narrow { display: block; }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .verdict { background: none; }
  svg.wide { display: block !important; }
  svg.narrow { display: none !important; }
  .scroll { overflow: visible; background: none; }
  table { font-size: 7.5pt; }
  th, td { white-space: normal; padding: 1px 3px; }
  #summary-table th:first-child, #summary-table td:first-child { position: static; }
  figure.chart, tr, .verdict, ul.legend { break-inside: avoid; }
  h2, h3, figcaption { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.toc { break-inside: avoid; }
}
`;

/** Registered first, so a failing load or a blocked resource is recorded. */
const WATCH = `window.__reportFailures = [];
addEventListener("error", function (e) { var t = e.target; window.__reportFailures.push(t && t !== window ? "load failed: " + (t.src || t.href || t.tagName) : "script error: " + e.message); }, true);
document.addEventListener("securitypolicyviolation", function (e) { window.__reportFailures.push("blocked: " + e.blockedURI); });`;

/** Runs after the page is parsed; getBoundingClientRect forces layout. Also opens every <details> while printing. */
const CHECK = `(function () {
  function box(el) {
    if (!el) return null;
    var b = el.getBoundingClientRect();
    return { top: Math.round(b.top + scrollY), bottom: Math.round(b.bottom + scrollY), left: Math.round(b.left), right: Math.round(b.right), width: Math.round(b.width), height: Math.round(b.height) };
  }
  function texts(root, sel) { return Array.prototype.map.call(root.querySelectorAll(sel), function (e) { return e.textContent; }); }
  function shown(el) { return el.getClientRects().length > 0; }
  // markers and bars (not lines) centred within 2 px of another one: data drawn on top of each other
  function hidden(svg) {
    var centres = [], n = 0;
    Array.prototype.forEach.call(svg.querySelectorAll(".mark:not(polyline)"), function (m) {
      var b = m.getBBox(), x = b.x + b.width / 2, y = b.y + b.height / 2;
      if (centres.some(function (c) { return Math.abs(c[0] - x) < 2 && Math.abs(c[1] - y) < 2; })) n++;
      centres.push([x, y]);
    });
    return n;
  }
  window.__reportCheck = function () {
    var charts = Array.prototype.map.call(document.querySelectorAll("figure.chart"), function (f) {
      var svg = Array.prototype.filter.call(f.querySelectorAll("svg.plot"), shown)[0] || null;
      var b = box(svg) || { width: 0, height: 0 };
      return {
        id: f.id, title: (f.querySelector(".chart-title") || {}).textContent || "", legend: texts(f, ".legend li"),
        drawing: svg ? svg.id : null, drawings: f.querySelectorAll("svg.plot").length, width: b.width, height: b.height,
        marks: svg ? svg.querySelectorAll(".mark").length : 0, hiddenMarks: svg ? hidden(svg) : 0,
        xTitle: svg ? texts(svg, ".axis-title.x").join(" ") : "", yTitle: svg ? texts(svg, ".axis-title.y").join(" ") : "",
        direction: svg ? texts(svg, ".direction") : []
      };
    });
    var d = document.documentElement;
    return {
      charts: charts,
      layout: { viewport: { width: innerWidth, height: innerHeight }, clientWidth: d.clientWidth, scrollWidth: d.scrollWidth,
        verdict: box(document.getElementById("verdict")), summary: box((document.getElementById("summary-table") || {}).parentElement), overview: box(document.getElementById("overview")) },
      resources: performance.getEntriesByType("resource").map(function (r) { return r.name; }),
      failures: window.__reportFailures || []
    };
  };
  function write() {
    var out = document.getElementById("render-check");
    out.textContent = JSON.stringify(window.__reportCheck());
    out.setAttribute("data-state", document.readyState);
  }
  write();
  addEventListener("load", write);
  var opened = [];
  addEventListener("beforeprint", function () { opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (x) { x.open = true; return true; }); });
  addEventListener("afterprint", function () { opened.forEach(function (x) { x.open = false; }); opened = []; });
})();`;

/** The whole page around `body`. */
export function htmlPage(title: string, body: string): string {
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${h(title)}</title><style>${CSS}</style><script>${WATCH}</script></head>`,
    `<body>${body}<pre id="render-check"></pre><script>${CHECK}</script></body></html>`,
    "",
  ].join("\n");
}

/** A table; `leftCols` columns align left; `wrap` marks columns whose cells may wrap (long prose). */
export function htmlTable(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>, options: { leftCols?: number; wrap?: readonly number[]; id?: string } = {}): string {
  const left = options.leftCols ?? 1;
  const cls = (i: number, cell: boolean) => {
    const c = [i < left || options.wrap?.includes(i) ? "l" : "", cell && options.wrap?.includes(i) ? "wrap" : ""].filter(Boolean).join(" ");
    return c ? ` class="${c}"` : "";
  };
  const id = options.id ? ` id="${h(options.id)}"` : "";
  return `<div class="scroll"><table${id}><thead><tr>${head.map((c, i) => `<th${cls(i, false)}>${h(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i, true)}>${h(String(c))}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}
