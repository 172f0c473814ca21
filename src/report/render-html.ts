/**
 * The size report as one self-contained HTML page: inline CSS, inline SVG
 * charts, no external resource of any kind (a Content-Security-Policy of
 * `default-src 'none'` makes sure), so it opens offline. A small script
 * measures every chart's bounding box after layout and writes the result,
 * with any load failure or CSP violation, into #render-check, which the
 * headless-Chromium test reads from the dumped DOM.
 */
import type { Row } from "./breakdown.js";
import { describeRuns } from "./conclusion.js";
import { delta, escapeHtml as h, pair, signed, split, summaryRows } from "./format.js";
import type { Measurement } from "./measure.js";
import type { GroupSummary, SizeReport } from "./report.js";
import type { SeriesKind, SeriesResult } from "./scaling.js";
import { COLORS, barChart, lineChart, type LineSeries } from "./svg-charts.js";

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: 12.5px; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } td.l, th.l { text-align: left; }
figure { margin: 1rem 0; overflow-x: auto; } svg.chart { display: block; max-width: 100%; height: auto; }
details { margin: .3rem 0; } summary { cursor: pointer; }
.verdict { font-weight: bold; } .note { color: #555; font-size: 12.5px; }
#render-check { display: none; }
`;

/** Registered first, so a failing load or a blocked resource is recorded. */
const WATCH = `window.__reportFailures = [];
addEventListener("error", function (e) { var t = e.target; window.__reportFailures.push(t && t !== window ? "load failed: " + (t.src || t.href || t.tagName) : "script error: " + e.message); }, true);
document.addEventListener("securitypolicyviolation", function (e) { window.__reportFailures.push("blocked: " + e.blockedURI); });`;

/** Runs after the charts are parsed; getBoundingClientRect forces layout. */
const CHECK = `(function () {
  function check() {
    var charts = Array.prototype.map.call(document.querySelectorAll("svg.chart"), function (s) {
      var b = s.getBoundingClientRect();
      return { id: s.id, width: Math.round(b.width), height: Math.round(b.height), marks: s.querySelectorAll(".mark").length };
    });
    var resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
    var out = document.getElementById("render-check");
    out.textContent = JSON.stringify({ charts: charts, resources: resources, failures: window.__reportFailures || [] });
    out.setAttribute("data-state", document.readyState);
  }
  check();
  addEventListener("load", check);
})();`;

function table(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>, leftCols = 1): string {
  const cls = (i: number) => (i < leftCols ? ` class="l"` : "");
  return `<table><thead><tr>${head.map((c, i) => `<th${cls(i)}>${h(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${h(String(c))}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function rowsTable(rows: readonly Row[], first: string): string {
  return table(
    [first, "n", "TPL framing + payload", "CBOR framing + payload", "TPL - CBOR"],
    rows.map((r) => [r.name, r.occurrences, split(r.tpl), split(r.cbor), signed(r.tpl.framing + r.tpl.payload - r.cbor.framing - r.cbor.payload)]),
  );
}

function groupSection(g: GroupSummary, ms: readonly Measurement[]): string {
  const id = g.id.replace(/[^a-z0-9]/gi, "-");
  const sent = ms.filter((m) => m.kind !== "implied");
  const sizes = barChart(`sizes-${id}`, `${g.title}: encoded size per message`, ms.map((m) => ({ label: m.label, values: [m.tpl, m.cbor] })), [
    { name: "TPL", color: COLORS.tpl },
    { name: "CBOR", color: COLORS.cbor },
  ]);
  const framed = sent.filter((m) => m.mls);
  const diffs = barChart(
    `diff-${id}`,
    `${g.title}: TPL - CBOR, before and after MLS framing`,
    sent.map((m) => ({ label: m.label, values: framed.length > 0 ? [m.diff, m.mls ? m.mls.none.tpl - m.mls.none.cbor : 0, m.mls ? m.mls.default.tpl - m.mls.default.cbor : 0] : [m.diff] })),
    framed.length > 0
      ? [
          { name: "content", color: COLORS.extra[0] },
          { name: "MLS, no padding", color: COLORS.extra[1] },
          { name: "MLS, default padding", color: COLORS.extra[3] },
        ]
      : [{ name: "content", color: COLORS.extra[0] }],
  );
  const rows = ms.map((m) => [
    m.kind === "implied" ? `${m.label} (not sent)` : m.label,
    m.tpl,
    m.cbor,
    m.cborDeterministic,
    delta(m.tpl, m.cbor),
    split(m.framing.tpl),
    split(m.framing.cbor),
    pair(m.mls?.none),
    pair(m.mls?.default),
    m.source,
  ]);
  const perField = ms.map((m) => `<details><summary>${h(m.label)}: per field and per construct</summary>${rowsTable(m.fields, "field")}${rowsTable(m.constructs, "construct")}</details>`).join("");
  return (
    `<h3 id="group-${id}">${h(g.title)}</h3><p class="note">${h(g.description)}. Types defined in ${g.definedIn.toUpperCase()}.</p>` +
    `<figure>${sizes}</figure><figure>${diffs}</figure>` +
    table(["message", "TPL", "CBOR", "det. CBOR", "TPL - CBOR", "TPL framing + payload", "CBOR framing + payload", "MLS, no padding", "MLS, default padding", "source"], rows) +
    perField
  );
}

const VERSION_COLORS: Record<string, string> = { main: COLORS.tpl, "04": COLORS.cbor, "03-tpl": COLORS.extra[0] };

function scalingSection(kind: SeriesKind, series: readonly SeriesResult[]): string {
  const first = series[0];
  if (!first) return "";
  const lines: LineSeries[] = [];
  for (const s of series) {
    lines.push({ name: `${s.version}: content`, color: VERSION_COLORS[s.version] ?? COLORS.axis, points: s.points.map((p) => [p.n, p.diff] as const) });
    const padded = s.points.filter((p) => p.mls?.default);
    if (padded.length > 0) lines.push({ name: `${s.version}: MLS, default padding`, color: VERSION_COLORS[s.version] ?? COLORS.axis, dashed: true, points: padded.map((p) => [p.n, p.mls!.default!.diff] as const) });
  }
  const chart = lineChart(`scaling-${kind}`, `TPL - CBOR by ${first.title}`, first.unit + (kind === "body" ? " (log scale)" : ""), "TPL - CBOR (bytes)", lines, { logX: kind === "body", step: kind === "body" });
  const details = series
    .map((s) => {
      const metrics = s.metrics
        .map((m) => `<p>${h(m.metric)} (${h(m.method)}): ${h(describeRuns(m))}</p>` + table(["n", "TPL - CBOR", "per unit"], m.segments.map((g) => [g.from === g.to ? String(g.from) : `${g.from}..${g.to}`, g.diffFrom === g.diffTo ? signed(g.diffFrom) : `${signed(g.diffFrom)} .. ${signed(g.diffTo)}`, signed(g.slope)])))
        .join("");
      return `<details><summary>${h(s.version)}: ${s.from}..${s.to}, per unit TPL ${s.slope.tpl} B, CBOR ${s.slope.cbor} B</summary>${s.growth ? `<p>Framing grows at n = ${h(s.growth.tpl.join(", "))} (TPL) and ${h(s.growth.cbor.join(", "))} (CBOR).</p>` : ""}${metrics}</details>`;
    })
    .join("");
  return `<h3>${h(first.title)}</h3><figure>${chart}</figure>${details}`;
}

export function renderHtml(r: SizeReport): string {
  const t = summaryRows(r.groups);
  const top = [...r.constructs].filter((c) => c.tpl.framing + c.tpl.payload !== c.cbor.framing + c.cbor.payload);
  const constructChart = barChart(
    "constructs",
    "TPL - CBOR per construct, over the corpus",
    top.map((c) => ({ label: c.name, values: [c.tpl.framing + c.tpl.payload - c.cbor.framing - c.cbor.payload] })),
    [{ name: "TPL - CBOR (bytes; negative favours TPL)", color: COLORS.extra[1] }],
  );
  const kinds = [...new Set(r.scaling.map((s) => s.kind))];
  const conv = r.groups.find((g) => g.id === "conversation");
  const convTable = conv?.wire
    ? `<h2>The conversation on the wire</h2><p class="note">${h(r.inputs.conversation)}; default padding; TPL / CBOR content (difference).</p>` +
      table(
        ["message", "content", "MLSMessage", "SubmitMessageRequest", "FanoutMessage"],
        [
          ...r.messages.filter((m) => m.group === "conversation").map((m) => [m.label, pair(m), pair(m.mls?.default), pair(m.wire?.submit), pair(m.wire?.fanout)]),
          ["total", pair(conv), pair(conv.mls?.default), pair(conv.wire.submit), pair(conv.wire.fanout)],
        ],
      )
    : "";
  const body = [
    `<h1>${h(r.title)}</h1>`,
    `<p class="note">Generated by <code>mimi-codec report</code>. Every size is the length of an encoding by the generated codecs or by ts-mls (${h(r.inputs.mls)}). Percentages are ${h(r.inputs.percentBase)}. MLS: ${h(r.inputs.padding.none)}; ${h(r.inputs.padding.default)}.</p>`,
    `<h2>Conclusion</h2><p class="verdict">The 2024 finding (TPL slightly smaller in some cases): ${h(r.conclusion.finding2024.verdict)}.</p>`,
    ...r.conclusion.paragraphs.map((p) => `<p>${h(p)}</p>`),
    `<h2 id="summary">Summary</h2>`,
    table(t.head, t.rows, 2),
    `<h2>Messages</h2><p class="note">Framing + payload: bytes a format spends on its own structure (TPL length prefixes and presence octets; CBOR heads, map keys, tags, nulls) plus the bytes carrying the value.</p>`,
    ...r.groups.map((g) => groupSection(g, r.messages.filter((m) => m.group === g.id))),
    convTable,
    `<h2 id="bytes">Where the bytes go</h2><figure>${constructChart}</figure>`,
    rowsTable(r.constructs, "construct"),
    ...(kinds.length > 0 ? [`<h2 id="scaling">Scaling</h2><p class="note">Dashed: the MLSMessage with ts-mls's default padding.</p>`, ...kinds.map((k) => scalingSection(k, r.scaling.filter((s) => s.kind === k)))] : []),
    `<h2>Method and checks</h2><p>For all ${r.checked.messages} messages the IR walk's framing + payload equals the encoded size in both formats (${r.checked.bytes} bytes checked).</p>`,
    `<pre id="render-check"></pre>`,
  ].join("\n");
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${h(r.title)}</title><style>${CSS}</style><script>${WATCH}</script></head>`,
    `<body>${body}<script>${CHECK}</script></body></html>`,
    "",
  ].join("\n");
}
