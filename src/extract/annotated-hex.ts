/**
 * The bytes of an annotated hex dump as drafts write them: each line starts
 * with `0x..` or bare hex continuing the previous value, followed by prose,
 * `/* comments *​/`, `// comments` or quoted text. Only the leading hex
 * tokens of a line count; the first other token ends the line's bytes.
 */
export interface HexDump {
  readonly bytes: Uint8Array;
  /** Lines with an odd number of hex digits: a typo in the dump. */
  readonly oddLines: readonly number[];
}

export function hexFromAnnotatedDump(text: string): HexDump {
  const out: number[] = [];
  const oddLines: number[] = [];
  const lines = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/\/\*.*$/, "").replace(/\/\/.*$/, "");
    let digits = "";
    for (const tok of line.trim().split(/\s+/)) {
      const m = /^(0x)?([0-9a-fA-F]+)$/.exec(tok);
      if (!m || (!m[1] && digits === "" && !/^[0-9a-fA-F]{2,}$/.test(tok))) break;
      digits += m[2];
    }
    if (digits.length % 2 === 1) oddLines.push(i + 1);
    for (let j = 0; j + 1 < digits.length; j += 2) out.push(parseInt(digits.slice(j, j + 2), 16));
  });
  return { bytes: Uint8Array.from(out), oddLines };
}

/** Does a block look like an annotated hex dump (mostly lines starting with 0x)? */
export function looksLikeHexDump(text: string): boolean {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const hexLines = lines.filter((l) => /^\s*0x[0-9a-fA-F]+/.test(l));
  return hexLines.length >= 3 && hexLines.length >= lines.length / 3;
}
