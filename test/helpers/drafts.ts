import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** ../shared/drafts beside the repository; tests that need it skip, saying why, when it is absent. */
export const DRAFTS = fileURLToPath(new URL("../../../shared/drafts", import.meta.url));
export const HAVE_DRAFTS = existsSync(DRAFTS);
if (!HAVE_DRAFTS) console.warn(`skipping draft-based tests: ${DRAFTS} is absent`);
