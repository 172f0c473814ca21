/** The size report as JSON: the verdict, then every number of it (bigints as decimal strings). */
import type { SizeReport } from "./report.js";

export const REPORT_SCHEMA = "mimi-codec/size-report/1";

export function renderJson(r: SizeReport): string {
  // the verdict first, as in the other renderings (it is also conclusion.headline)
  return JSON.stringify({ schema: REPORT_SCHEMA, verdict: r.conclusion.headline, ...r }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}
