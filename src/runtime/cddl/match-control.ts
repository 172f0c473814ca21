/**
 * Control operators (RFC 8610 section 3.8, RFC 9165): the target is
 * matched first; the control then constrains the item. An unknown control
 * checks the target only and says so with a warning.
 */
import type { Control } from "./ast.js";
import type { CddlLocation, Mismatch } from "./mismatch.js";
import { decodeItem, decodeSequence, isCodecError, toHex, utf8Length, type CborItem } from "../index.js";
import { cddlText, cut, describeItem } from "./describe.js";
import { itemOffsets, sequenceOffsets } from "./item-offsets.js";
import { fail, failLazy, okWith, type Env, type Matcher, type Ok, type Outcome } from "./matcher.js";
import { matchConstant } from "./match-scalar.js";

type Check = (m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok) => Outcome;

const CHECKS: Readonly<Record<string, Check>> = {
  size: checkSize,
  bits: checkBits,
  regexp: checkRegexp,
  lt: compare,
  le: compare,
  gt: compare,
  ge: compare,
  eq: (m, node, env, item, path, at, target) => {
    const o = m.matchType(node.controller, env, item, path);
    return o.ok
      ? merge(target, o.notes)
      : failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} is not equal to ${cddlText(node.controller)}`, at()));
  },
  ne: (m, node, env, item, path, at, target) =>
    m.matchType(node.controller, env, item, path).ok
      ? failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} must not equal ${cddlText(node.controller)}`, at()))
      : target,
  // RFC 8610 section 3.8.6: .default implies .ne, "to prevent this value from being sent over the wire".
  default: (m, node, env, item, path, at, target) =>
    m.matchType(node.controller, env, item, path).ok
      ? failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} is the default value (.default ${cddlText(node.controller)}), which is not sent: leave it out`, at()))
      : target,
  and: both,
  within: both,
  cbor: checkCbor,
  cborseq: checkCbor,
  cat: checkComputed,
  det: checkComputed,
  plus: checkComputed,
  feature: (m, node, env, item, path, at, target) => {
    const c = m.constantOf(node.controller, env);
    const name = c?.kind === "text" ? c.value : cddlText(node.controller);
    return merge(target, [m.mismatch(path, item, `uses the feature "${name}"`, at(), "note")]);
  },
  abnf: unchecked,
  abnfb: unchecked,
};

export function matchControl(m: Matcher, node: Control, env: Env, item: CborItem, path: string): Outcome {
  const op = node.op.name;
  const at = (): CddlLocation => env.locate(node.op.at);
  // .cat, .det and .plus compute a value; their operands are not types the item must match.
  if (op === "cat" || op === "det" || op === "plus") return checkComputed(m, node, env, item, path, at, okWith([]));
  const target = m.matchType(node.target, env, item, path);
  if (!target.ok) return target;
  const check = Object.hasOwn(CHECKS, op) ? CHECKS[op] : undefined;
  if (!check)
    return merge(target, [
      m.mismatch(path, item, `unknown control operator .${op}: only the target type ${cddlText(node.target)} is checked`, at(), "warning"),
    ]);
  return check(m, node, env, item, path, at, target);
}

function merge(target: Ok, more: readonly Mismatch[]): Ok {
  return more.length === 0 ? target : okWith([...target.notes, ...more]);
}

function unchecked(m: Matcher, node: Control, _env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  return merge(target, [m.mismatch(path, item, `.${node.op.name} is not checked by this validator`, at(), "warning")]);
}

/** `.size`: bytes of a byte or text string; for uint, the bytes its value needs (`uint .size N` is `0...256^N`). */
function checkSize(m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  const want = cddlText(node.controller);
  const isSize = (n: number): boolean => m.matchType(node.controller, env, { type: "uint", value: BigInt(n) }, path).ok;
  if (item.type === "bytes" || item.type === "text") {
    const n = item.type === "bytes" ? item.value.length : utf8Length(item.value);
    if (isSize(n)) return target;
    const what = item.type === "bytes" ? "byte string" : "text string (UTF-8)";
    return failLazy(1, () => m.mismatch(path, item, `${what} is ${n} byte${n === 1 ? "" : "s"} long, ${sizeWanted(m, node, env)}`, at()));
  }
  if (item.type === "uint") {
    let needed = 0;
    for (let v = item.value; v > 0n; v >>= 8n) needed++;
    // Some allowed size N >= needed: try the sizes from `needed` up (the controller is small in practice).
    for (let n = needed; n <= Math.max(needed, 64); n++) if (isSize(n)) return target;
    return failLazy(1, () => m.mismatch(path, item, `${item.value} needs ${needed} byte${needed === 1 ? "" : "s"}, more than .size ${want} allows`, at()));
  }
  return failLazy(1, () => m.mismatch(path, item, `.size applies to byte strings, text strings and unsigned integers, not ${describeItem(item)}`, at()));
}

function sizeWanted(m: Matcher, node: Control, env: Env): string {
  const c = m.constantOf(node.controller, env);
  return c?.kind === "int" ? `but .size ${c.value} wants ${c.value}` : `not in .size ${cddlText(node.controller)}`;
}

/** `.bits`: every set bit's number must match the controller; bit n of a byte string is `str[n >> 3] & (1 << (n & 7))`. */
function checkBits(m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  const allowed = new Map<number, boolean>();
  const ok = (bit: number): boolean => {
    let v = allowed.get(bit);
    if (v === undefined) allowed.set(bit, (v = m.matchType(node.controller, env, { type: "uint", value: BigInt(bit) }, path).ok));
    return v;
  };
  const bad = (bit: number): Outcome =>
    failLazy(1, () => m.mismatch(path, item, `bit ${bit} is set, but .bits ${cddlText(node.controller)} does not allow it`, at()));
  if (item.type === "uint") {
    let bit = 0;
    for (let v = item.value; v > 0n; v >>= 1n, bit++) if ((v & 1n) === 1n && !ok(bit)) return bad(bit);
    return target;
  }
  if (item.type === "bytes") {
    for (let i = 0; i < item.value.length; i++) {
      const b = item.value[i]!;
      for (let j = 0; j < 8; j++) if ((b & (1 << j)) !== 0 && !ok(i * 8 + j)) return bad(i * 8 + j);
    }
    return target;
  }
  return failLazy(1, () => m.mismatch(path, item, `.bits applies to byte strings and unsigned integers, not ${describeItem(item)}`, at()));
}

function checkRegexp(m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  const c = m.constantOf(node.controller, env);
  if (c?.kind !== "text") return failLazy(1, () => m.mismatch(path, item, `.regexp needs a text string literal, not ${cddlText(node.controller)}`, at()));
  if (item.type !== "text") return failLazy(1, () => m.mismatch(path, item, `.regexp applies to text strings, not ${describeItem(item)}`, at()));
  const where = env.locate(node.controller.at);
  if (!m.compileRegexp) return merge(target, [m.mismatch(path, item, "regexp not checked: this validator was given no XSD regexp engine", where, "warning")]);
  const re = m.compileRegexp(c.value);
  if (!re.ok) {
    if (re.unsupported) return merge(target, [m.mismatch(path, item, `regexp not checked: ${re.message}`, where, "warning")]);
    return failLazy(1, () => m.mismatch(path, item, `the regexp ${JSON.stringify(c.value)} is not a valid XSD regular expression: ${re.message}`, where));
  }
  const matched = re.match(item.value);
  if (matched === true) return target;
  const pattern = cut(JSON.stringify(c.value), 60);
  if (matched === "budget") return failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} could not be checked against the regexp ${pattern} within its work bound`, at()));
  return failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} does not match the regexp ${pattern}`, at()));
}

/** `.lt .le .gt .ge` against a number. */
function compare(m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  const c = m.constantOf(node.controller, env);
  if (c?.kind !== "int" && c?.kind !== "float")
    return failLazy(1, () => m.mismatch(path, item, `.${node.op.name} needs a number, not ${cddlText(node.controller)}`, at()));
  if (item.type !== "uint" && item.type !== "nint" && item.type !== "float")
    return failLazy(1, () => m.mismatch(path, item, `.${node.op.name} applies to numbers, not ${describeItem(item)}`, at()));
  const order = compareNumbers(item.value, c.value);
  const op = node.op.name;
  const holds = order !== undefined && (op === "lt" ? order < 0 : op === "le" ? order <= 0 : op === "gt" ? order > 0 : order >= 0);
  if (holds) return target;
  const sign = op === "lt" ? "<" : op === "le" ? "<=" : op === "gt" ? ">" : ">=";
  return failLazy(1, () => m.mismatch(path, item, `${describeItem(item)} is not ${sign} ${String(c.value)} (.${op})`, at()));
}

/** -1, 0, 1, or undefined for NaN; exact for bigints beyond 2^53. */
function compareNumbers(a: bigint | number, b: bigint | number): number | undefined {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === "number" ? a : undefined;
  const y = typeof b === "number" ? b : undefined;
  if ((x !== undefined && Number.isNaN(x)) || (y !== undefined && Number.isNaN(y))) return undefined;
  if (typeof a === "bigint" && y !== undefined && Number.isInteger(y)) return compareNumbers(a, BigInt(y));
  if (typeof b === "bigint" && x !== undefined && Number.isInteger(x)) return compareNumbers(BigInt(x), b);
  const p = Number(a);
  const q = Number(b);
  return p < q ? -1 : p > q ? 1 : 0;
}

function both(m: Matcher, node: Control, env: Env, item: CborItem, path: string, _at: () => CddlLocation, target: Ok): Outcome {
  const o = m.matchType(node.controller, env, item, path);
  return o.ok ? merge(target, o.notes) : fail(o.errors, Math.max(1, o.progress));
}

/** `.cbor` / `.cborseq`: decode the byte string and match what it holds (a sequence as an array). */
function checkCbor(m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  if (item.type !== "bytes") return failLazy(1, () => m.mismatch(path, item, `.${node.op.name} applies to byte strings, not ${describeItem(item)}`, at()));
  const seq = node.op.name === "cborseq";
  const start = m.offsetOf(item);
  // The content's offset is known only for a definite-length string (chunks split it up).
  const base = start === undefined || item.chunks !== undefined ? undefined : start + 1 + argumentBytes(item.value.length, item.width);
  let inner: CborItem;
  try {
    if (seq) {
      const items = decodeSequence(item.value, { duplicateKeys: "keep" });
      inner = { type: "array", items };
      if (base !== undefined) m.addOffsets(sequenceOffsets(item.value, items, base, new Map([[inner, base]])));
    } else {
      inner = decodeItem(item.value, { duplicateKeys: "keep" });
      if (base !== undefined) m.addOffsets(itemOffsets(item.value, inner, base));
    }
  } catch (e) {
    if (!isCodecError(e)) throw e;
    const where = base === undefined ? "" : ` (input offset ${base + Math.max(0, e.offset)})`;
    return failLazy(1, () =>
      m.mismatch(
        path,
        item,
        `the byte string does not hold ${seq ? "a CBOR sequence" : "one CBOR item"}: ${e.reason} at offset ${e.offset} inside it${where}`,
        at(),
      ),
    );
  }
  const o = m.matchType(node.controller, env, inner, `${path}<${node.op.name}>`);
  return o.ok ? merge(target, o.notes) : fail(o.errors, 1 + o.progress / (o.progress + 1));
}

/** `.cat`, `.det`, `.plus`: the item must equal the computed constant. */
function checkComputed(m: Matcher, node: Control, env: Env, item: CborItem, path: string, at: () => CddlLocation, target: Ok): Outcome {
  const c = m.constantOf(node, env);
  if (!c) return failLazy(0, () => m.mismatch(path, item, `.${node.op.name} needs constant operands of matching kinds: ${cddlText(node)}`, at()));
  const text = c.kind === "text" ? JSON.stringify(c.value) : c.kind === "bytes" ? `h'${toHex(c.value)}'` : String(c.value);
  const o = matchConstant(m, c, text, item, path, at);
  return o.ok ? target : o;
}

/** Bytes after the initial byte for a head with argument n: as recorded, else the preferred (shortest) width. */
function argumentBytes(n: number, width: number | undefined): number {
  if (width !== undefined) return width;
  return n < 24 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x100000000 ? 4 : 8;
}
