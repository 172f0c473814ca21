/**
 * CBOR extended diagnostic notation (EDN) to CBOR data items.
 *
 * The syntax is grammar/edn.peggy; this file gives it meaning: numbers in
 * every base, floats and their widths, string escapes, app-strings (h'',
 * b64'', b32'', h32''), concatenation, embedded CBOR (<< >>), encoding
 * indicators (RFC 8949 section 8.1) and their range checks.
 *
 * Encoding indicators: `_` is indefinite length; `_i` puts the argument in
 * the initial byte; `_0`, `_1`, `_2`, `_3` select additional information
 * 24 + n, that is a 1-, 2-, 4- or 8-byte argument. On floats `_1`, `_2`, `_3`
 * select half, single and double precision.
 */
import type { CborItem, HeadWidth } from "../runtime/cbor-item.js";
import { encodeItem } from "../runtime/cbor-item.js";
import { loadGrammar } from "../tpl/load-grammar.js";
import { fitsHalf, fitsSingle } from "./floats.js";
import { DEFAULT_EDN_MAX_NESTING, scanEdn } from "./scan-edn.js";

export interface EdnLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units like the grammar's locations. */
  col: number;
}

export interface EdnDiagnostic {
  message: string;
  at: EdnLocation;
}

export interface EdnParseResult {
  /** The items of the sequence (RFC 8742): usually exactly one. */
  items: CborItem[];
  /** Empty when the text is valid EDN. */
  errors: EdnDiagnostic[];
}

/**
 * Parse EDN text: one item, or several separated by commas (a CBOR
 * sequence). Never throws for bad input. After a syntax error `items` is
 * empty; after a semantic error (bad hex, out-of-range indicator, ...) the
 * offending item is replaced by `undefined` so the rest is still checked.
 */
export function parseEdn(text: string, options: ParseEdnOptions = {}): EdnParseResult {
  const max = options.maxNesting ?? DEFAULT_EDN_MAX_NESTING;
  const c = new Converter(text);
  const scanned = scanEdn(text, max);
  if (scanned.tooDeepAt !== undefined) {
    return { items: [], errors: [{ message: `nested deeper than ${max} levels (maxNesting)`, at: c.locate(scanned.tooDeepAt) }] };
  }
  let nodes: Node[];
  try {
    nodes = loadGrammar("edn", ["Seq"]).parse(scanned.text, { startRule: "Seq", lifted: scanned.lifted }) as Node[];
  } catch (e) {
    if (isPeggyError(e)) {
      const at = scanned.text === text ? { line: e.location.start.line, col: e.location.start.column } : c.locate(scanned.toSource(e.location.start.offset));
      return { items: [], errors: [{ message: e.message, at }] };
    }
    if (e instanceof RangeError) return { items: [], errors: [{ message: "nesting too deep to parse", at: { line: 1, col: 1 } }] };
    throw e;
  }
  if (scanned.text !== text) toSourceOffsets(nodes, scanned.toSource);
  let items: ReturnType<Converter["item"]>[];
  try {
    items = nodes.map((n) => c.item(n));
  } catch (e) {
    if (e instanceof RangeError) return { items: [], errors: [{ message: "nesting too deep to convert", at: { line: 1, col: 1 } }] };
    throw e;
  }
  c.errors.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
  return { items, errors: c.errors };
}

// ---------------------------------------------------------------- grammar nodes

type Spec = string | null;
type NumForm = "dec" | "decfloat" | "hex" | "oct" | "bin" | "hexfloat" | "nonfin";

type NumNode = { k: "num"; form: NumForm; text: string; spec: Spec; at: number };
type StrNode = { k: "str"; chunks: Chunk[]; at: number };
type Node =
  | NumNode
  | { k: "tag"; num: string; spec: Spec; item: Node; at: number }
  | { k: "kw"; v: "false" | "true" | "null" | "undefined"; at: number }
  | { k: "simple"; item: Node; spec: Spec; at: number; end: number }
  | StrNode
  | { k: "stream"; strs: StrNode[]; at: number }
  | { k: "array"; spec: Spec; items: Node[]; at: number }
  | { k: "map"; spec: Spec; entries: [Node, Node][]; at: number };
type Chunk =
  | { k: "t" | "sq" | "h"; body: string; spec: Spec; at: number; end: number }
  | { k: "app"; prefix: string; body: string; spec: Spec; at: number; end: number }
  | { k: "emb"; items: Node[]; spec: Spec; at: number; end: number };

interface PeggyError {
  message: string;
  location: { start: { offset: number; line: number; column: number } };
}

export interface ParseEdnOptions {
  /**
   * Brackets (`[`, `{`, `(`, `<<`) open at once. Deeper text is not parsed
   * (the parser recurses per level): one error at the bracket. Default 256.
   */
  readonly maxNesting?: number;
}

/** Offsets in a tree parsed from shortened text (scan-edn.ts) -> offsets in the caller's text. */
function toSourceOffsets(nodes: readonly Node[], toSource: (offset: number) => number): void {
  const stack: unknown[] = [...nodes];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== "object") continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const o = n as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if ((k === "at" || k === "end") && typeof v === "number") o[k] = toSource(v);
      else if (typeof v === "object") stack.push(v);
    }
  }
}

function isPeggyError(e: unknown): e is PeggyError {
  return e instanceof Error && e.name === "SyntaxError" && typeof (e as { location?: unknown }).location === "object";
}

// ---------------------------------------------------------------- conversion

const MAX_U64 = (1n << 64n) - 1n;
/** Characters of an integer literal (sign and base prefix included) that are read. */
const MAX_INTEGER_CHARS = 10_000;
const UNDEFINED: CborItem = { type: "simple", value: 23 };
const SIMPLE_KEYWORDS = { false: 20, true: 21, null: 22, undefined: 23 } as const;
const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

/** A parsed encoding indicator. */
type Indicator = { kind: "none" } | { kind: "indefinite" } | { kind: "width"; width: HeadWidth };

const WIDTHS: Record<string, HeadWidth> = { i: 0, "0": 1, "1": 2, "2": 4, "3": 8 };

/** Largest argument each head width can carry. */
function widthFits(arg: bigint, width: HeadWidth): boolean {
  switch (width) {
    case 0:
      return arg < 24n;
    case 1:
      return arg < 0x100n;
    case 2:
      return arg < 0x10000n;
    case 4:
      return arg < 0x100000000n;
    case 8:
      return arg <= MAX_U64;
  }
}

function withWidth<T extends object>(item: T, width: HeadWidth | undefined): T & { width?: HeadWidth } {
  return width === undefined ? item : { ...item, width };
}

/** One resolved string: its bytes, whether it is text, and its head width. */
interface ResolvedString {
  bytes: Uint8Array;
  text: boolean;
  width: HeadWidth | undefined;
  /** `''_` or `""_`: an indefinite-length string with no chunks. */
  emptyIndefinite: boolean;
}

class Converter {
  readonly errors: EdnDiagnostic[] = [];
  private lineStarts: number[] | null = null;

  constructor(private readonly text: string) {}

  item(n: Node): CborItem {
    switch (n.k) {
      case "num":
        return this.number(n);
      case "kw":
        return { type: "simple", value: SIMPLE_KEYWORDS[n.v] };
      case "simple":
        return this.simple(n.item, n.spec, n.at, n.end);
      case "tag":
        return this.tag(n.num, n.spec, n.item, n.at);
      case "str":
        return this.string(n);
      case "stream":
        return this.stream(n.strs, n.at);
      case "array": {
        const items = n.items.map((i) => this.item(i));
        const ind = this.lengthIndicator(n.spec, items.length, n.at + 1);
        return ind.kind === "indefinite"
          ? { type: "array", items, indefinite: true }
          : withWidth({ type: "array" as const, items }, ind.kind === "width" ? ind.width : undefined);
      }
      case "map": {
        const entries = n.entries.map(([k, v]) => [this.item(k), this.item(v)] as const);
        const ind = this.lengthIndicator(n.spec, entries.length, n.at + 1);
        return ind.kind === "indefinite"
          ? { type: "map", entries, indefinite: true }
          : withWidth({ type: "map" as const, entries }, ind.kind === "width" ? ind.width : undefined);
      }
    }
  }

  // ------------------------------------------------------------ errors

  private error(message: string, offset: number): void {
    this.errors.push({ message, at: this.locate(offset) });
  }

  /** 1-based line and column of an offset in the text. */
  locate(offset: number): EdnLocation {
    if (this.lineStarts === null) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 0x0a) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }

  /** Offset of the "_" of an indicator that ends just before `end`. */
  private specAt(spec: string, end: number): number {
    return end - spec.length - 1;
  }

  // ------------------------------------------------------------ indicators

  private indicator(spec: Spec, offset: number): Indicator | null {
    if (spec === null) return { kind: "none" };
    if (spec === "") return { kind: "indefinite" };
    const width = WIDTHS[spec];
    if (width === undefined) {
      this.error(`unknown encoding indicator _${spec} (expected _, _i, _0, _1, _2 or _3)`, offset);
      return null;
    }
    return { kind: "width", width };
  }

  /** Indicator on an integer argument (value, tag number, simple value): no "_". */
  private argumentWidth(spec: Spec, arg: bigint, offset: number, what: string): HeadWidth | undefined {
    const ind = this.indicator(spec, offset);
    if (ind === null || ind.kind === "none") return undefined;
    if (ind.kind === "indefinite") {
      this.error(`${what} cannot have indefinite length (_)`, offset);
      return undefined;
    }
    if (!widthFits(arg, ind.width)) {
      this.error(`${what} ${arg} does not fit encoding indicator _${spec}`, offset);
      return undefined;
    }
    return ind.width;
  }

  /** Indicator on an array or map: "_" is indefinite, a width must fit the count. */
  private lengthIndicator(spec: Spec, count: number, offset: number): Indicator {
    const ind = this.indicator(spec, offset);
    if (ind === null) return { kind: "none" };
    if (ind.kind === "width" && !widthFits(BigInt(count), ind.width)) {
      this.error(`length ${count} does not fit encoding indicator _${spec}`, offset);
      return { kind: "none" };
    }
    return ind;
  }

  // ------------------------------------------------------------ numbers

  private number(n: NumNode): CborItem {
    const specOffset = n.at + n.text.length;
    if (n.form === "decfloat" || n.form === "hexfloat" || n.form === "nonfin") {
      const value = n.form === "hexfloat" ? parseHexFloat(n.text) : n.form === "nonfin" ? parseNonFinite(n.text) : Number(n.text);
      return this.float(value, n.spec, specOffset);
    }
    if (n.text.length > MAX_INTEGER_CHARS) return this.tooLong(n.text, n.at);
    const value = parseInteger(n.text);
    if (value >= 0n) {
      if (value > MAX_U64) return this.bignum(2n, value, n.spec, specOffset);
      return withWidth({ type: "uint" as const, value }, this.argumentWidth(n.spec, value, specOffset, "integer"));
    }
    const arg = -1n - value;
    if (arg > MAX_U64) return this.bignum(3n, arg, n.spec, specOffset);
    return withWidth({ type: "nint" as const, value }, this.argumentWidth(n.spec, arg, specOffset, "integer argument"));
  }

  /** Decimal integers are converted in time superlinear in their length: a longer literal is an error. */
  private tooLong(text: string, at: number): CborItem {
    this.error(`an integer literal of ${text.length} characters; at most ${MAX_INTEGER_CHARS} are read (a bignum of about 4 KB)`, at);
    return UNDEFINED;
  }

  /** Integers beyond 64 bits become tag 2 / tag 3 bignums (RFC 8949 section 3.4.3). */
  private bignum(tag: bigint, magnitude: bigint, spec: Spec, offset: number): CborItem {
    if (spec !== null) this.error("an integer beyond 64 bits is a bignum and cannot take an encoding indicator", offset);
    let hex = magnitude.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    return { type: "tag", tag, item: { type: "bytes", value: hexToBytes(hex) } };
  }

  private float(value: number, spec: Spec, offset: number): CborItem {
    const ind = this.indicator(spec, offset);
    if (ind === null || ind.kind === "none") return { type: "float", value };
    if (ind.kind === "indefinite" || ind.width < 2) {
      this.error(`encoding indicator _${spec} does not apply to a float (use _1, _2 or _3)`, offset);
      return { type: "float", value };
    }
    const width = ind.width as 2 | 4 | 8;
    if ((width === 2 && !fitsHalf(value)) || (width === 4 && !fitsSingle(value))) {
      this.error(`${value} is not exactly representable as a ${width === 2 ? "half" : "single"}-precision float (_${spec})`, offset);
      return { type: "float", value };
    }
    return { type: "float", value, width };
  }

  // ------------------------------------------------------------ tags and simple values

  private tag(num: string, spec: Spec, inner: Node, at: number): CborItem {
    if (num.length > MAX_INTEGER_CHARS) return this.tooLong(num, at);
    const tag = parseInteger(num);
    const item = this.item(inner);
    if (tag > MAX_U64) {
      this.error(`tag number ${tag} is beyond 64 bits`, at);
      return UNDEFINED;
    }
    const width = this.argumentWidth(spec, tag, at + num.length, "tag number");
    return withWidth({ type: "tag" as const, tag, item }, width);
  }

  private simple(inner: Node, spec: Spec, at: number, end: number): CborItem {
    if (inner.k !== "num" || inner.spec !== null || !["dec", "hex", "oct", "bin"].includes(inner.form)) {
      this.error("simple() takes an unsigned integer without encoding indicator", at);
      return UNDEFINED;
    }
    if (inner.text.length > MAX_INTEGER_CHARS) return this.tooLong(inner.text, inner.at);
    const value = parseInteger(inner.text);
    if (value < 0n || value > 255n || (value >= 24n && value < 32n)) {
      this.error(`simple value ${value} is out of range (0..23 or 32..255)`, inner.at);
      return UNDEFINED;
    }
    const v = Number(value);
    if (spec === null) return { type: "simple", value: v };
    const specOffset = this.specAt(spec, end);
    if (spec === "i" && v < 24) return { type: "simple", value: v, width: 0 };
    if (spec === "0" && v >= 32) return { type: "simple", value: v, width: 1 };
    this.error(`encoding indicator _${spec} does not fit simple(${v})`, specOffset);
    return { type: "simple", value: v };
  }

  // ------------------------------------------------------------ strings

  private string(n: StrNode): CborItem {
    const s = this.resolveString(n, true);
    if (s === null) return UNDEFINED;
    if (s.emptyIndefinite) return s.text ? { type: "text", value: "", chunks: [] } : { type: "bytes", value: new Uint8Array(0), chunks: [] };
    if (!s.text) return withWidth({ type: "bytes" as const, value: s.bytes }, s.width);
    return withWidth({ type: "text" as const, value: fatalUtf8.decode(s.bytes) }, s.width);
  }

  private stream(strs: StrNode[], at: number): CborItem {
    if (strs.length === 0) {
      this.error("an empty (_ ) has no type: write ''_ or \"\"_", at);
      return UNDEFINED;
    }
    const parts: ResolvedString[] = [];
    for (const s of strs) {
      const r = this.resolveString(s, false);
      if (r === null) return UNDEFINED;
      parts.push(r);
    }
    const text = parts[0]!.text;
    if (parts.some((p) => p.text !== text)) {
      this.error("the chunks of an indefinite-length string must all be text strings or all byte strings", at);
      return UNDEFINED;
    }
    const value = concatBytes(parts.map((p) => p.bytes));
    if (!text) {
      return { type: "bytes", value, chunks: parts.map((p) => withWidth({ value: p.bytes }, p.width)) };
    }
    return {
      type: "text",
      value: fatalUtf8.decode(value),
      chunks: parts.map((p) => withWidth({ value: fatalUtf8.decode(p.bytes) }, p.width)),
    };
  }

  /**
   * Concatenate the literals of one string. The first literal decides the
   * type: after a text string, byte-string literals may supply (valid UTF-8)
   * bytes (RFC 8610 G.4); after a byte string, a text string is an error.
   * An encoding indicator belongs after the last literal.
   */
  private resolveString(n: StrNode, allowIndefinite: boolean): ResolvedString | null {
    const parts: Uint8Array[] = [];
    const text = n.chunks[0]!.k === "t";
    let ok = true;
    n.chunks.forEach((c, i) => {
      if (c.spec !== null && i !== n.chunks.length - 1) {
        this.error("an encoding indicator applies to a whole concatenated string: put it after the last part", this.specAt(c.spec, c.end));
        ok = false;
      }
      if (c.k === "t" && !text) {
        this.error("a text string cannot be concatenated to a byte string", c.at);
        ok = false;
      }
      const b = this.chunkBytes(c);
      if (b === null) ok = false;
      else parts.push(b);
    });
    if (!ok) return null;
    const bytes = concatBytes(parts);
    const last = n.chunks[n.chunks.length - 1]!;
    if (text && !isValidUtf8(bytes)) {
      this.error("the concatenated text string is not valid UTF-8", n.at);
      return null;
    }
    const specOffset = this.specAt(last.spec ?? "", last.end);
    const ind = this.indicator(last.spec, specOffset);
    if (ind === null) return null;
    if (ind.kind === "indefinite") {
      if (!allowIndefinite || bytes.length > 0) {
        this.error(
          allowIndefinite
            ? "only an empty string ('' or \"\") can take _ ; write an indefinite-length string as (_ chunk, chunk)"
            : "a chunk of an indefinite-length string cannot itself be indefinite",
          specOffset,
        );
        return null;
      }
      return { bytes, text, width: undefined, emptyIndefinite: true };
    }
    let width: HeadWidth | undefined;
    if (ind.kind === "width") {
      if (!widthFits(BigInt(bytes.length), ind.width)) {
        this.error(`length ${bytes.length} does not fit encoding indicator _${last.spec}`, specOffset);
        return null;
      }
      width = ind.width;
    }
    return { bytes, text, width, emptyIndefinite: false };
  }

  private chunkBytes(c: Chunk): Uint8Array | null {
    switch (c.k) {
      case "t": {
        const s = this.unescape(c.body, c.at + 1, '"');
        return s === null ? null : utf8.encode(s);
      }
      case "sq": {
        const s = this.unescape(c.body, c.at + 1, "'");
        return s === null ? null : utf8.encode(s);
      }
      case "h":
        if (c.body.length % 2 !== 0) {
          this.error(`h'' holds an odd number of hex digits (${c.body.length})`, c.at);
          return null;
        }
        return hexToBytes(c.body);
      case "app":
        return this.appString(c.prefix, c.body, c.at);
      case "emb": {
        const items = c.items.map((i) => this.item(i));
        return concatBytes(items.map((i) => encodeItem(i)));
      }
    }
  }

  private appString(prefix: string, body: string, at: number): Uint8Array | null {
    const bodyAt = at + prefix.length + 1;
    const compact = body.replace(/[ \t\r\n]/g, "");
    let out: Uint8Array | null;
    switch (prefix) {
      case "b64":
        out = decodeBase64(compact);
        break;
      case "b32":
        out = decodeBase32(compact, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        break;
      case "h32":
        out = decodeBase32(compact, "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        break;
      default:
        this.error(`unsupported app-string prefix ${prefix}'' (supported: h, b64, b32, h32)`, at);
        return null;
    }
    if (out === null) this.error(`invalid ${prefix}'' content`, bodyAt);
    return out;
  }

  /**
   * JSON escapes plus `\'` and `\u{...}` (EDN). `quote` is the delimiter, so
   * the grammar has already checked that it appears only escaped.
   */
  private unescape(body: string, bodyAt: number, quote: string): string | null {
    if (!body.includes("\\")) return body;
    let out = "";
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const e = body[++i];
      switch (e) {
        case '"':
        case "'":
        case "\\":
        case "/":
          out += e;
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const r = this.unicodeEscape(body, i + 1, bodyAt);
          if (r === null) return null;
          out += r.text;
          i = r.next - 1;
          break;
        }
        default:
          this.error(`invalid escape \\${e ?? ""} in a ${quote === '"' ? "text" : "byte"} string`, bodyAt + i - 1);
          return null;
      }
    }
    return out;
  }

  /** `\uXXXX` (with surrogate pairs) or `\u{X...}`; `i` is just after the "u". */
  private unicodeEscape(body: string, i: number, bodyAt: number): { text: string; next: number } | null {
    const fail = (): null => {
      this.error("invalid \\u escape", bodyAt + i - 2);
      return null;
    };
    if (body[i] === "{") {
      const close = body.indexOf("}", i);
      const hex = close < 0 ? "" : body.slice(i + 1, close);
      if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) return fail();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return fail();
      return { text: String.fromCodePoint(cp), next: close + 1 };
    }
    const hex4 = (at: number): number => (/^[0-9a-fA-F]{4}$/.test(body.slice(at, at + 4)) ? parseInt(body.slice(at, at + 4), 16) : -1);
    const u = hex4(i);
    if (u < 0) return fail();
    if (u >= 0xdc00 && u <= 0xdfff) return fail();
    if (u >= 0xd800 && u <= 0xdbff) {
      const lo = body.slice(i + 4, i + 6) === "\\u" ? hex4(i + 6) : -1;
      if (lo < 0xdc00 || lo > 0xdfff) return fail();
      return { text: String.fromCharCode(u, lo), next: i + 10 };
    }
    return { text: String.fromCharCode(u), next: i + 4 };
  }
}

// ---------------------------------------------------------------- helpers

function parseInteger(text: string): bigint {
  const neg = text.startsWith("-");
  const v = BigInt(neg ? text.slice(1) : text);
  return neg ? -v : v;
}

function parseNonFinite(text: string): number {
  if (text.endsWith("NaN")) return NaN;
  return text.startsWith("-") ? -Infinity : Infinity;
}

/** `-0x1.8p1` style hex floats (C99 / IEEE 754 hexadecimal significand). */
export function parseHexFloat(text: string): number {
  const neg = text.startsWith("-");
  const body = text.slice(neg ? 3 : 2);
  const p = body.search(/[pP]/);
  const [intPart = "", fracPart = ""] = body.slice(0, p).split(".");
  let exp = parseInt(body.slice(p + 1), 10) - 4 * fracPart.length;
  const mantissa = BigInt("0x" + (intPart + fracPart || "0"));
  // Scale in steps so 2**exp itself never overflows or underflows early.
  let v = Number(mantissa);
  while (exp > 0 && v !== 0 && Number.isFinite(v)) {
    const step = Math.min(exp, 1000);
    v *= 2 ** step;
    exp -= step;
  }
  while (exp < 0 && v !== 0) {
    const step = Math.max(exp, -1000);
    v *= 2 ** step;
    exp -= step;
  }
  return neg ? -v : v;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function isValidUtf8(b: Uint8Array): boolean {
  try {
    fatalUtf8.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** base64 or base64url (RFC 4648 sections 4 and 5), padding optional. */
function decodeBase64(s: string): Uint8Array | null {
  const m = /^([A-Za-z0-9+/\-_]*)(=*)$/.exec(s);
  if (m === null) return null;
  const data = m[1]!;
  if (/[+/]/.test(data) && /[-_]/.test(data)) return null; // mixed alphabets
  if (data.length % 4 === 1) return null;
  if (m[2]!.length > 0 && (data.length + m[2]!.length) % 4 !== 0) return null;
  const std = data.replace(/-/g, "+").replace(/_/g, "/");
  // atob/btoa rather than Buffer: EDN is parsed in the playground's page too
  let bin: string;
  try {
    bin = atob(std);
  } catch {
    return null;
  }
  const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  // Reject non-canonical trailing bits, which decoding silently drops.
  if (btoa(bin).replace(/=+$/, "") !== std) return null;
  return out;
}

/** base32 / base32hex (RFC 4648 sections 6 and 7), padding optional. */
function decodeBase32(s: string, alphabet: string): Uint8Array | null {
  const m = /^([^=]*)(=*)$/.exec(s.toUpperCase());
  if (m === null) return null;
  const data = m[1]!;
  if (![0, 2, 4, 5, 7].includes(data.length % 8)) return null;
  if (m[2]!.length > 0 && (data.length + m[2]!.length) % 8 !== 0) return null;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of data) {
    const d = alphabet.indexOf(ch);
    if (d < 0) return null;
    acc = (acc << 5) | d;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  if (acc !== 0) return null; // non-zero leftover bits
  return Uint8Array.from(out);
}
