/** Self time by function (and by function+line with --lines) of a .cpuprofile. */
import { readFileSync } from "node:fs";
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[]; positionTicks?: { line: number; ticks: number }[] }
const [file, mode] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file!, "utf8")) as { nodes: Node[] };
const self = new Map<string, number>();
let total = 0;
for (const n of prof.nodes) {
  const h = n.hitCount ?? 0;
  total += h;
  const url = n.callFrame.url.replace(/^.*\/(src|generated|node_modules)\//, "$1/");
  if (mode === "--lines" && n.positionTicks) {
    for (const p of n.positionTicks) { const k = `${n.callFrame.functionName || "(anon)"} ${url}:${p.line}`; self.set(k, (self.get(k) ?? 0) + p.ticks); }
  } else {
    const k = `${n.callFrame.functionName || "(anon)"} ${url}:${n.callFrame.lineNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + h);
  }
}
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
