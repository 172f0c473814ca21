/** Number and table formatting shared by the Markdown, HTML and README renderers. */
import type { Split } from "./breakdown.js";
import type { Pair } from "./measure.js";
import type { GroupSummary, MlsTotals } from "./report.js";

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function pct(x: number): string {
  const r = Math.round(x * 10) / 10;
  return `${r > 0 ? "+" : ""}${r.toFixed(1)} %`;
}

/** "+3 (+1.2 %)" */
export function delta(tpl: number, cbor: number): string {
  const d = tpl - cbor;
  return `${signed(d)} (${pct(cbor === 0 ? 0 : (d / cbor) * 100)})`;
}

export function pair(p: Pair | undefined): string {
  return p ? `${p.tpl} / ${p.cbor} (${signed(p.tpl - p.cbor)})` : "";
}

export function split(s: Split): string {
  return `${s.framing} + ${s.payload}`;
}

export function counts(t: { tplSmaller: number; equal: number; cborSmaller: number }): string {
  return `${t.tplSmaller} / ${t.equal} / ${t.cborSmaller}`;
}

export function mlsCell(m: MlsTotals | undefined): string {
  return m ? `${signed(m.diff)} B; ${counts(m)}` : "n/a";
}

/** A Markdown table; cells are escaped for `|`. */
export function mdTable(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>, align?: readonly ("l" | "r")[]): string {
  const esc = (c: string | number) => String(c).replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rule = head.map((_, i) => ((align?.[i] ?? "r") === "l" ? "---" : "---:"));
  return [`| ${head.map(esc).join(" | ")} |`, `| ${rule.join(" | ")} |`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

/** The group summary table: the README block and the top of every report. */
export function summaryRows(groups: readonly GroupSummary[]): { head: string[]; rows: string[][]; align: ("l" | "r")[] } {
  return {
    head: ["corpus", "types from", "messages", "TPL bytes", "CBOR bytes", "TPL - CBOR", "TPL smaller / equal / larger", "after MLS, no padding", "after MLS, default padding"],
    rows: groups.map((g) => [
      g.title,
      g.definedIn.toUpperCase(),
      String(g.messages),
      String(g.tpl),
      String(g.cbor),
      delta(g.tpl, g.cbor),
      counts(g),
      mlsCell(g.mls?.none),
      mlsCell(g.mls?.default),
    ]),
    align: ["l", "l", "r", "r", "r", "r", "r", "r", "r"],
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
