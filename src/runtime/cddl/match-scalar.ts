/** Literals, ranges, representation types (`#n.m`) and tags. */
import type { Major, Range, Tag, Type, Value } from "./ast.js";
import { decodeBytes } from "./bytes-literal.js";
import type { CddlLocation } from "./mismatch.js";
import { isHalfExact, utf8Length, type CborItem } from "../index.js";
import { cddlText, describeItem, printType } from "./describe.js";
import { cddlFail, fail, failLazy, OK, type Constant, type Env, type Matcher, type Outcome } from "./matcher.js";

/** `base` plus a fraction that grows with `inner`: ranks a failure inside a container above one at it. */
export function nested(base: number, inner: number): number {
  return base + inner / (inner + 1);
}

/** The constant a literal stands for (undefined for a byte string that does not decode). */
export function literalConstant(v: Value): Constant | undefined {
  switch (v.kind) {
    case "int":
      return { kind: "int", value: v.value };
    case "float":
      return { kind: "float", value: v.value };
    case "text":
      return { kind: "text", value: v.value };
    case "bytes": {
      const d = decodeBytes(v);
      return d.ok ? { kind: "bytes", value: d.bytes } : undefined;
    }
  }
}

export function matchValue(m: Matcher, node: Value, env: Env, item: CborItem, path: string): Outcome {
  const c = literalConstant(node);
  const at = (): CddlLocation => env.locate(node.at);
  if (!c) return failLazy(0, () => m.mismatch(path, item, `the byte string literal ${cddlText(node)} does not decode`, at()));
  return matchConstant(m, c, cddlText(node), item, path, at);
}

/** Is `item` the value `c`? `text` is how the CDDL writes it. */
export function matchConstant(m: Matcher, c: Constant, text: string, item: CborItem, path: string, at: () => CddlLocation): Outcome {
  const kindOk = constantKindMatches(c, item);
  if (kindOk && constantEquals(c, item)) return OK;
  return failLazy(kindOk ? 1 : 0, () => m.mismatch(path, item, `expected ${text}, got ${describeItem(item)}`, at()));
}

function constantKindMatches(c: Constant, item: CborItem): boolean {
  switch (c.kind) {
    case "int":
      return item.type === "uint" || item.type === "nint";
    case "float":
      return item.type === "float";
    case "text":
      return item.type === "text";
    case "bytes":
      return item.type === "bytes";
  }
}

export function constantEquals(c: Constant, item: CborItem): boolean {
  switch (c.kind) {
    case "int":
      return (item.type === "uint" || item.type === "nint") && item.value === c.value;
    case "float":
      return item.type === "float" && (item.value === c.value || (Number.isNaN(item.value) && Number.isNaN(c.value)));
    case "text":
      return item.type === "text" && item.value === c.value;
    case "bytes":
      return item.type === "bytes" && sameBytes(item.value, c.value);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function matchRange(m: Matcher, node: Range, env: Env, item: CborItem, path: string): Outcome {
  const at = (): CddlLocation => env.locate(node.at);
  const lo = m.constantOf(node.min, env);
  const hi = m.constantOf(node.max, env);
  const text = cddlText(node);
  if (!lo || !hi || (lo.kind !== "int" && lo.kind !== "float") || (hi.kind !== "int" && hi.kind !== "float")) {
    return failLazy(0, () => m.mismatch(path, item, `the bounds of the range ${text} are not numbers`, at()));
  }
  if (lo.kind !== hi.kind) {
    // RFC 8610 Appendix C: a range joins two integers or two floats; 1..10e1 means nothing.
    return cddlFail(
      m.mismatch(path, item, `the range ${text} mixes an integer and a float bound; a range needs two integers or two floats (RFC 8610 Appendix C)`, at()),
    );
  }
  if (lo.kind === "int" && hi.kind === "int") {
    if (item.type !== "uint" && item.type !== "nint")
      return failLazy(0, () => m.mismatch(path, item, `expected an integer in ${text}, got ${describeItem(item)}`, at()));
    const v = item.value;
    if (v >= lo.value && (node.inclusive ? v <= hi.value : v < hi.value)) return OK;
    return failLazy(1, () => m.mismatch(path, item, `${v} is not in the range ${text}`, at()));
  }
  if (item.type !== "float") return failLazy(0, () => m.mismatch(path, item, `expected a float in ${text}, got ${describeItem(item)}`, at()));
  const v = item.value;
  const l = lo.value;
  const h = hi.value;
  if (v >= l && (node.inclusive ? v <= h : v < h)) return OK;
  return failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} is not in the range ${text}`, at()));
}

const KINDS = ["uint", "nint", "bytes", "text", "array", "map", "tag"] as const;
const KIND_TEXT = [
  "an unsigned integer (#0)",
  "a negative integer (#1)",
  "a byte string (#2)",
  "a text string (#3)",
  "an array (#4)",
  "a map (#5)",
  "a tag (#6)",
  "a simple value or float (#7)",
];

/** `#n` and `#n.m` (RFC 8610 section 3.6, RFC 9682 for #6 and #7): a set of data-model values. */
export function matchMajor(m: Matcher, node: Major, env: Env, item: CborItem, path: string): Outcome {
  const at = (): CddlLocation => env.locate(node.at);
  const kindOk = node.major === 7 ? item.type === "simple" || item.type === "float" : item.type === KINDS[node.major];
  if (!kindOk) return failLazy(0, () => m.mismatch(path, item, `expected ${KIND_TEXT[node.major] ?? printType(node)}, got ${describeItem(item)}`, at()));
  if (node.ai === null) return OK;
  const wrong = (): Outcome => failLazy(1, () => m.mismatch(path, item, `expected ${printType(node)}, got ${describeItem(item)}`, at()));
  if (node.ai.kind === "head-type") {
    const headType = node.ai.type;
    const numbers = headNumbers(item);
    for (const n of numbers) if (m.matchType(headType, env, { type: "uint", value: n }, path).ok) return OK;
    return wrong();
  }
  const n = node.ai.value;
  if (node.major === 6) return item.type === "tag" && item.tag === n ? OK : wrong();
  if (node.major === 7) return simpleOrFloatIn(item, n) ? OK : wrong();
  const arg = argumentOf(item);
  if (arg === undefined) return wrong();
  if (n < 24n) return arg.value === n && !arg.indefinite ? OK : wrong();
  if (n === 31n) return arg.indefinite ? OK : wrong();
  const limit = n === 24n ? 0xffn : n === 25n ? 0xffffn : n === 26n ? 0xffffffffn : n === 27n ? 0xffffffffffffffffn : -1n;
  return !arg.indefinite && arg.value <= limit ? OK : wrong();
}

/** The numbers `#6.<T>` / `#7.<T>` test T against: the tag number, the simple value, or the float's possible additional information. */
function headNumbers(item: CborItem): bigint[] {
  if (item.type === "tag") return [item.tag];
  if (item.type === "simple") return [BigInt(item.value)];
  if (item.type === "float") return [25n, 26n, 27n].filter((n) => simpleOrFloatIn(item, n));
  return [];
}

function simpleOrFloatIn(item: CborItem, n: bigint): boolean {
  if (item.type === "simple") return n === 24n ? item.value >= 32 : BigInt(item.value) === n && (n < 24n || n >= 32n);
  if (item.type !== "float") return false;
  const x = item.value;
  if (n === 25n) return Number.isNaN(x) || isHalfExact(x);
  if (n === 26n) return Number.isNaN(x) || Math.fround(x) === x;
  return n === 27n;
}

/** The head argument a data-model value needs: the integer, the length or the count. */
function argumentOf(item: CborItem): { value: bigint; indefinite: boolean } | undefined {
  switch (item.type) {
    case "uint":
      return { value: item.value, indefinite: false };
    case "nint":
      return { value: -1n - item.value, indefinite: false };
    case "bytes":
      return { value: BigInt(item.value.length), indefinite: item.chunks !== undefined };
    case "text":
      return { value: BigInt(utf8Length(item.value)), indefinite: item.chunks !== undefined };
    case "array":
      return { value: BigInt(item.items.length), indefinite: item.indefinite === true };
    case "map":
      return { value: BigInt(item.entries.length), indefinite: item.indefinite === true };
    default:
      return undefined;
  }
}

/** `#6.n(T)`, `#6.<N>(T)`, `#6(T)`. */
export function matchTag(m: Matcher, node: Tag, env: Env, item: CborItem, path: string): Outcome {
  const at = (): CddlLocation => env.locate(node.at);
  const want = node.tag === null ? "a tag" : node.tag.kind === "int" ? `tag ${node.tag.raw}` : `a tag ${printType(node.tag.type)}`;
  if (item.type !== "tag") return failLazy(0, () => m.mismatch(path, item, `expected ${want}, got ${describeItem(item)}`, at()));
  if (node.tag !== null) {
    const number: CborItem = { type: "uint", value: item.tag };
    const okNumber = node.tag.kind === "int" ? node.tag.value === item.tag : m.matchType(node.tag.type, env, number, path).ok;
    if (!okNumber) return failLazy(1, () => m.mismatch(path, item, `expected ${want}, got tag ${item.tag}`, at()));
  }
  const inner = m.matchType(node.type as Type, env, item.item, `${path}#6.${item.tag}`);
  return inner.ok ? inner : fail(inner.errors, nested(2, inner.progress));
}
