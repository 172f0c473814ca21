/**
 * What every chart of the HTML report shares: the palette, scales and
 * ticks, marker shapes, and the <figure> around a chart. A chart is drawn
 * twice, for a wide and for a narrow screen (the page shows one by a media
 * query), because a single SVG scaled down to a phone makes its text
 * unreadable. The title and the legend are HTML, so they wrap; axis titles,
 * tick labels and the note saying which direction favours which format are
 * in the SVG, next to the axis they explain. Every drawn datum has the class
 * `mark` (the page's self-check counts them).
 */
import { escapeHtml as h } from "./format.js";

/** Okabe-Ito colours (distinguishable with the common colour-vision deficiencies); the *Text ones are darker for text on white. */
export const PALETTE = {
  tpl: "#0072b2",
  cbor: "#e69f00",
  tplText: "#005a8c",
  cborText: "#9a5a00",
  ink: "#222",
  muted: "#666",
  grid: "#e2e2e2",
  axis: "#555",
  green: "#009e73",
  purple: "#cc79a7",
} as const;

export interface Layout {
  readonly name: "wide" | "narrow";
  /** width of the SVG in px (its viewBox) */
  readonly width: number;
  readonly font: number;
}

/** The wide drawing is shown above 720 px of viewport (and in print), the narrow one below. */
export const LAYOUTS: readonly Layout[] = [
  { name: "wide", width: 760, font: 12 },
  { name: "narrow", width: 380, font: 11.5 },
];

export type Shape = "circle" | "square" | "triangle" | "diamond";

export interface Swatch {
  readonly kind: "bar" | "marker" | "line";
  readonly color: string;
  readonly shape?: Shape;
  readonly hollow?: boolean;
  readonly dash?: string;
}

export interface LegendItem {
  readonly label: string;
  readonly swatch: Swatch;
}

export interface Drawing {
  readonly height: number;
  readonly body: string;
}

export interface Chart {
  readonly legend: readonly LegendItem[];
  draw(layout: Layout): Drawing;
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Round tick values covering [lo, hi], about `count` of them; the first is <= lo and the last >= hi. */
export function ticks(lo: number, hi: number, count: number): number[] {
  const step = niceStep(hi - lo || 1, count);
  const out: number[] = [];
  const first = Math.floor(lo / step + 1e-9) * step;
  for (let v = first; v < hi + step - 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  if (out.length === 1) out.push(Math.round((first + step) * 1e6) / 1e6);
  return out;
}

/** A number as the axes print it: a real minus sign, thousands as "k" where they are round. */
export function tickLabel(v: number): string {
  const abs = Math.abs(v);
  const s = abs >= 10_000 && abs % 1000 === 0 ? `${abs / 1000}k` : String(Math.round(abs * 100) / 100);
  return v < 0 ? `\u2212${s}` : s;
}

/** About how wide `s` is in px at `font` px, erring wide (for placing labels; bold system-ui runs to ~0.6 em). */
export function textWidth(s: string, font: number): number {
  return s.length * font * 0.6;
}

export interface TextOptions {
  readonly anchor?: "start" | "middle" | "end";
  readonly cls?: string;
  readonly size?: number;
  readonly weight?: "bold";
  readonly color?: string;
  readonly rotate?: boolean;
  /** a white outline, so the text stays legible over lines */
  readonly halo?: boolean;
}

export function text(x: number, y: number, s: string, o: TextOptions = {}): string {
  const attrs = [
    `x="${x.toFixed(1)}"`,
    `y="${y.toFixed(1)}"`,
    o.anchor && o.anchor !== "start" ? `text-anchor="${o.anchor}"` : "",
    o.cls ? `class="${o.cls}"` : "",
    o.size ? `font-size="${o.size}"` : "",
    o.weight ? `font-weight="${o.weight}"` : "",
    `fill="${o.color ?? PALETTE.ink}"`,
    o.rotate ? `transform="rotate(-90 ${x.toFixed(1)} ${y.toFixed(1)})"` : "",
    o.halo ? `stroke="#fff" stroke-width="3" paint-order="stroke"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${h(s)}</text>`;
}

/** `s` broken at spaces into lines of at most `width` px (a word longer than that gets a line of its own). */
export function wrapWords(s: string, width: number, font: number): string[] {
  const lines: string[] = [];
  for (const word of s.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`, font) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The x at which centred text of `lines` stays inside [0, width], as near `preferred` as it can. */
export function centredWithin(preferred: number, lines: readonly string[], font: number, width: number): number {
  const half = Math.max(...lines.map((l) => textWidth(l, font))) / 2;
  return Math.min(Math.max(preferred, half + 2), width - half - 2);
}

/** Text over several lines (one <text>, a <tspan> per line), the first line's baseline at y. */
export function textLines(x: number, y: number, lines: readonly string[], lineHeight: number, o: TextOptions = {}): string {
  const [first = "", ...rest] = lines;
  const more = rest.map((l) => `<tspan x="${x.toFixed(1)}" dy="${lineHeight}">${h(l)}</tspan>`).join("");
  return text(x, y, first, o).replace(/<\/text>$/, `${more}</text>`);
}

export function line(x1: number, y1: number, x2: number, y2: number, color: string, extra = ""): string {
  return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${color}"${extra ? ` ${extra}` : ""}/>`;
}

/** A marker of `shape` centred on (x, y) with radius r; `title` becomes its tooltip. */
export function marker(shape: Shape, x: number, y: number, r: number, color: string, hollow: boolean, title?: string, cls = "mark"): string {
  const paint = hollow ? `fill="#fff" stroke="${color}" stroke-width="1.6"` : `fill="${color}" stroke="#fff" stroke-width="0.8"`;
  const tip = title ? `<title>${h(title)}</title>` : "";
  const f = (n: number) => n.toFixed(1);
  const open = (tag: string, geometry: string) => `<${tag} class="${cls}" ${geometry} ${paint}>${tip}</${tag}>`;
  switch (shape) {
    case "circle":
      return open("circle", `cx="${f(x)}" cy="${f(y)}" r="${f(r)}"`);
    case "square":
      return open("rect", `x="${f(x - r * 0.85)}" y="${f(y - r * 0.85)}" width="${f(r * 1.7)}" height="${f(r * 1.7)}"`);
    case "triangle":
      return open("polygon", `points="${f(x)},${f(y - r * 1.1)} ${f(x + r)},${f(y + r * 0.75)} ${f(x - r)},${f(y + r * 0.75)}"`);
    case "diamond":
      return open("polygon", `points="${f(x)},${f(y - r * 1.15)} ${f(x + r * 1.15)},${f(y)} ${f(x)},${f(y + r * 1.15)} ${f(x - r * 1.15)},${f(y)}"`);
  }
}

function swatchSvg(s: Swatch): string {
  const body =
    s.kind === "bar"
      ? `<rect x="1" y="3" width="16" height="10" fill="${s.color}"/>`
      : s.kind === "line"
        ? line(0, 8, 26, 8, s.color, `stroke-width="2.4"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}`) + (s.shape ? marker(s.shape, 13, 8, 4, s.color, !!s.hollow, undefined, "swatch") : "")
        : marker(s.shape ?? "circle", 9, 8, 5, s.color, !!s.hollow, undefined, "swatch");
  const w = s.kind === "line" ? 26 : 18;
  return `<svg class="swatch" width="${w}" height="16" viewBox="0 0 ${w} 16" aria-hidden="true">${body}</svg>`;
}

/**
 * The chart as a <figure>: its title, its legend, one drawing per layout,
 * and an optional note under it.
 */
export function figure(id: string, title: string, chart: Chart, note?: string): string {
  const drawings = LAYOUTS.map((l) => {
    const d = chart.draw(l);
    return (
      `<svg class="plot ${l.name}" id="${h(id)}-${l.name}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${h(title)}" ` +
      `width="${l.width}" height="${Math.ceil(d.height)}" viewBox="0 0 ${l.width} ${Math.ceil(d.height)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="${l.font}">${d.body}</svg>`
    );
  });
  const legend = chart.legend.map((i) => `<li>${swatchSvg(i.swatch)}<span>${h(i.label)}</span></li>`).join("");
  return (
    `<figure class="chart" id="${h(id)}"><figcaption class="chart-title">${h(title)}</figcaption>` +
    `<ul class="legend">${legend}</ul>${drawings.join("")}${note ? `<p class="chart-note">${h(note)}</p>` : ""}</figure>`
  );
}
