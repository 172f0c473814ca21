import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A markdown draft in `dir` with one `~~~ tls` fence holding `tls` (its first line is line 4). */
export function writeTplDraft(dir: string, name: string, tls: readonly string[]): string {
  const p = join(dir, name);
  writeFileSync(p, ["# Types", "", "~~~ tls", ...tls, "~~~", ""].join("\n"));
  return p;
}
