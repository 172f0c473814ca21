/**
 * CommonMark-style fenced code blocks whose info string's first word is
 * `info` (any case; `cddl` by default), with the 1-based line of their
 * first content line.
 * Kept local so the CDDL corpus tests do not depend on the extractor.
 */
export interface Fence {
  readonly line: number;
  readonly text: string;
}

export function cddlFences(markdown: string, info = "cddl"): Fence[] {
  const lines = markdown.split(/\r?\n/);
  const out: Fence[] = [];
  let open: { char: string; len: number; cddl: boolean; start: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    const m = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(line);
    if (!open) {
      if (m && m[1] !== undefined) {
        const word = (m[2] ?? "").trim().split(/\s+/)[0] ?? "";
        open = { char: m[1][0] ?? "`", len: m[1].length, cddl: word.toLowerCase() === info, start: i + 2, body: [] };
      }
      return;
    }
    if (m && m[1] !== undefined && m[1][0] === open.char && m[1].length >= open.len && (m[2] ?? "").trim() === "") {
      if (open.cddl) out.push({ line: open.start, text: open.body.join("\n") });
      open = undefined;
      return;
    }
    open.body.push(line);
  });
  return out;
}
