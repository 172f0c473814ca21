/**
 * The annotated hex dump the MIMI drafts ship as `examples/*.pretty`: each
 * head in hex on the left, indented three spaces per nesting level, with a
 * `# type(argument)` comment; the content of strings on the next line with
 * the string shown as a comment; the comments aligned at column 40 (or at
 * the widest shorter line).
 *
 * The layout follows the drafts' files byte for byte, including how a string
 * is shown: as a JSON string when its bytes are valid UTF-8, otherwise in
 * Ruby `String#inspect` style (`\xNN` for bytes that are not UTF-8,
 * `\uNNNN` for unprintable characters). Every line is a `#` comment after
 * hex digits, so the whole dump inside h'...' is EDN for the same bytes.
 */

import { hexOf, TextBuilder } from "./text-out.js";

const MAJOR_NAMES = ["unsigned", "negative", "bytes", "text", "array", "map", "tag", "primitive"] as const;
const ALIGN_AT = 40;
const INDENT = "   ";

/** Annotated dump of one encoded item (or a sequence: each item aligned on its own). */
export function annotateCbor(bytes: Uint8Array): string {
  const w = new Walker(bytes);
  const out = new TextBuilder();
  while (w.pos < bytes.length) align(w.item(0), out);
  return out.toString();
}

interface Line {
  code: string;
  comment: string;
}

function align(lines: readonly Line[], out: TextBuilder): void {
  const widest = lines.reduce((w, l) => Math.max(w, l.code.length + 1), 0);
  const target = Math.min(widest, ALIGN_AT);
  for (const l of lines) out.add(`${l.code.padEnd(target - 1)} # ${l.comment}\n`);
}

class Walker {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}

  private take(n: number): Uint8Array {
    if (this.pos + n > this.b.length) throw new RangeError(`truncated CBOR at offset ${this.pos}`);
    const s = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** One item and everything inside it; a break byte yields its own line only. */
  item(depth: number, lines: Line[] = []): Line[] {
    this.walk(depth, lines);
    return lines;
  }

  /** Returns true if the item was a break (0xff). */
  private walk(depth: number, lines: Line[]): boolean {
    const indent = INDENT.repeat(depth);
    const ib = this.take(1)[0]!;
    const major = ib >> 5;
    const ai = ib & 0x1f;
    let code = indent + hex2(ib);
    if (ai === 31) {
      lines.push({ code, comment: `${MAJOR_NAMES[major]}(*)` });
      if (major === 7) return true;
      if (major < 2 || major === 6) throw new RangeError(`indefinite length on major type ${major}`);
      while (!this.walk(depth + 1, lines)) {
        // chunks, items or key/value pairs until the break
      }
      return false;
    }
    let arg: bigint;
    if (ai < 24) {
      arg = BigInt(ai);
    } else if (ai <= 27) {
      const extra = this.take(1 << (ai - 24));
      code += " " + hexString(extra);
      arg = extra.reduce((a, x) => (a << 8n) | BigInt(x), 0n);
    } else {
      throw new RangeError(`reserved additional information ${ai} at offset ${this.pos - 1}`);
    }
    lines.push({ code, comment: `${MAJOR_NAMES[major]}(${arg})` });
    switch (major) {
      case 2:
      case 3: {
        const content = this.take(Number(arg));
        lines.push({ code: INDENT.repeat(depth + 1) + hexString(content), comment: showString(content) });
        break;
      }
      case 4:
        for (let i = 0n; i < arg; i++) this.walk(depth + 1, lines);
        break;
      case 5:
        for (let i = 0n; i < 2n * arg; i++) this.walk(depth + 1, lines);
        break;
      case 6:
        this.walk(depth + 1, lines);
        break;
    }
    return false;
  }
}

function hex2(x: number): string {
  return x.toString(16).padStart(2, "0");
}

function hexString(b: Uint8Array): string {
  return hexOf(b);
}

// ---------------------------------------------------------------- showing a string

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A string's content as the drafts' dumps show it: a JSON string if the
 * bytes are UTF-8, else an inspect-style string that shows each stray byte
 * as `\xNN`.
 */
export function showString(bytes: Uint8Array): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return inspectBytes(bytes);
  }
  return jsonQuote(text);
}

/** JSON with only the mandatory escapes; control characters as \b \f \n \r \t or \u00xx. */
function jsonQuote(s: string): string {
  const escaped = s.replace(/["\\\u0000-\u001f]/g, (ch) => {
    const c = ch.charCodeAt(0);
    return c >= 0x20 ? "\\" + ch : (JSON_CONTROL[c] ?? "\\u" + c.toString(16).padStart(4, "0"));
  });
  return `"${escaped}"`;
}

const JSON_CONTROL: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

const INSPECT_CONTROL: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  27: "\\e",
};

// Printable: everything but white space other than space separators,
// controls, surrogates and unassigned code points.
const NOT_PRINTABLE = /[\p{Cc}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;

/** One character (code point) that shows as itself, in the sense above. */
export function isPrintable(ch: string): boolean {
  return !NOT_PRINTABLE.test(ch);
}

function inspectBytes(b: Uint8Array): string {
  const out = new TextBuilder();
  out.add('"');
  let i = 0;
  while (i < b.length) {
    // A run of ASCII that shows as itself goes out in one piece.
    let j = i;
    while (j < b.length && showsAsItself(b[j]!, b[j + 1])) j++;
    if (j > i) {
      out.add(latin1.decode(b.subarray(i, j)));
      i = j;
      continue;
    }
    const cp = decodeOne(b, i);
    if (cp === null) {
      out.add("\\x" + b[i]!.toString(16).toUpperCase().padStart(2, "0"));
      i++;
      continue;
    }
    i += cp.length;
    const c = cp.code;
    const ch = String.fromCodePoint(c);
    if (ch === '"' || ch === "\\") {
      out.add("\\" + ch);
    } else if (ch === "#" && i < b.length && (b[i] === 0x7b || b[i] === 0x24 || b[i] === 0x40)) {
      out.add("\\#"); // "#{", "#$" and "#@" would interpolate in a Ruby string
    } else if (INSPECT_CONTROL[c] !== undefined) {
      out.add(INSPECT_CONTROL[c]!);
    } else if (isPrintable(ch)) {
      out.add(ch);
    } else if (c < 0x10000) {
      out.add("\\u" + c.toString(16).toUpperCase().padStart(4, "0"));
    } else {
      out.add("\\u{" + c.toString(16).toUpperCase() + "}");
    }
  }
  out.add('"');
  return out.toString();
}

const latin1 = new TextDecoder("latin1");

/** Printable ASCII needing no escape here: not `"` or `\`, not a `#` before `{`, `$` or `@`. */
function showsAsItself(x: number, next: number | undefined): boolean {
  if (x < 0x20 || x > 0x7e || x === 0x22 || x === 0x5c) return false;
  return x !== 0x23 || (next !== 0x7b && next !== 0x24 && next !== 0x40);
}

/** One well-formed UTF-8 sequence at `i` (no overlongs, surrogates or > U+10FFFF), or null. */
function decodeOne(b: Uint8Array, i: number): { code: number; length: number } | null {
  const x = b[i]!;
  if (x < 0x80) return { code: x, length: 1 };
  let n: number;
  let min: number;
  let code: number;
  if (x >= 0xc2 && x <= 0xdf) {
    n = 1;
    min = 0x80;
    code = x & 0x1f;
  } else if (x >= 0xe0 && x <= 0xef) {
    n = 2;
    min = 0x800;
    code = x & 0x0f;
  } else if (x >= 0xf0 && x <= 0xf4) {
    n = 3;
    min = 0x10000;
    code = x & 0x07;
  } else {
    return null;
  }
  for (let k = 1; k <= n; k++) {
    const y = b[i + k];
    if (y === undefined || (y & 0xc0) !== 0x80) return null;
    code = (code << 6) | (y & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return { code, length: n + 1 };
}
