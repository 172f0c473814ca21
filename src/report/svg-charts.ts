/**
 * Small inline SVG charts for the HTML report: no library, no external
 * resource, fixed geometry (a viewBox plus explicit width and height, so a
 * chart has a size before any stylesheet applies). Every drawn datum has the
 * class `mark`, which the page's self-check counts.
 */
import { escapeHtml } from "./format.js";

export const COLORS = { tpl: "#3b6fb6", cbor: "#d9822b", grid: "#d8d8d8", axis: "#555", extra: ["#2a9d8f", "#8e5ba8", "#c0392b", "#7f8c8d"] } as const;

export interface BarSeries {
  readonly name: string;
  readonly color: string;
}

export interface BarRow {
  readonly label: string;
  readonly values: readonly number[];
}

const FONT = `font-family="system-ui, sans-serif" font-size="11"`;

function legend(series: readonly BarSeries[], x: number, y: number): string {
  return series
    .map((s, i) => `<rect x="${x + i * 150}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${x + i * 150 + 14}" y="${y}" ${FONT}>${escapeHtml(s.name)}</text>`)
    .join("");
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function ticks(lo: number, hi: number, count = 6): number[] {
  const step = niceStep(hi - lo || 1, count);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/**
 * Horizontal bars per row, one bar per series, from zero (negative values
 * go left): sizes, or differences.
 */
export function barChart(id: string, title: string, rows: readonly BarRow[], series: readonly BarSeries[], unit = "bytes"): string {
  const labelW = 210;
  const plotW = 520;
  const barH = 9;
  const rowH = series.length * barH + 8;
  const top = 38;
  const height = top + rows.length * rowH + 34;
  const width = labelW + plotW + 60;
  const all = rows.flatMap((r) => r.values);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all, lo === 0 ? 1 : 0);
  const x = (v: number) => labelW + ((v - lo) / (hi - lo || 1)) * plotW;
  const grid = ticks(lo, hi)
    .map((t) => `<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${height - 28}" stroke="${t === 0 ? COLORS.axis : COLORS.grid}"/><text x="${x(t)}" y="${height - 14}" text-anchor="middle" ${FONT}>${t}</text>`)
    .join("");
  const bars = rows
    .map((r, i) => {
      const y0 = top + i * rowH;
      const label = `<text x="${labelW - 6}" y="${y0 + rowH / 2 + 3}" text-anchor="end" ${FONT}>${escapeHtml(r.label)}</text>`;
      const bs = r.values
        .map((v, k) => {
          const a = x(Math.min(0, v));
          const w = Math.max(Math.abs(x(v) - x(0)), v === 0 ? 0 : 1);
          const s = series[k]!;
          return `<rect class="mark" x="${a.toFixed(1)}" y="${y0 + k * barH}" width="${w.toFixed(1)}" height="${barH - 1}" fill="${s.color}"><title>${escapeHtml(`${r.label}, ${s.name}: ${v} ${unit}`)}</title></rect>`;
        })
        .join("");
      return label + bs;
    })
    .join("");
  return svg(id, title, width, height, `<text x="4" y="14" ${FONT} font-weight="bold">${escapeHtml(title)}</text>${legend(series, labelW, 30)}${grid}${bars}`);
}

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly dashed?: boolean;
}

/** A line chart; `logX` plots log2(x + 1) (body lengths 0 B to 1 MiB); `step` draws step-after lines. */
export function lineChart(id: string, title: string, xLabel: string, yLabel: string, series: readonly LineSeries[], options: { logX?: boolean; step?: boolean } = {}): string {
  const left = 56;
  const plotW = 640;
  const plotH = 230;
  const top = 44;
  const width = left + plotW + 20;
  const height = top + plotH + 46;
  const fx = (v: number) => (options.logX ? Math.log2(v + 1) : v);
  const xs = series.flatMap((s) => s.points.map((p) => fx(p[0])));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  let y0 = Math.min(0, ...ys);
  let y1 = Math.max(0, ...ys);
  if (y0 === y1) y1 = y0 + 1;
  const pad = (y1 - y0) * 0.08;
  y0 -= pad;
  y1 += pad;
  const px = (v: number) => left + ((fx(v) - x0) / (x1 - x0)) * plotW;
  const py = (v: number) => top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const yGrid = ticks(y0, y1, 6)
    .map((t) => `<line x1="${left}" y1="${py(t).toFixed(1)}" x2="${left + plotW}" y2="${py(t).toFixed(1)}" stroke="${t === 0 ? COLORS.axis : COLORS.grid}"/><text x="${left - 6}" y="${(py(t) + 3).toFixed(1)}" text-anchor="end" ${FONT}>${t}</text>`)
    .join("");
  const xTicks = options.logX
    ? [0, 16, 256, 4096, 65536, 1 << 20].filter((t) => fx(t) <= x1 + 1e-9).map((t) => [t, t >= 1024 ? `${t / 1024} Ki` : String(t)] as const)
    : ticks(x0, x1, 8).map((t) => [t, String(t)] as const);
  const xGrid = xTicks.map(([t, l]) => `<line x1="${px(t).toFixed(1)}" y1="${top}" x2="${px(t).toFixed(1)}" y2="${top + plotH}" stroke="${COLORS.grid}"/><text x="${px(t).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle" ${FONT}>${l}</text>`).join("");
  const lines = series
    .map((s, k) => {
      // earlier series drawn wider, so a later one lying on top still lets it show
      const width = Math.max(1.5, 2 + (series.length - 1 - k) * 0.8);
      const pts: string[] = [];
      s.points.forEach(([a, b], i) => {
        if (options.step && i > 0) pts.push(`${px(a).toFixed(1)},${py(s.points[i - 1]![1]).toFixed(1)}`);
        pts.push(`${px(a).toFixed(1)},${py(b).toFixed(1)}`);
      });
      return `<polyline class="mark" fill="none" stroke="${s.color}" stroke-width="${width.toFixed(1)}"${s.dashed ? ` stroke-dasharray="5 3"` : ""} points="${pts.join(" ")}"><title>${escapeHtml(s.name)}</title></polyline>`;
    })
    .join("");
  const leg = series.map((s, i) => `<line x1="${left + (i % 3) * 215}" y1="${24 + Math.floor(i / 3) * 13}" x2="${left + (i % 3) * 215 + 18}" y2="${24 + Math.floor(i / 3) * 13}" stroke="${s.color}" stroke-width="2"${s.dashed ? ` stroke-dasharray="5 3"` : ""}/><text x="${left + (i % 3) * 215 + 22}" y="${27 + Math.floor(i / 3) * 13}" ${FONT}>${escapeHtml(s.name)}</text>`).join("");
  const body =
    `<text x="4" y="14" ${FONT} font-weight="bold">${escapeHtml(title)}</text>${leg}${yGrid}${xGrid}${lines}` +
    `<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" ${FONT}>${escapeHtml(xLabel)}</text>` +
    `<text x="12" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 12 ${top + plotH / 2})" ${FONT}>${escapeHtml(yLabel)}</text>`;
  return svg(id, title, width, height + Math.max(0, Math.ceil(series.length / 3) - 2) * 13, body);
}

function svg(id: string, title: string, width: number, height: number, body: string): string {
  return `<svg class="chart" id="${escapeHtml(id)}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}
