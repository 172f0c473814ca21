/**
 * CBOR to diagnostic notation.
 *
 * - default: compact EDN on one line, `{"a": 1, "b": [2, 3]}`, byte strings as
 *   h'..', encoding indicators only where the encoding is not the preferred
 *   one (RFC 8949 section 4.2) and `_` for indefinite lengths, so the text
 *   parses back to the same bytes.
 * - `pretty`: the same EDN laid out over several lines, two spaces per level;
 *   a container that fits in 80 columns and holds no non-empty container
 *   stays on one line. Byte strings that are readable UTF-8 are written
 *   '...', and long strings are split over lines ('a' + 'b', h'' with line
 *   breaks), as the drafts' own .edn files do.
 * - `annotate`: the annotated hex dump of the drafts' `.pretty` files (see
 *   annotate.ts). It wins over `pretty`.
 */
import type { CborItem, HeadWidth } from "../runtime/cbor-item.js";
import { decodeSequence } from "../runtime/cbor-item.js";
import { annotateCbor } from "./annotate.js";
import { hexOf } from "./text-out.js";
import { formatFloat, preferredFloatWidth } from "./floats.js";

export interface CborToEdnOptions {
  /** Several lines, indented. */
  pretty?: boolean;
  /** Hex with `#` comments, like the drafts' `.pretty` files. */
  annotate?: boolean;
}

const LINE_WIDTH = 80;

/**
 * Diagnostic notation for encoded CBOR: one item, or a sequence (RFC 8742),
 * whose items are separated by commas. Malformed CBOR throws the decoder's
 * error.
 */
export function cborToEdn(bytes: Uint8Array, options: CborToEdnOptions = {}): string {
  const items = decodeSequence(bytes, { keepWidths: true, duplicateKeys: "keep" });
  if (options.annotate) return annotateCbor(bytes);
  return items.map((item) => itemToEdn(item, options)).join(options.pretty ? ",\n" : ", ");
}

/** Diagnostic notation for one decoded item; `annotate` does not apply here. */
export function itemToEdn(item: CborItem, options: { pretty?: boolean } = {}): string {
  return options.pretty ? pretty(item, 0) : compact(item);
}

// ---------------------------------------------------------------- indicators

const INDICATOR: Record<HeadWidth, string> = { 0: "_i", 1: "_0", 2: "_1", 4: "_2", 8: "_3" };

function preferredWidth(arg: bigint): HeadWidth {
  if (arg < 24n) return 0;
  if (arg < 0x100n) return 1;
  if (arg < 0x10000n) return 2;
  if (arg < 0x100000000n) return 4;
  return 8;
}

/** The indicator for `width` if it is set and not the preferred width for `arg`. */
function indicator(width: HeadWidth | undefined, arg: bigint | number): string {
  return width === undefined || width === preferredWidth(BigInt(arg)) ? "" : INDICATOR[width];
}

/** What goes after "[" or "{": "_ " for indefinite, "_N " for a longer length. */
function containerPrefix(indefinite: boolean | undefined, width: HeadWidth | undefined, count: number): string {
  if (indefinite) return "_ ";
  const ind = indicator(width, count);
  return ind === "" ? "" : ind + " ";
}

// ---------------------------------------------------------------- compact

function compact(item: CborItem): string {
  switch (item.type) {
    case "uint":
      return item.value.toString() + indicator(item.width, item.value);
    case "nint":
      return item.value.toString() + indicator(item.width, -1n - item.value);
    case "float": {
      const w = item.width;
      return formatFloat(item.value) + (w === undefined || w === preferredFloatWidth(item.value) ? "" : INDICATOR[w]);
    }
    case "simple": {
      const ind = indicator(item.width, item.value);
      if (ind === "" && item.value >= 20 && item.value <= 23) return SIMPLE_NAMES[item.value - 20]!;
      return `simple(${item.value})${ind}`;
    }
    case "bytes":
      if (item.chunks) {
        if (item.chunks.length === 0) return "''_";
        return `(_ ${item.chunks.map((c) => bytesLiteral(c.value) + indicator(c.width, c.value.length)).join(", ")})`;
      }
      return bytesLiteral(item.value) + indicator(item.width, item.value.length);
    case "text":
      if (item.chunks) {
        if (item.chunks.length === 0) return '""_';
        return `(_ ${item.chunks.map((c) => JSON.stringify(c.value) + indicator(c.width, utf8Length(c.value))).join(", ")})`;
      }
      return JSON.stringify(item.value) + indicator(item.width, utf8Length(item.value));
    case "array":
      return `[${containerPrefix(item.indefinite, item.width, item.items.length)}${item.items.map(compact).join(", ")}]`;
    case "map":
      return `{${containerPrefix(item.indefinite, item.width, item.entries.length)}${item.entries
        .map(([k, v]) => `${compact(k)}: ${compact(v)}`)
        .join(", ")}}`;
    case "tag":
      return `${item.tag}${indicator(item.width, item.tag)}(${compact(item.item)})`;
  }
}

const SIMPLE_NAMES = ["false", "true", "null", "undefined"] as const;

function bytesLiteral(b: Uint8Array): string {
  return `h'${hexOf(b)}'`;
}

const encoder = new TextEncoder();
function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

// ---------------------------------------------------------------- pretty

/** `indent` is the column the item starts at. */
function pretty(item: CborItem, indent: number): string {
  switch (item.type) {
    case "tag":
      return `${item.tag}${indicator(item.width, item.tag)}(${pretty(item.item, indent)})`;
    case "bytes":
      return item.chunks ? compact(item) : prettyBytes(item.value, indicator(item.width, item.value.length), indent);
    case "text":
      return item.chunks ? compact(item) : prettyText(item.value, indicator(item.width, utf8Length(item.value)), indent);
    case "array":
    case "map":
      break;
    default:
      return compact(item);
  }
  const flat = compact(item);
  const children = item.type === "array" ? item.items : item.entries.flat();
  const nested = children.some((c) => isNonEmptyContainer(c));
  if (children.length === 0 || (!nested && indent + flat.length <= LINE_WIDTH)) return flat;

  const pad = " ".repeat(indent + 2);
  const count = item.type === "array" ? item.items.length : item.entries.length;
  const prefix = containerPrefix(item.indefinite, item.width, count).trimEnd();
  const lines =
    item.type === "array"
      ? item.items.map((i) => pad + pretty(i, indent + 2))
      : item.entries.map(([k, v]) => `${pad}${pretty(k, indent + 2)}: ${pretty(v, indent + 2)}`);
  const [open, close] = item.type === "array" ? ["[", "]"] : ["{", "}"];
  return `${open}${prefix}\n${lines.join(",\n")}\n${" ".repeat(indent)}${close}`;
}

function isNonEmptyContainer(item: CborItem): boolean {
  if (item.type === "tag") return isNonEmptyContainer(item.item);
  return (item.type === "array" && item.items.length > 0) || (item.type === "map" && item.entries.length > 0);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const SQ_ESCAPES: Record<string, string> = { "'": "\\'", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
/** A character that is neither printable (annotate.ts isPrintable) nor one of SQ_ESCAPES: one test over the whole text. */
const UNSHOWABLE_IN_SQ = /(?![\n\r\t])[\p{Cc}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;

/**
 * Byte strings that are readable UTF-8 text as '...' (RFC 8610 G.2), others
 * as h'...'; either split over several lines when too long for the line.
 */
function prettyBytes(b: Uint8Array, ind: string, indent: number): string {
  const budget = Math.max(32, LINE_WIDTH - indent - 4);
  let text: string | null = null;
  if (b.length > 0) {
    try {
      text = strictUtf8.decode(b);
    } catch {
      text = null;
    }
  }
  if (text !== null && !UNSHOWABLE_IN_SQ.test(text)) {
    const pieces = splitText(text, (ch) => SQ_ESCAPES[ch] ?? ch, budget);
    return pieces.map((p) => `'${p}'`).join(" +\n" + " ".repeat(indent)) + ind;
  }
  const hex = bytesLiteral(b).slice(2, -1);
  if (hex.length + 3 + indent <= LINE_WIDTH) return `h'${hex}'${ind}`;
  const perLine = Math.max(32, Math.floor((LINE_WIDTH - indent - 5) / 32) * 32);
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += perLine) lines.push(hex.slice(i, i + perLine));
  return `h'${lines.join("\n" + " ".repeat(indent + 2))}'${ind}`;
}

/** A text string, split into "..." + "..." pieces when too long for the line. */
function prettyText(s: string, ind: string, indent: number): string {
  const flat = JSON.stringify(s);
  if (indent + flat.length + ind.length <= LINE_WIDTH) return flat + ind;
  const budget = Math.max(32, LINE_WIDTH - indent - 4);
  const pieces = splitText(s, (ch) => JSON.stringify(ch).slice(1, -1), budget);
  return pieces.map((p) => `"${p}"`).join(" +\n" + " ".repeat(indent)) + ind;
}

/**
 * Escape `s` character by character and cut it into pieces of at most
 * `budget` characters, preferring to cut after a space or newline in the
 * second half of a piece. Escapes are never cut.
 */
function splitText(s: string, escape: (ch: string) => string, budget: number): string[] {
  const pieces: string[] = [];
  let cur: string[] = [];
  let len = 0;
  for (const ch of s) {
    const e = escape(ch);
    if (len + e.length > budget && cur.length > 0) {
      let cut = cur.length;
      for (let i = cur.length - 1; i > cur.length / 2; i--) {
        if (cur[i] === " " || cur[i] === "\\n") {
          cut = i + 1;
          break;
        }
      }
      pieces.push(cur.slice(0, cut).join(""));
      cur = cur.slice(cut);
      len = cur.reduce((n, x) => n + x.length, 0);
    }
    cur.push(e);
    len += e.length;
  }
  pieces.push(cur.join(""));
  return pieces;
}
