/** The size report as JSON: every number of it (bigints as decimal strings). */
import type { SizeReport } from "./report.js";

export const REPORT_SCHEMA = "mimi-codec/size-report/1";

export function renderJson(r: SizeReport): string {
  return JSON.stringify({ schema: REPORT_SCHEMA, ...r }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}
