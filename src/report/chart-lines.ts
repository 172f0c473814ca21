/**
 * Lines of TPL − CBOR against a count or a length. Series may coincide
 * exactly (two draft versions encode a part the same way), so each series
 * has its own colour, dash and marker shape, lines drawn later are thinner
 * (the one below still shows at its edges), and the markers of the series
 * sit at staggered positions along the axis, so every series stays visible
 * where the lines lie on top of each other; the legend says which coincide.
 */
import { PALETTE, centredWithin, line, linear, marker, text, textLines, textWidth, tickLabel, ticks, wrapWords, type Chart, type Layout, type Shape } from "./chart-kit.js";
import { escapeHtml as h } from "./format.js";

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly shape: Shape;
  readonly dash?: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  /** plot log2(x + 1), ticks at powers of 16 (body lengths, 0 B to 1 MiB) */
  readonly logX?: boolean;
  /** step-after lines (the value holds until the next point) */
  readonly step?: boolean;
}

const MARKERS_PER_SERIES = 6;

function samePoints(a: LineSeries, b: LineSeries): boolean {
  return a.points.length === b.points.length && a.points.every((p, i) => p[0] === b.points[i]![0] && p[1] === b.points[i]![1]);
}

/** "(same as 04: content)" for each series that coincides with an earlier one. */
function legendLabels(series: readonly LineSeries[]): string[] {
  return series.map((s, i) => {
    const twin = series.slice(0, i).find((t) => samePoints(s, t));
    return twin ? `${s.name} (same values as ${twin.name})` : s.name;
  });
}

export function lineChart(series: readonly LineSeries[], o: LineChartOptions): Chart {
  const labels = legendLabels(series);
  return {
    legend: series.map((s, i) => ({ label: labels[i]!, swatch: { kind: "line", color: s.color, shape: s.shape, hollow: true, ...(s.dash ? { dash: s.dash } : {}) } })),
    draw(layout: Layout) {
      const f = layout.font;
      const fx = (v: number) => (o.logX ? Math.log2(v + 1) : v);
      const xs = series.flatMap((s) => s.points.map((p) => p[0]));
      const ys = series.flatMap((s) => s.points.map((p) => p[1]));
      // the scale spans the data plus a margin (not the rounded ticks), so no room is lost
      const yLo0 = Math.min(0, ...ys);
      const yHi0 = Math.max(0, ...ys, yLo0 + 1);
      const yPad = (yHi0 - yLo0) * 0.05;
      const [yLo, yHi] = [yLo0 - yPad, yHi0 + yPad];
      const yGrid = ticks(yLo, yHi, layout.name === "wide" ? 6 : 5).filter((t) => t >= yLo && t <= yHi);
      const left = Math.max(...yGrid.map((t) => tickLabel(t).length)) * f * 0.6 + f + 14;
      const right = layout.width - 12;
      const top = f + 16;
      const plotH = layout.name === "wide" ? 250 : 210;
      const bottom = top + plotH;
      const x0 = Math.min(...xs);
      const x1 = Math.max(...xs, x0 + 1);
      const px = (v: number) => linear(fx(x0), fx(x1), left, right)(fx(v));
      const py = linear(yLo, yHi, bottom, top);

      const parts: string[] = [];
      for (const t of yGrid) {
        parts.push(line(left, py(t), right, py(t), t === 0 ? PALETTE.axis : PALETTE.grid, t === 0 ? `stroke-width="1.4"` : ""));
        parts.push(text(left - 5, py(t) + f * 0.35, tickLabel(t), { anchor: "end", color: PALETTE.muted }));
      }
      const xTicks = o.logX
        ? [0, 16, 256, 4096, 65536, 1 << 20].filter((t) => t >= x0 && t <= x1)
        : ticks(x0, x1, layout.name === "wide" ? 8 : 4).filter((t) => t >= x0 && t <= x1);
      for (const t of xTicks) {
        parts.push(line(px(t), top, px(t), bottom, PALETTE.grid));
        const label = o.logX && t >= 1 << 20 ? `${t / (1 << 20)} Mi` : o.logX && t >= 1024 ? `${t / 1024} Ki` : tickLabel(t);
        // the last label stays inside the drawing
        const at = Math.min(px(t), layout.width - textWidth(label, f) / 2 - 2);
        parts.push(text(at, bottom + f + 3, label, { anchor: "middle", color: PALETTE.muted }));
      }

      series.forEach((s, k) => {
        const pts: string[] = [];
        s.points.forEach(([a, b], i) => {
          if (o.step && i > 0) pts.push(`${px(a).toFixed(1)},${py(s.points[i - 1]![1]).toFixed(1)}`);
          pts.push(`${px(a).toFixed(1)},${py(b).toFixed(1)}`);
        });
        const width = 1.6 + (series.length - 1 - k) * 0.5;
        parts.push(
          `<polyline class="mark" fill="none" stroke="${s.color}" stroke-width="${width.toFixed(1)}" stroke-linejoin="round"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""} points="${pts.join(" ")}"><title>${h(labels[k]!)}</title></polyline>`,
        );
      });
      // markers: evenly spaced along the x axis, each series shifted by a fraction of the spacing
      series.forEach((s, k) => {
        if (s.points.length === 0) return;
        for (let m = 0; m < MARKERS_PER_SERIES; m++) {
          const at = left + ((m + (k + 0.5) / series.length) / MARKERS_PER_SERIES) * (right - left);
          const p = valueAt(s.points, at, px, !!o.step);
          if (p !== null) parts.push(marker(s.shape, at, py(p), 3.6, s.color, true, `${labels[k]}: ${p > 0 ? "+" : ""}${p} bytes`, "mark point"));
        }
      });

      // above the plot, so it never covers a line
      const up = "\u2191 above 0: CBOR smaller";
      parts.push(text(left, f + 2, up, { cls: "direction", color: PALETTE.cborText, weight: "bold" }));
      parts.push(text(left + textWidth(up, f) + 18, f + 2, "\u2193 below 0: TPL smaller", { cls: "direction", color: PALETTE.tplText, weight: "bold" }));
      parts.push(text(12, (top + bottom) / 2, o.yTitle, { anchor: "middle", rotate: true, cls: "axis-title y", weight: "bold", color: PALETTE.muted }));
      const titleY = bottom + 2 * f + 10;
      const titleLines = wrapWords(o.xTitle, layout.width - 8, f);
      parts.push(textLines(centredWithin((left + right) / 2, titleLines, f, layout.width), titleY, titleLines, f + 3, { anchor: "middle", cls: "axis-title x", weight: "bold", color: PALETTE.muted }));
      return { height: titleY + (titleLines.length - 1) * (f + 3) + 8, body: parts.join("") };
    },
  };
}

/** The series' value at screen x `at` (the point at or before it for steps, else interpolated); null outside the series. */
function valueAt(points: ReadonlyArray<readonly [number, number]>, at: number, px: (v: number) => number, step: boolean): number | null {
  for (let i = 0; i < points.length; i++) {
    const a = px(points[i]![0]);
    const next = points[i + 1];
    if (!next) return Math.abs(a - at) < 1 ? points[i]![1] : null;
    const b = px(next[0]);
    if (at >= a && at < b) {
      if (step) return points[i]![1];
      const t = (at - a) / (b - a || 1);
      return Math.round((points[i]![1] + t * (next[1] - points[i]![1])) * 10) / 10;
    }
  }
  return null;
}
