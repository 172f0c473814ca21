/**
 * Horizontal bars, one row per category and one bar per series side by
 * side (so no bar hides another), each labelled with its value; negative
 * values go left of zero. A bar may take its own colour (the construct
 * chart colours each by the format it favours).
 */
import { PALETTE, text, tickLabel, type Chart, type Layout, type LegendItem } from "./chart-kit.js";
import { escapeHtml as h } from "./format.js";
import { rowsFrame, type Direction } from "./chart-rows.js";

export interface BarSeries {
  readonly name: string;
  readonly color: string;
}

export interface BarRow {
  readonly label: string;
  readonly values: readonly number[];
  /** per value, instead of its series' colour */
  readonly colors?: readonly string[];
}

export interface BarChartOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly direction: Direction;
  readonly unit: string;
  /** default: one entry per series */
  readonly legend?: readonly LegendItem[];
}

const BAR = 11;

export function barChart(rows: readonly BarRow[], series: readonly BarSeries[], o: BarChartOptions): Chart {
  const values = rows.flatMap((r) => r.values);
  return {
    legend: o.legend ?? series.map((s) => ({ label: s.name, swatch: { kind: "bar", color: s.color } })),
    draw(layout: Layout) {
      const f = layout.font;
      const room = Math.max(...values.map((v) => tickLabel(v).length)) * f * 0.6 + 6;
      const frame = rowsFrame(layout, {
        labels: rows.map((r) => r.label),
        rowHeight: series.length * (BAR + 2) - 2,
        extent: [Math.min(...values), Math.max(...values)],
        xTitle: o.xTitle,
        yTitle: o.yTitle,
        direction: o.direction,
        valueRoom: room,
      });
      const x = frame.x;
      const bars = rows
        .map((r, i) =>
          r.values
            .map((v, k) => {
              const y = frame.rowTop(i) + k * (BAR + 2);
              const a = x(Math.min(0, v));
              const w = Math.max(Math.abs(x(v) - x(0)), v === 0 ? 0 : 1);
              const color = r.colors?.[k] ?? series[k]!.color;
              const tip = `${r.label}, ${series[k]!.name}: ${v} ${o.unit}`;
              const label = text(v < 0 ? a - 3 : a + w + 3, y + BAR - 2, tickLabel(v), { anchor: v < 0 ? "end" : "start", size: f - 1, color: PALETTE.ink });
              return `<rect class="mark" x="${a.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${BAR}" fill="${color}"><title>${h(tip)}</title></rect>${label}`;
            })
            .join(""),
        )
        .join("");
      return { height: frame.height, body: frame.body + bars };
    },
  };
}
