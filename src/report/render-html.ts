/**
 * The size report as one HTML page for people. The first screen answers the
 * question: the verdict in one sentence, the summary table and one chart of
 * every message; the details follow under a table of contents: the
 * findings, each corpus message by message, the conversation on the wire,
 * where the bytes go, how the difference scales, and the method.
 */
import type { Row } from "./breakdown.js";
import { describeRuns } from "./conclusion.js";
import { delta, escapeHtml as h, pair, signed, split, summaryRows } from "./format.js";
import { htmlPage, htmlTable } from "./html-page.js";
import type { Measurement } from "./measure.js";
import { constructsChart, diffChart, overviewChart, scalingChart, sizesChart } from "./report-charts.js";
import type { GroupSummary, SizeReport } from "./report.js";
import type { SeriesKind, SeriesResult } from "./scaling.js";

const anchor = (id: string) => id.replace(/[^a-z0-9]/gi, "-");

function rowsTable(rows: readonly Row[], first: string): string {
  return htmlTable(
    [first, "n", "TPL framing + payload", "CBOR framing + payload", "TPL - CBOR"],
    rows.map((r) => [r.name, r.occurrences, split(r.tpl), split(r.cbor), signed(r.tpl.framing + r.tpl.payload - r.cbor.framing - r.cbor.payload)]),
  );
}

function groupSection(g: GroupSummary, ms: readonly Measurement[]): string {
  const id = anchor(g.id);
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
    `<section id="group-${id}"><h3>${h(g.title)}</h3><p class="note">${h(g.description)}. Types defined in ${g.definedIn.toUpperCase()}.</p>` +
    sizesChart(g, ms, id) +
    diffChart(g, ms, id) +
    htmlTable(["message", "TPL", "CBOR", "det. CBOR", "TPL - CBOR", "TPL framing + payload", "CBOR framing + payload", "MLS, no padding", "MLS, default padding", "source"], rows, { wrap: [9] }) +
    perField +
    `</section>`
  );
}

function scalingSection(kind: SeriesKind, series: readonly SeriesResult[]): string {
  const first = series[0];
  if (!first) return "";
  const details = series
    .map((s) => {
      const metrics = s.metrics
        .map(
          (m) =>
            `<p>${h(m.metric)} (${h(m.method)}): ${h(describeRuns(m))}</p>` +
            htmlTable(["n", "TPL - CBOR", "per unit"], m.segments.map((g) => [g.from === g.to ? String(g.from) : `${g.from}..${g.to}`, g.diffFrom === g.diffTo ? signed(g.diffFrom) : `${signed(g.diffFrom)} .. ${signed(g.diffTo)}`, signed(g.slope)])),
        )
        .join("");
      const growth = s.growth ? `<p>Framing grows at n = ${h(s.growth.tpl.join(", "))} (TPL) and ${h(s.growth.cbor.join(", "))} (CBOR).</p>` : "";
      return `<details><summary>${h(s.version)}: ${s.from}..${s.to}, per unit TPL ${s.slope.tpl} B, CBOR ${s.slope.cbor} B</summary>${growth}${metrics}</details>`;
    })
    .join("");
  return `<section id="scaling-${kind}-section"><h3>${h(first.title)}</h3>${scalingChart(kind, series)}${details}</section>`;
}

function conversationSection(r: SizeReport): string {
  const conv = r.groups.find((g) => g.id === "conversation");
  if (!conv?.wire) return "";
  return (
    `<section id="conversation"><h2>The conversation on the wire</h2><p class="note">${h(r.inputs.conversation)}; default padding; TPL / CBOR content (difference).</p>` +
    htmlTable(
      ["message", "content", "MLSMessage", "SubmitMessageRequest", "FanoutMessage"],
      [
        ...r.messages.filter((m) => m.group === "conversation").map((m) => [m.label, pair(m), pair(m.mls?.default), pair(m.wire?.submit), pair(m.wire?.fanout)]),
        ["total", pair(conv), pair(conv.mls?.default), pair(conv.wire.submit), pair(conv.wire.fanout)],
      ],
    ) +
    `</section>`
  );
}

function contents(r: SizeReport, kinds: readonly SeriesKind[]): string {
  const item = (href: string, label: string, sub = "") => `<li><a href="#${href}">${h(label)}</a>${sub}</li>`;
  const groups = `<ol>${r.groups.map((g) => item(`group-${anchor(g.id)}`, g.title)).join("")}</ol>`;
  const series = kinds.length > 0 ? `<ol>${kinds.map((k) => item(`scaling-${k}-section`, r.scaling.find((s) => s.kind === k)?.title ?? k)).join("")}</ol>` : "";
  return (
    `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ol>` +
    item("findings", "Findings") +
    item("messages", "Messages, corpus by corpus", groups) +
    (r.groups.some((g) => g.id === "conversation" && g.wire) ? item("conversation", "The conversation on the wire") : "") +
    item("bytes", "Where the bytes go") +
    (kinds.length > 0 ? item("scaling", "Scaling", series) : "") +
    item("method", "Method and checks") +
    `</ol></nav>`
  );
}

export function renderHtml(r: SizeReport): string {
  const t = summaryRows(r.groups);
  const kinds = [...new Set(r.scaling.map((s) => s.kind))];
  const body = [
    `<header><h1>${h(r.title)}</h1><p class="verdict" id="verdict">${h(r.conclusion.headline)}</p></header>`,
    `<section id="summary" aria-label="Summary">`,
    htmlTable(t.head, t.rows, { leftCols: 2, id: "summary-table" }),
    overviewChart(r),
    `<p class="note">The table: bytes of every message each corpus sends (implied values left out); TPL - CBOR with its percent of the CBOR size; how many messages are smaller / equal / larger in TPL; the same after MLS framing (${h(r.inputs.mls)}), without padding and ${h(r.inputs.padding.default)}. ` +
      `The chart: each message's TPL - CBOR, and the same for its MLSMessage with default padding; "MLS, MIMI" are the MLS and MIMI protocol messages themselves (not carried as content).</p>`,
    `</section>`,
    contents(r, kinds),
    `<section id="findings"><h2>Findings</h2>`,
    `<p><strong>The 2024 finding (TPL slightly smaller in some cases): ${h(r.conclusion.finding2024.verdict)}.</strong></p>`,
    ...r.conclusion.paragraphs.map((p) => `<p>${h(p)}</p>`),
    `</section>`,
    `<section id="messages"><h2>Messages, corpus by corpus</h2><p class="note">Framing + payload: bytes a format spends on its own structure (TPL length prefixes and presence octets; CBOR heads, map keys, tags, nulls) plus the bytes carrying the value.</p>`,
    ...r.groups.map((g) => groupSection(g, r.messages.filter((m) => m.group === g.id))),
    `</section>`,
    conversationSection(r),
    `<section id="bytes"><h2>Where the bytes go</h2>${constructsChart(r.constructs)}${rowsTable(r.constructs, "construct")}</section>`,
    ...(kinds.length > 0
      ? [`<section id="scaling"><h2>Scaling</h2><p class="note">Each series varies one thing in a version's original example.</p>`, ...kinds.map((k) => scalingSection(k, r.scaling.filter((s) => s.kind === k))), `</section>`]
      : []),
    `<section id="method"><h2>Method and checks</h2>`,
    `<p>Generated by <code>mimi-codec report</code>. Every size is the length of an encoding by the generated codecs or by ts-mls (${h(r.inputs.mls)}). Percentages are ${h(r.inputs.percentBase)}. MLS: ${h(r.inputs.padding.none)}; ${h(r.inputs.padding.default)}.</p>`,
    `<p>For all ${r.checked.messages} messages the IR walk's framing + payload equals the encoded size in both formats (${r.checked.bytes} bytes checked).</p>`,
    `</section>`,
  ].join("\n");
  return htmlPage(r.title, body);
}
