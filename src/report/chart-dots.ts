/**
 * Dots on a value axis, one row per category and one line of markers per
 * series inside the row, each series its own shape and colour, so equal
 * values of two series sit one above the other instead of on top of each
 * other. Within one series, equal values are drawn once, larger, with how
 * many they are written inside.
 */
import { PALETTE, marker, text, type Chart, type Layout, type Shape } from "./chart-kit.js";
import { rowsFrame, type Direction } from "./chart-rows.js";

export interface DotSeries {
  readonly name: string;
  readonly color: string;
  readonly shape: Shape;
  readonly hollow: boolean;
}

export interface DotRow {
  readonly label: string;
  /** per series, its values in this row (none: the series has nothing here) */
  readonly values: ReadonlyArray<readonly number[]>;
}

export interface DotChartOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly direction: Direction;
  readonly unit: string;
  /** what one value is, for tooltips ("message") */
  readonly item: string;
}

export function dotChart(rows: readonly DotRow[], series: readonly DotSeries[], o: DotChartOptions): Chart {
  const all = rows.flatMap((r) => r.values.flat());
  const stacked = rows.some((r) => r.values.some((vs) => new Set(vs).size < vs.length));
  const r1 = stacked ? 3.8 : 4.2;
  const rMax = 7.2;
  const lane = stacked ? 2 * rMax + 2 : 2 * r1 + 3;
  return {
    legend: series.map((s) => ({ label: s.name, swatch: { kind: "marker", color: s.color, shape: s.shape, hollow: s.hollow } })),
    draw(layout: Layout) {
      const frame = rowsFrame(layout, {
        labels: rows.map((r) => r.label),
        rowHeight: series.length * lane,
        extent: [Math.min(...all), Math.max(...all)],
        xTitle: o.xTitle,
        yTitle: o.yTitle,
        direction: o.direction,
        pad: 1,
      });
      // a marker standing for several values is as large as neighbouring values leave room for
      const rMany = Math.max(5.2, Math.min(rMax, frame.unit / 2 + 0.4));
      const countSize = rMany < 6.5 ? 8 : 9;
      const marks: string[] = [];
      rows.forEach((row, i) => {
        series.forEach((s, k) => {
          const counts = new Map<number, number>();
          for (const v of row.values[k] ?? []) counts.set(v, (counts.get(v) ?? 0) + 1);
          const y = frame.rowTop(i) + k * lane + lane / 2;
          for (const [v, n] of counts) {
            const r = n > 1 ? rMany : r1;
            const tip = `${row.label}, ${s.name}: ${v > 0 ? "+" : ""}${v} ${o.unit}${n > 1 ? ` (${n} ${o.item}s)` : ""}`;
            marks.push(marker(s.shape, frame.x(v), y, r, s.color, s.hollow, tip));
            if (n > 1) marks.push(text(frame.x(v), y + countSize * 0.36, String(n), { anchor: "middle", size: countSize, weight: "bold", color: s.hollow ? PALETTE.ink : "#fff", cls: "count" }));
          }
        });
      });
      return { height: frame.height, body: frame.body + marks.join("") };
    },
  };
}
