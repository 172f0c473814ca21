/**
 * The charts of the HTML report, from the report's numbers: what each one
 * shows, its title, axis titles with units, legend, and which direction
 * favours which format. The drawing is in chart-*.ts.
 */
import type { Row } from "./breakdown.js";
import { barChart } from "./chart-bars.js";
import { dotChart, type DotSeries } from "./chart-dots.js";
import { PALETTE, figure, type Shape } from "./chart-kit.js";
import { lineChart, type LineSeries } from "./chart-lines.js";
import { DIFF_DIRECTION } from "./chart-rows.js";
import type { GroupId } from "./corpus.js";
import type { Measurement } from "./measure.js";
import type { GroupSummary, SizeReport } from "./report.js";
import type { SeriesKind, SeriesResult } from "./scaling.js";

const MINUS = "\u2212";

/** Short corpus names for chart rows. */
const SHORT: Readonly<Record<GroupId, string>> = { "03-tpl": "03, TPL", "03-cddl": "03, CDDL", "04": "04", main: "main", conversation: "conversation", protocol: "MLS, MIMI" };

const CONTENT: DotSeries = { name: "the message as encoded", color: PALETTE.ink, shape: "circle", hollow: false };
const MLS_NONE: DotSeries = { name: "in an MLSMessage, no padding", color: PALETTE.green, shape: "triangle", hollow: true };
const MLS_DEFAULT: DotSeries = { name: "in an MLSMessage, default padding (to 256 bytes)", color: PALETTE.purple, shape: "diamond", hollow: true };

const mlsDiff = (m: Measurement, p: "none" | "default") => (m.mls ? m.mls[p].tpl - m.mls[p].cbor : null);
const sent = (ms: readonly Measurement[]) => ms.filter((m) => m.kind !== "implied");

/** The first-screen chart: every message of every corpus, TPL − CBOR, as sent and after MLS with padding. */
export function overviewChart(r: SizeReport): string {
  const rows = r.groups.map((g) => {
    const ms = sent(r.messages.filter((m) => m.group === g.id));
    return { label: SHORT[g.id], values: [ms.map((m) => m.diff), ms.map((m) => mlsDiff(m, "default")).filter((d): d is number => d !== null)] };
  });
  const chart = dotChart(rows, [{ ...CONTENT, name: "a message (a number: that many)" }, { ...MLS_DEFAULT, name: "inside MLS, padded to 256 bytes" }], {
    xTitle: `TPL ${MINUS} CBOR per message (bytes)`,
    yTitle: "corpus",
    direction: DIFF_DIRECTION,
    unit: "bytes",
    item: "message",
  });
  return figure("overview", `TPL ${MINUS} CBOR of every message, by corpus`, chart);
}

export function sizesChart(g: GroupSummary, ms: readonly Measurement[], id: string): string {
  const chart = barChart(
    ms.map((m) => ({ label: m.kind === "implied" ? `${m.label} (not sent)` : m.label, values: [m.tpl, m.cbor] })),
    [
      { name: "TPL", color: PALETTE.tpl },
      { name: "CBOR", color: PALETTE.cbor },
    ],
    { xTitle: "encoded size (bytes)", yTitle: "message", direction: { text: "shorter bar: fewer bytes" }, unit: "bytes" },
  );
  return figure(`sizes-${id}`, `${g.title}: encoded size of each message`, chart);
}

export function diffChart(g: GroupSummary, ms: readonly Measurement[], id: string): string {
  const list = sent(ms);
  const framed = list.some((m) => m.mls);
  const series = framed ? [CONTENT, MLS_NONE, MLS_DEFAULT] : [CONTENT];
  const rows = list.map((m) => ({
    label: m.label,
    values: framed ? [[m.diff], ...(["none", "default"] as const).map((p) => (m.mls ? [mlsDiff(m, p)!] : []))] : [[m.diff]],
  }));
  const chart = dotChart(rows, series, { xTitle: `TPL ${MINUS} CBOR (bytes)`, yTitle: "message", direction: DIFF_DIRECTION, unit: "bytes", item: "message" });
  return figure(`diff-${id}`, framed ? `${g.title}: TPL ${MINUS} CBOR per message, alone and inside MLS` : `${g.title}: TPL ${MINUS} CBOR per message`, chart);
}

const net = (c: Row) => c.tpl.framing + c.tpl.payload - c.cbor.framing - c.cbor.payload;

export function constructsChart(constructs: readonly Row[]): string {
  const rows = constructs.filter((c) => net(c) !== 0);
  const chart = barChart(
    rows.map((c) => ({ label: c.name, values: [net(c)], colors: [net(c) < 0 ? PALETTE.tpl : PALETTE.cbor] })),
    [{ name: `TPL ${MINUS} CBOR`, color: PALETTE.tpl }],
    {
      xTitle: `TPL ${MINUS} CBOR, all occurrences together (bytes)`,
      yTitle: "construct",
      direction: DIFF_DIRECTION,
      unit: "bytes",
      legend: [
        { label: "the construct costs CBOR more bytes (favours TPL)", swatch: { kind: "bar", color: PALETTE.tpl } },
        { label: "the construct costs TPL more bytes (favours CBOR)", swatch: { kind: "bar", color: PALETTE.cbor } },
      ],
    },
  );
  const even = constructs.length - rows.length;
  return figure("constructs", `Where the bytes go: TPL ${MINUS} CBOR per construct, over the corpus`, chart, even > 0 ? `${even} constructs cost both formats the same and are left out (see the table).` : undefined);
}

const VERSION_STYLE: Readonly<Record<string, { color: string; shape: Shape; dash?: string }>> = {
  main: { color: PALETTE.green, shape: "circle" },
  "04": { color: PALETTE.purple, shape: "square", dash: "7 3" },
  "03-tpl": { color: PALETTE.ink, shape: "triangle", dash: "2 3" },
};

const GROWS: Readonly<Record<SeriesKind, string>> = {
  body: "as the body gets longer",
  ids: "as the number of lastSeen / inReplyTo ids grows",
  parts: "as the number of parts grows",
  depth: "as the nesting gets deeper",
  extensions: "as the number of extensions grows",
};

const X_TITLES: Readonly<Record<SeriesKind, string>> = {
  body: "body length (bytes, log scale)",
  ids: "message ids in lastSeen / inReplyTo (count)",
  parts: "single parts in one multipart (count)",
  depth: "multipart levels above one single part (count)",
  extensions: "extensions of 5-byte names and 8-byte values (count)",
};

export function scalingChart(kind: SeriesKind, series: readonly SeriesResult[]): string {
  const lines: LineSeries[] = [];
  for (const s of series) {
    const style = VERSION_STYLE[s.version] ?? { color: PALETTE.muted, shape: "circle" as const };
    lines.push({ name: `${s.version}: message`, ...style, points: s.points.map((p) => [p.n, p.diff] as const) });
  }
  for (const s of series) {
    const padded = s.points.filter((p) => p.mls?.default);
    if (padded.length === 0) continue;
    const style = VERSION_STYLE[s.version] ?? { color: PALETTE.muted, shape: "circle" as const };
    lines.push({ name: `${s.version}: in MLS, padded to 256 B`, color: style.color, shape: "diamond", dash: "1 4", points: padded.map((p) => [p.n, p.mls!.default!.diff] as const) });
  }
  const chart = lineChart(lines, { xTitle: X_TITLES[kind], yTitle: `TPL ${MINUS} CBOR (bytes)`, logX: kind === "body", step: kind === "body" });
  return figure(`scaling-${kind}`, `TPL ${MINUS} CBOR ${GROWS[kind]}`, chart);
}
