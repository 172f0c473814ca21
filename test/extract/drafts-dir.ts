import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shared draft corpus, `../shared/drafts` beside the repository root. */
export const DRAFTS = fileURLToPath(new URL("../../../shared/drafts/", import.meta.url));

export const hasDrafts = existsSync(DRAFTS);
if (!hasDrafts) console.warn(`skipping corpus tests: ${DRAFTS} not found`);

export function draft(rel: string): string {
  return DRAFTS + rel;
}
