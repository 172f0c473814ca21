/**
 * The parser recurses once per bracket level, so nesting is bounded before
 * it runs: one pass over the text counts `(`, `[`, `{` and generic `<`
 * outside strings and comments (`=>` is not a closing bracket).
 */

/** Default of `maxNesting` for the CDDL parser: far beyond any draft, well within the stack. */
export const DEFAULT_CDDL_MAX_NESTING = 256;

/** The offset of the first bracket in text[from, to) that opens level `max + 1`, or undefined. */
export function tooDeepAt(text: string, from: number, to: number, max: number): number | undefined {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    switch (c) {
      case 0x3b: {
        // ; comment to the end of the line
        const nl = text.indexOf("\n", k);
        k = nl < 0 || nl >= to ? to : nl;
        break;
      }
      case 0x22: // "text": ends at the quote or the end of the line
        k = skipString(text, k, to, 0x22, true);
        break;
      case 0x27: // 'bytes' may span lines
        k = skipString(text, k, to, 0x27, false);
        break;
      case 0x28: // (
      case 0x5b: // [
      case 0x7b: // {
      case 0x3c: // <
        depth += 1;
        if (depth > max) return k;
        break;
      case 0x29:
      case 0x5d:
      case 0x7d:
        if (depth > 0) depth -= 1;
        break;
      case 0x3e: // > but not =>
        if (depth > 0 && text.charCodeAt(k - 1) !== 0x3d) depth -= 1;
        break;
    }
  }
  return undefined;
}

/** The offset of the closing quote of the string opened at `k` (or where the string is cut off). */
function skipString(text: string, k: number, to: number, quote: number, endsAtLine: boolean): number {
  for (let j = k + 1; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j += 1;
    else if (c === quote || (endsAtLine && c === 0x0a)) return j;
  }
  return to;
}
