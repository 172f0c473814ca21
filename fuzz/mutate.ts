/**
 * Mutations of binary inputs (for the decoders) and of source text (for the
 * parsers). Each mutation returns a new value; inputs are never changed in
 * place, since seeds are shared.
 */
import type { Rng } from "./rng.js";

export const MAX_INPUT = 256 * 1024;

const INTERESTING = [0x00, 0x01, 0x02, 0x10, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x3f, 0x40, 0x41, 0x5f, 0x7f, 0x80, 0x81, 0x9f, 0xa1, 0xbf, 0xc0, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfe, 0xff];

/** Byte patterns a length field may be replaced by: huge varints, u16/u24/u32 maxima, CBOR 8-byte heads. */
const TPL_LENGTHS: readonly number[][] = [
  [0xbf, 0xff, 0xff, 0xff], // varint 2^30-1
  [0x80, 0x00, 0x40, 0x00], // varint 16384
  [0x7f, 0xff], // varint 16383
  [0x40, 0x3f], // non-minimal varint
  [0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01], // 8-byte varint prefix (invalid in MLS)
  [0x3f],
  [0xff, 0xff],
  [0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0xff],
  [0x7f, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x00, 0x00],
];

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(Math.min(n, MAX_INPUT));
  let at = 0;
  for (const p of parts) {
    if (at >= out.length) break;
    const take = Math.min(p.length, out.length - at);
    out.set(take === p.length ? p : p.subarray(0, take), at);
    at += take;
  }
  return out;
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.chance(0.5) ? rng.pick(INTERESTING) : rng.int(256);
  return b;
}

/** Offsets of CBOR item heads, found by a flat walk that stops at the first malformed head. */
export function cborHeads(b: Uint8Array): number[] {
  const heads: number[] = [];
  let p = 0;
  while (p < b.length && heads.length < 4096) {
    const ib = b[p]!;
    const major = ib >>> 5;
    const ai = ib & 31;
    heads.push(p);
    let arg = 0;
    let q = p + 1;
    if (ai < 24) arg = ai;
    else if (ai <= 27) {
      const w = 1 << (ai - 24);
      if (q + w > b.length) break;
      for (let i = 0; i < w; i++) arg = arg * 256 + b[q + i]!;
      q += w;
    } else if (ai === 31) arg = 0;
    else break;
    if ((major === 2 || major === 3) && ai !== 31) q += arg;
    p = q;
  }
  return heads;
}

export type Fmt = "tpl" | "cbor";

/** One random mutation of `b`; `donors` are other inputs of the same decoder for crossover. */
export function mutateBytes(b: Uint8Array, rng: Rng, fmt: Fmt, donors: readonly Uint8Array[]): Uint8Array {
  const n = b.length;
  const pos = (): number => rng.int(n + 1);
  switch (rng.int(fmt === "cbor" ? 16 : 14)) {
    case 0: {
      // flip 1..4 bits
      if (n === 0) return randomBytes(rng, 1 + rng.int(8));
      const out = b.slice();
      for (let k = 1 + rng.int(4); k > 0; k--) out[rng.int(n)]! ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      // set a byte to an interesting or random value
      if (n === 0) return randomBytes(rng, 1);
      const out = b.slice();
      out[rng.int(n)] = rng.chance(0.6) ? rng.pick(INTERESTING) : rng.int(256);
      return out;
    }
    case 2: {
      // insert 1..16 bytes
      const p = pos();
      return concat(b.subarray(0, p), randomBytes(rng, 1 + rng.small(15)), b.subarray(p));
    }
    case 3: {
      // delete a range
      if (n === 0) return b;
      const p = rng.int(n);
      const len = 1 + rng.small(Math.min(64, n - p - 1 < 0 ? 0 : n - p - 1));
      return concat(b.subarray(0, p), b.subarray(Math.min(n, p + len)));
    }
    case 4:
      // truncate
      return b.slice(0, rng.int(n));
    case 5: {
      // duplicate a range in place (repeats a field or element)
      if (n === 0) return b;
      const p = rng.int(n);
      const len = 1 + rng.small(Math.min(256, n - p - 1));
      const chunk = b.subarray(p, Math.min(n, p + len));
      const reps = rng.chance(0.1) ? 1 + rng.small(2000) : 1 + rng.small(3);
      const parts: Uint8Array[] = [b.subarray(0, p)];
      for (let i = 0; i < reps; i++) parts.push(chunk);
      parts.push(b.subarray(p));
      return concat(...parts);
    }
    case 6: {
      // crossover: our prefix + a donor's suffix, or a donor's chunk inserted
      const d = donors.length ? rng.pick(donors) : b;
      if (rng.chance(0.5)) return concat(b.subarray(0, pos()), d.subarray(rng.int(d.length + 1)));
      const s = rng.int(d.length + 1);
      return concat(b.subarray(0, pos()), d.subarray(s, s + 1 + rng.small(128)), b.subarray(rng.int(n + 1)));
    }
    case 7: {
      // overwrite a range with random bytes
      if (n === 0) return randomBytes(rng, 1 + rng.small(16));
      const out = b.slice();
      const p = rng.int(n);
      for (let i = p, e = Math.min(n, p + 1 + rng.small(8)); i < e; i++) out[i] = rng.int(256);
      return out;
    }
    case 8: {
      // +-1 on a byte (length fields off by one)
      if (n === 0) return b;
      const out = b.slice();
      const p = rng.int(n);
      out[p] = (out[p]! + (rng.chance(0.5) ? 1 : 255)) & 0xff;
      return out;
    }
    case 9:
    case 10: {
      // TPL length splicing: overwrite (or insert) a huge / boundary length at a random offset
      const pat = Uint8Array.from(rng.pick(TPL_LENGTHS));
      const p = pos();
      if (rng.chance(0.5)) return concat(b.subarray(0, p), pat, b.subarray(Math.min(n, p + pat.length)));
      return concat(b.subarray(0, p), pat, b.subarray(p));
    }
    case 11: {
      // deep nesting: repeat a short prefix-like chunk many times
      const p = pos();
      const chunk = fmt === "cbor" ? Uint8Array.from(rng.pick([[0x81], [0xa1, 0x01], [0xc1], [0xd8, 0x18], [0x9f], [0x82, 0x00]])) : b.subarray(p, p + 1 + rng.small(4));
      const reps = 1 + rng.small(fmt === "cbor" ? 5000 : 500);
      const parts: Uint8Array[] = [b.subarray(0, p)];
      for (let i = 0; i < reps; i++) parts.push(chunk);
      parts.push(b.subarray(p));
      return concat(...parts);
    }
    case 12: {
      // replace the whole input by a short random one (rare)
      return randomBytes(rng, rng.small(32));
    }
    case 13: {
      // append random bytes (trailing data)
      return concat(b, randomBytes(rng, 1 + rng.small(8)));
    }
    default: {
      // CBOR head splicing: pick an item head and change its argument, width or major type
      const heads = cborHeads(b);
      if (heads.length === 0) return randomBytes(rng, 1 + rng.small(8));
      const h = rng.pick(heads);
      const ib = b[h]!;
      const major = ib >>> 5;
      const ai = ib & 31;
      const argLen = ai < 24 ? 0 : ai <= 27 ? 1 << (ai - 24) : 0;
      const rest = b.subarray(Math.min(n, h + 1 + argLen));
      switch (rng.int(6)) {
        case 0: // huge 64-bit argument
          return concat(b.subarray(0, h), Uint8Array.of((major << 5) | 27, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, rng.pick([0xff, 0xfe, 0x00])), rest);
        case 1: // 2^53, 2^32, 2^31 arguments
          return concat(b.subarray(0, h), Uint8Array.from(rng.pick([[(major << 5) | 27, 0, 0x20, 0, 0, 0, 0, 0, 0], [(major << 5) | 27, 0, 0, 0, 1, 0, 0, 0, 0], [(major << 5) | 26, 0x80, 0, 0, 0], [(major << 5) | 26, 0xff, 0xff, 0xff, 0xff]])), rest);
        case 2: // indefinite length, with or without a break somewhere after
          {
            const out = concat(b.subarray(0, h), Uint8Array.of((major << 5) | 31), rest);
            if (rng.chance(0.5)) return out;
            const p = h + 1 + rng.int(out.length - h);
            return concat(out.subarray(0, p), Uint8Array.of(0xff), out.subarray(p));
          }
        case 3: // another major type, same argument
          {
            const out = b.slice();
            out[h] = (rng.int(8) << 5) | ai;
            return out;
          }
        case 4: // non-shortest argument (widen)
          {
            const arg = ai < 24 ? ai : 0;
            return concat(b.subarray(0, h), Uint8Array.of((major << 5) | 25, 0, arg), ai < 24 ? b.subarray(h + 1) : rest);
          }
        default: // reserved additional information
          {
            const out = b.slice();
            out[h] = (major << 5) | (28 + rng.int(3));
            return out;
          }
      }
    }
  }
}

// ---------------------------------------------------------------- text

const SNIPPETS = [
  "{", "}", "[", "]", "(", ")", "<", ">", "<<", ">>", "/", "//", "/=", "//=", "=", "=>", ":", ";", ",", "..", "...", "*", "+", "?", "^", "~", "&", "#", "#6.24", "$", "$$", "@",
  "0x", "0b", "0x1p-3", "1e999", "-0", "18446744073709551616", "0xffffffffffffffffffffffffffff", "2^64", "2^8-1", "1.5", "NaN", "Infinity",
  "'", "\"", "h'", "b64'", "'\\u", "\"\\u{110000}\"", "\\", "`", "/*", "*/", "//", ";comment\n", "\n", "\r\n", "\t", " ", "\u0000", "\uffff", "\ud800", "\u00e9", "\u{1F600}",
  "struct", "enum", "select", "case", "uint8", "uint16", "uint24", "uint32", "uint64", "opaque", "optional", "varint", "<V>", "<0..2^16-1>", "<1..2^32-1>", "[32]", "[2^64]",
  "int", "uint", "nint", "tstr", "bstr", "any", "nil", "null", "true", "false", "undefined", "simple(24)", ".size", ".bits", ".regexp", ".cbor", ".default", ".within", ".and", ".lt", ".ge",
  "&(", "~", "#7.25", "#6.", "&", "(a: int // b: tstr)", "* tstr => any", "? 1: int", "1*", "*2",
  "_", "_0", "_7", "1_0", "[_ ", "{_ ", "(_ ", "<<1, 2>>", "1(2)", "dt'2020'", "ip'1.1.1.1'", "e'x'", "h'0'", "h'zz'",
];

const BIGS = ["18446744073709551616", "99999999999999999999999999999", "0xffffffffffffffffffff", "2^1000", "1e400", "-18446744073709551617", "65536", "4294967296"];

export function mutateText(t: string, rng: Rng, donors: readonly string[]): string {
  const n = t.length;
  const pos = (): number => rng.int(n + 1);
  const clamp = (s: string): string => (s.length > MAX_INPUT ? s.slice(0, MAX_INPUT) : s);
  switch (rng.int(11)) {
    case 0: {
      const p = pos();
      return clamp(t.slice(0, p) + rng.pick(SNIPPETS) + t.slice(p));
    }
    case 1: {
      const p = rng.int(n);
      return t.slice(0, p) + t.slice(p + 1 + rng.small(64));
    }
    case 2: {
      const p = rng.int(n);
      const chunk = t.slice(p, p + 1 + rng.small(200));
      const reps = rng.chance(0.1) ? 1 + rng.small(3000) : 1 + rng.small(3);
      return clamp(t.slice(0, p) + chunk.repeat(reps) + t.slice(p));
    }
    case 3:
      return t.slice(0, rng.int(n));
    case 4: {
      // swap two lines
      const lines = t.split("\n");
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join("\n");
    }
    case 5: {
      // replace a number with a huge one
      const re = /\d+/g;
      const ms = [...t.matchAll(re)];
      if (ms.length === 0) return t + rng.pick(BIGS);
      const m = rng.pick(ms);
      return t.slice(0, m.index) + rng.pick(BIGS) + t.slice(m.index! + m[0].length);
    }
    case 6: {
      // crossover with another source text
      const d = donors.length ? rng.pick(donors) : t;
      return clamp(t.slice(0, pos()) + d.slice(rng.int(d.length + 1)));
    }
    case 7: {
      // a random character
      const p = pos();
      const c = rng.chance(0.7) ? String.fromCharCode(32 + rng.int(95)) : String.fromCharCode(rng.int(0x10000));
      return t.slice(0, p) + c + t.slice(p);
    }
    case 8: {
      // delete a line
      const lines = t.split("\n");
      lines.splice(rng.int(lines.length), 1);
      return lines.join("\n");
    }
    case 9: {
      // wrap a span in brackets (nesting)
      const p = rng.int(n);
      const q = p + rng.small(Math.max(0, n - p));
      const [o, c] = rng.pick([["(", ")"], ["[", "]"], ["{", "}"], ["<<", ">>"], ["&(", ")"]]);
      const reps = 1 + rng.small(200);
      return clamp(t.slice(0, p) + o!.repeat(reps) + t.slice(p, q) + c!.repeat(reps) + t.slice(q));
    }
    default: {
      // snippet soup
      let s = "";
      for (let k = 1 + rng.small(40); k > 0; k--) s += rng.pick(SNIPPETS) + (rng.chance(0.3) ? " " : "");
      const p = pos();
      return clamp(t.slice(0, p) + s + t.slice(p));
    }
  }
}

export type Lang = "cddl" | "tpl" | "edn";

/** Inputs built to stress the parsers: deep nesting and long chains, sizes chosen by rng. */
export function stressText(lang: Lang, rng: Rng): string {
  const depth = rng.pick([10, 100, 500, 1000, 3000, 10000, 30000]);
  const len = rng.pick([10, 100, 1000, 5000, 20000, 50000]);
  const names = (k: number, f: (i: number) => string, sep: string): string => Array.from({ length: k }, (_, i) => f(i)).join(sep);
  switch (lang) {
    case "cddl":
      switch (rng.int(12)) {
        case 0: return `a = ${"(".repeat(depth)}int${")".repeat(depth)}\n`;
        case 1: return `a = ${"[".repeat(depth)}int${"]".repeat(depth)}\n`;
        case 2: return `a = ${"{ x: ".repeat(depth)}int${" }".repeat(depth)}\n`;
        case 3: return `a = ${names(len, (i) => `t${i}`, " / ")}\n`;
        case 4: return `a = (${names(len, (i) => `f${i}: int`, " // ")})\n`;
        case 5: return `a = ${names(len, (i) => `r${i}`, " // ")}\n`;
        case 6: return names(len, (i) => `r${i} = r${i + 1}`, "\n") + "\n";
        case 7: return names(Math.min(len, 5000), (i) => `a /= t${i}`, "\n") + "\n";
        case 8: return `a = ${"~".repeat(Math.min(depth, 3000))}b\nb = [${"(".repeat(depth)}`;
        case 9: return `a = ${"#6.1(".repeat(depth)}int${")".repeat(depth)}\n`;
        case 10: return `a = int ${".and int ".repeat(Math.min(len, 20000))}\n`;
        default: return `a<${names(Math.min(len, 2000), (i) => `p${i}`, ", ")}> = [p0]\nb = a<${names(Math.min(len, 2000), () => "int", ", ")}>\n`;
      }
    case "tpl":
      switch (rng.int(7)) {
        case 0: return `${"struct { ".repeat(depth)}uint8 x;${" } s;".repeat(depth)}`;
        case 1: return `enum { ${names(len, (i) => `v${i}(${i})`, ", ")}, (65535) } E;`;
        case 2: return `struct { E t; select (S.t) { ${names(len, (i) => `case v${i}: uint8 f${i};`, " ")} }; } S;`;
        case 3: return names(len, (i) => `struct { uint8 a; T${i + 1} b<0..2^64-1>; } T${i};`, "\n");
        case 4: return `struct { opaque x<${"(".repeat(depth)}1${")".repeat(depth)}..2>; } S;`;
        case 5: return `struct { uint8 x[${"9".repeat(Math.min(len, 5000))}]; } S;`;
        default: return `/* ${"/* ".repeat(Math.min(depth, 5000))} struct { uint8 a; } S;`;
      }
    default:
      switch (rng.int(8)) {
        case 0: return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
        case 1: return `${"{1: ".repeat(depth)}1${"}".repeat(depth)}`;
        case 2: return `${"1(".repeat(depth)}1${")".repeat(depth)}`;
        case 3: return `[${names(len, (i) => String(i), ", ")}]`;
        case 4: return `${"<<".repeat(depth)}1${">>".repeat(depth)}`;
        case 5: return `h'${"00".repeat(len * 10)}'`;
        case 6: return `"${"\\u0041".repeat(len)}"`;
        default: return `${"[_ ".repeat(depth)}${"]".repeat(depth)}`;
      }
  }
}
