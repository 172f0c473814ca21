import type { Deviation } from "./ast.js";

/**
 * Drafts sometimes write a comment as `*​/ text *​/` (room-policy,
 * app-components). Rewrite the opener to `/*` in place, keeping every
 * offset, so the grammar sees a normal comment and positions stay exact.
 */
export function repairComments(text: string): { text: string; deviations: Deviation[] } {
  const deviations: Deviation[] = [];
  const lines = text.split("\n");
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? "";
    let j = 0;
    while (j < line.length) {
      if (inComment) {
        const close = line.indexOf("*/", j);
        if (close < 0) break;
        inComment = false;
        j = close + 2;
      } else if (line.startsWith("//", j)) {
        break;
      } else if (line.startsWith("/*", j)) {
        inComment = true;
        j += 2;
      } else if (line.startsWith("*/", j) && line.indexOf("*/", j + 2) > 0) {
        line = line.slice(0, j) + "/*" + line.slice(j + 2);
        deviations.push({
          code: "tpl/broken-comment",
          message: "comment opens with \"*/\"",
          fix: "/* ... */",
          at: { line: i + 1, col: j + 1 },
        });
        inComment = true;
        j += 2;
      } else {
        j++;
      }
    }
    lines[i] = line;
  }
  return { text: lines.join("\n"), deviations };
}
