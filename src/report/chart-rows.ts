/**
 * The frame of a chart with one row per category and a horizontal value
 * axis (the bar and dot charts): row labels (left of the rows when they fit,
 * else above each row, on a narrow screen), the grid and tick labels, the
 * axis titles, and the direction note under the axis.
 */
import { PALETTE, centredWithin, line, linear, text, textLines, textWidth, tickLabel, ticks, wrapWords, type Layout } from "./chart-kit.js";

/** What a direction along the value axis means: two ends ("← TPL smaller", "CBOR smaller →") or one sentence. */
export type Direction = { readonly left: string; readonly right: string } | { readonly text: string };

/** The usual one for TPL − CBOR. */
export const DIFF_DIRECTION: Direction = { left: "\u2190 TPL smaller", right: "CBOR smaller \u2192" };

export interface RowsFrameOptions {
  readonly labels: readonly string[];
  /** height of a row's data area, px */
  readonly rowHeight: number;
  /** smallest and largest value to show (zero is always included) */
  readonly extent: readonly [number, number];
  readonly xTitle: string;
  readonly yTitle: string;
  readonly direction: Direction;
  /** room for value labels beyond the ends of the bars, px */
  readonly valueRoom?: number;
  /** extra room around the extent, in value units (markers drawn at the very ends) */
  readonly pad?: number;
}

export interface RowsFrame {
  readonly x: (v: number) => number;
  /** px per value unit */
  readonly unit: number;
  /** y of the top of row i's data area */
  readonly rowTop: (i: number) => number;
  readonly height: number;
  /** grid, zero line, labels and titles: drawn under the data */
  readonly body: string;
}

const GAP = 6;

export function rowsFrame(layout: Layout, o: RowsFrameOptions): RowsFrame {
  const f = layout.font;
  const widest = Math.max(0, ...o.labels.map((l) => textWidth(l, f)));
  const labelsLeft = widest + 12 <= layout.width * (layout.name === "wide" ? 0.34 : 0.3);
  const labelW = labelsLeft ? widest + 12 : 0;
  const labelH = labelsLeft ? 0 : f + 4;
  const top = f + 10;
  const rowStep = labelH + o.rowHeight + GAP;
  const rowTop = (i: number) => top + i * rowStep + labelH;
  const bottom = top + o.labels.length * rowStep;

  const lo = Math.min(0, o.extent[0]) - (o.pad ?? 0);
  const hi = Math.max(0, o.extent[1]) + (o.pad ?? 0);
  const room = o.valueRoom ?? 0;
  const plotLeft = labelW + 4 + (lo < 0 ? room : 0);
  const plotRight = layout.width - 10 - (hi > 0 ? room : 0);
  // the scale spans the data (plus pad), not the rounded ticks, so no room is lost at the ends
  const grid = ticks(lo, hi, layout.name === "wide" ? 8 : 5).filter((t) => t >= lo - 1e-9 && t <= hi + 1e-9);
  const x = linear(lo, hi, plotLeft, plotRight);

  const parts: string[] = [];
  parts.push(text(labelsLeft ? labelW - 6 : 0, f, o.yTitle, { anchor: labelsLeft ? "end" : "start", cls: "axis-title y", weight: "bold", color: PALETTE.muted }));
  for (const t of grid) {
    parts.push(line(x(t), top - 4, x(t), bottom, t === 0 ? PALETTE.axis : PALETTE.grid, t === 0 ? `stroke-width="1.4"` : ""));
    parts.push(text(x(t), bottom + f + 2, tickLabel(t), { anchor: "middle", color: PALETTE.muted }));
  }
  o.labels.forEach((label, i) => {
    const y = labelsLeft ? rowTop(i) + o.rowHeight / 2 + f * 0.35 : rowTop(i) - 3;
    parts.push(text(labelsLeft ? labelW - 6 : 0, y, label, { anchor: labelsLeft ? "end" : "start", cls: "row-label", halo: !labelsLeft }));
  });
  const titleY = bottom + 2 * f + 8;
  const titleLines = wrapWords(o.xTitle, layout.width - 8, f);
  parts.push(textLines(centredWithin((plotLeft + plotRight) / 2, titleLines, f, layout.width), titleY, titleLines, f + 3, { anchor: "middle", cls: "axis-title x", weight: "bold", color: PALETTE.muted }));
  const dirY = titleY + titleLines.length * (f + 3) + 3;
  if ("text" in o.direction) {
    parts.push(text(plotLeft, dirY, o.direction.text, { cls: "direction", color: PALETTE.muted }));
  } else {
    parts.push(text(plotLeft, dirY, o.direction.left, { cls: "direction", color: PALETTE.tplText, weight: "bold" }));
    parts.push(text(plotRight, dirY, o.direction.right, { anchor: "end", cls: "direction", color: PALETTE.cborText, weight: "bold" }));
  }
  return { x, unit: (plotRight - plotLeft) / (hi - lo || 1), rowTop, height: dirY + 8, body: parts.join("") };
}
