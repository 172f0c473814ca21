/**
 * One pass over EDN text before the grammar sees it, for what a PEG parser
 * does badly with hostile input:
 *
 * - nesting: the parser recurses per `[`, `{`, `(` and `<<`, so the depth is
 *   counted here, outside strings and comments, and text nested deeper
 *   than `maxNesting` is not parsed at all;
 * - long strings: the parser keeps an array entry per character of a
 *   string literal (40 MiB of text took 1.6 GB), so the bodies of long,
 *   well-formed string literals are cut out of the text it parses and given
 *   back to the grammar's actions by offset (grammar/edn.peggy).
 *
 * Offsets in the parse tree are in the shortened text; `toSource` maps them
 * back to the caller's text.
 */

/** Default of `maxNesting` for EDN: far beyond any example, well within the stack. */
export const DEFAULT_EDN_MAX_NESTING = 256;

/** String bodies at least this long are lifted out of the parser's input. */
const LIFT_AT = 1024;

export interface ScannedEdn {
  /** The text to parse: the input with long string bodies cut out. */
  readonly text: string;
  /** Offset (in `text`) of a string literal whose body was cut -> the body the grammar should see. */
  readonly lifted: ReadonlyMap<number, string>;
  /** Where the input nests deeper than allowed (an offset in the input), if it does. */
  readonly tooDeepAt?: number;
  /** An offset in `text` -> the same place in the input. */
  toSource(offset: number): number;
}

interface Cut {
  /** Offset in the shortened text where the body was (its closing quote is there now). */
  readonly at: number;
  /** Characters cut here and at every cut before. */
  readonly total: number;
}

export function scanEdn(input: string, maxNesting = DEFAULT_EDN_MAX_NESTING): ScannedEdn {
  const pieces: string[] = [];
  const cuts: Cut[] = [];
  const lifted = new Map<number, string>();
  let kept = 0; // input[kept, ...) not yet copied to pieces
  let removed = 0;
  let depth = 0;
  let tooDeepAt: number | undefined;
  const cut = (literalStart: number, bodyStart: number, bodyEnd: number, body: string): void => {
    pieces.push(input.slice(kept, bodyStart));
    kept = bodyEnd;
    const before = removed;
    removed += bodyEnd - bodyStart;
    lifted.set(literalStart - before, body);
    cuts.push({ at: bodyStart - before, total: removed });
  };
  for (let k = 0; k < input.length && tooDeepAt === undefined; k++) {
    const c = input.charCodeAt(k);
    if (c === 0x22 || c === 0x27) {
      const prefixStart = c === 0x27 ? appPrefixStart(input, k) : k;
      const hex = c === 0x27 && k - prefixStart === 1 && input.charCodeAt(prefixStart) === 0x68; // h'...'

      const end = hex ? hexEnd(input, k + 1) : quotedEnd(input, k + 1, c);
      if (end === undefined) break; // not closed: the parser reports it
      if (end.at - (k + 1) >= LIFT_AT && end.liftable) {
        const raw = input.slice(k + 1, end.at);
        cut(prefixStart, k + 1, end.at, hex ? raw.replace(/[ \t\r\n]+/g, "") : raw);
      }
      k = end.at;
    } else if (c === 0x2f) {
      const close = input.indexOf("/", k + 1);
      k = close < 0 ? input.length : close;
    } else if (c === 0x23) {
      const nl = input.indexOf("\n", k + 1);
      k = nl < 0 ? input.length : nl;
    } else if (c === 0x5b || c === 0x7b || c === 0x28 || (c === 0x3c && input.charCodeAt(k + 1) === 0x3c)) {
      if (c === 0x3c) k += 1;
      if (++depth > maxNesting) tooDeepAt = c === 0x3c ? k - 1 : k;
    } else if (c === 0x5d || c === 0x7d || c === 0x29 || (c === 0x3e && input.charCodeAt(k + 1) === 0x3e)) {
      if (c === 0x3e) k += 1;
      if (depth > 0) depth -= 1;
    }
  }
  const text = cuts.length === 0 ? input : pieces.join("") + input.slice(kept);
  return {
    text,
    lifted,
    ...(tooDeepAt !== undefined ? { tooDeepAt } : {}),
    toSource: (offset) => offset + removedBefore(cuts, offset),
  };
}

/** Where an app-string prefix (`b64'`, `h'`) before the quote at `q` starts; `q` if there is none. */
function appPrefixStart(input: string, q: number): number {
  let k = q;
  while (k > 0 && /[a-z0-9]/.test(input[k - 1]!)) k -= 1;
  if (k === q || !/[a-z]/.test(input[k]!)) return q;
  // a prefix is a word of its own: `1e5'` is not one
  return k > 0 && /[A-Za-z0-9_.]/.test(input[k - 1]!) ? q : k;
}

/** The closing quote of a "..." or '...' body starting at `from` (backslash escapes one character). */
function quotedEnd(input: string, from: number, quote: number): { at: number; liftable: boolean } | undefined {
  for (let k = from; k < input.length; k++) {
    const c = input.charCodeAt(k);
    if (c === 0x5c) k += 1;
    else if (c === quote) return { at: k, liftable: true };
  }
  return undefined;
}

/** The closing quote of an h'...' body: hex digits and blanks (liftable), or comments too (left to the parser). */
function hexEnd(input: string, from: number): { at: number; liftable: boolean } | undefined {
  let liftable = true;
  for (let k = from; k < input.length; k++) {
    const c = input.charCodeAt(k);
    if (c === 0x27) return { at: k, liftable };
    if (c === 0x23) {
      liftable = false;
      const nl = input.indexOf("\n", k);
      if (nl < 0) return undefined;
      k = nl;
    } else if (c === 0x2f) {
      liftable = false;
      const close = input.indexOf("/", k + 1);
      if (close < 0) return undefined;
      k = close;
    } else if (!isHexOrBlank(c)) liftable = false;
  }
  return undefined;
}

function isHexOrBlank(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Characters cut out at or before `offset` of the shortened text (cuts are in order, with running totals). */
function removedBefore(cuts: readonly Cut[], offset: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]!.at <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : cuts[lo - 1]!.total;
}
