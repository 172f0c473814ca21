import type { IRType, LiteralValue } from "./types.js";

/**
 * The one table that says which option of a union a value takes. An
 * encoder picks the option by the value's JavaScript type; a decoder by the
 * next CBOR item's major type (and tag). The generated codecs, the size
 * report, the JSON forms and the test-value generators all ask here, so
 * they cannot disagree.
 */

/** How values of an option look in JavaScript, as far as telling options apart needs. */
export type ValueTest =
  | { readonly kind: "uint-number" }
  | { readonly kind: "uint-bigint" }
  | { readonly kind: "int-bigint" }
  | { readonly kind: "number" }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "bytes" }
  | { readonly kind: "text" }
  | { readonly kind: "array" }
  | { readonly kind: "map" }
  | { readonly kind: "object" }
  /** An enum: one of its names, or (open enums, reserved ranges) an integer. */
  | { readonly kind: "enum"; readonly names: readonly string[]; readonly numbers: boolean }
  /** Exactly one value. */
  | { readonly kind: "literal"; readonly value: LiteralValue };

/** What the table needs of a scope: references followed to the type that decides the encoding. */
export interface ResolvingScope {
  underlying(t: IRType): IRType;
}

export type CborMajor = "uint" | "nint" | "bytes" | "text" | "array" | "map" | "tag" | "simple" | "float";

const ALL_MAJORS: readonly CborMajor[] = ["uint", "nint", "bytes", "text", "array", "map", "tag", "simple", "float"];

/** The JavaScript test of an option, or null where its values cannot be told apart by type (optional, any, nested union). */
export function valueTestOf(scope: ResolvingScope, t: IRType): ValueTest | null {
  const u = scope.underlying(t);
  switch (u.kind) {
    case "checked":
      return valueTestOf(scope, u.of);
    case "literal":
      return { kind: "literal", value: u.value };
    case "uint":
      return u.bits === 64 ? { kind: "uint-bigint" } : { kind: "uint-number" };
    case "int":
      return { kind: "int-bigint" };
    case "float":
      return { kind: "number" };
    case "bool":
      return { kind: "boolean" };
    case "null":
      return { kind: "null" };
    case "bytes":
      return { kind: "bytes" };
    case "text":
      return { kind: "text" };
    case "vector":
      return { kind: "array" };
    case "map":
      return { kind: "map" };
    case "record":
      return { kind: "object" };
    case "enum":
      return { kind: "enum", names: [...new Set(u.values.filter((v) => v.upTo === undefined).map((v) => v.name))], numbers: u.open || u.values.some((v) => v.upTo !== undefined) };
    case "tagged":
      return valueTestOf(scope, u.of);
    case "optional":
    case "validated":
    case "any":
    case "union":
    case "ref":
      return null;
  }
}

/** Does `v` pass the test? (The generated guards are the same expressions, written out.) */
export function valueMatches(test: ValueTest, v: unknown): boolean {
  switch (test.kind) {
    case "uint-number":
      return typeof v === "number" && Number.isInteger(v) && v >= 0;
    case "uint-bigint":
      return typeof v === "bigint" && v >= 0n;
    case "int-bigint":
      return typeof v === "bigint";
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "null":
      return v === null;
    case "bytes":
      return v instanceof Uint8Array;
    case "text":
      return typeof v === "string";
    case "array":
      return Array.isArray(v);
    case "map":
      return v instanceof Map;
    case "object":
      return isPlainRecord(v);
    case "enum":
      return (typeof v === "string" && test.names.includes(v)) || (test.numbers && typeof v === "number" && Number.isInteger(v) && v >= 0);
    case "literal":
      return isLiteral(test.value, v);
  }
}

/** Is `v` the literal's value? Byte strings compare by content. */
export function isLiteral(l: LiteralValue, v: unknown): boolean {
  switch (l.type) {
    case "text":
    case "bool":
      return v === l.value;
    case "float":
      return typeof v === "number" && Object.is(v, l.value);
    case "bytes":
      return v instanceof Uint8Array && bytesToHex(v) === l.hex;
  }
}

function bytesToHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  return s;
}

/** The literal a type stands for, through references; null if it is not one value. */
export function literalOf(scope: ResolvingScope, t: IRType): LiteralValue | null {
  const u = scope.underlying(t);
  return u.kind === "literal" ? u.value : null;
}

/** A record value: an object that is not an array, Map or byte string. */
export function isPlainRecord(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Uint8Array);
}

/** The CBOR major types (and tag) an option's items can start with. */
export function cborMajorsOf(scope: ResolvingScope, t: IRType): readonly CborMajor[] {
  const u = scope.underlying(t);
  switch (u.kind) {
    case "checked":
      return cborMajorsOf(scope, u.of);
    case "literal":
      return [u.value.type === "bool" ? "simple" : u.value.type];
    case "uint":
    case "enum":
      return ["uint"];
    case "int":
      return ["uint", "nint"];
    case "float":
      return ["float"];
    case "bool":
    case "null":
      return ["simple"];
    case "bytes":
      return ["bytes"];
    case "text":
      return ["text"];
    case "vector":
      return ["array"];
    case "map":
      return ["map"];
    case "record":
      // a sequence's first item could be anything its first members allow: no single major type
      return u.encoding === "sequence" ? ALL_MAJORS : [u.encoding === "map" ? "map" : "array"];
    case "tagged":
      return ["tag"];
    case "optional":
      return [...new Set<CborMajor>(["simple", ...cborMajorsOf(scope, u.of)])];
    case "union":
      return [...new Set(u.options.flatMap((o) => cborMajorsOf(scope, o)))];
    case "validated":
    case "any":
    case "ref":
      return ALL_MAJORS;
  }
}

/**
 * Does an earlier option's test take values a later option needs? Encoders
 * try options in order, so `uint / float` works (integers go to the uint)
 * but `float / uint` would leave the uint unreachable.
 */
function shadows(earlier: ValueTest, later: ValueTest): boolean {
  if (earlier.kind === "literal" || later.kind === "literal") {
    // a literal takes one value: it hides a later option only where that option is the same literal
    if (earlier.kind === "literal" && later.kind === "literal") return JSON.stringify(earlier.value) === JSON.stringify(later.value);
    if (earlier.kind === "literal") return false;
    const l = (later as ValueTest & { kind: "literal" }).value;
    return valueMatches(earlier, l.type === "bytes" ? hexToBytes(l.hex) : l.value);
  }
  if (earlier.kind === "enum" || later.kind === "enum") {
    if (earlier.kind === "enum" && later.kind === "enum") return earlier.names.some((n) => later.names.includes(n)) || (earlier.numbers && later.numbers);
    const e = (earlier.kind === "enum" ? earlier : later) as ValueTest & { kind: "enum" };
    const o = earlier.kind === "enum" ? later : earlier;
    return o.kind === "text" || (e.numbers && (o.kind === "uint-number" || o.kind === "number"));
  }
  if (earlier.kind === later.kind) return true;
  return (earlier.kind === "number" && later.kind === "uint-number") || (earlier.kind === "int-bigint" && later.kind === "uint-bigint");
}

export type UnionPlan =
  | { readonly ok: true; readonly tests: readonly ValueTest[]; readonly majors: readonly (readonly CborMajor[])[] }
  | { readonly ok: false; readonly reason: string };

/**
 * How a union is told apart: each option's value test and CBOR majors, or
 * why it cannot be (two options a value or an item could both belong to).
 */
export function planUnion(scope: ResolvingScope, options: readonly IRType[]): UnionPlan {
  const tests: ValueTest[] = [];
  const majors: (readonly CborMajor[])[] = [];
  for (let i = 0; i < options.length; i++) {
    const test = valueTestOf(scope, options[i]!);
    if (test === null) return { ok: false, reason: `union option ${i + 1} cannot be told apart by its JavaScript type` };
    const j = tests.findIndex((x) => shadows(x, test));
    if (j >= 0) return { ok: false, reason: `union options ${j + 1} and ${i + 1} take the same JavaScript values` };
    const m = cborMajorsOf(scope, options[i]!);
    // options may share a major type when the decoder can tell them by value: all literals but at most one
    const lit = test.kind === "literal";
    const k = majors.findIndex((x, j) => x.some((y) => m.includes(y)) && !lit && tests[j]!.kind !== "literal" && true);
    if (k >= 0) return { ok: false, reason: `union options ${k + 1} and ${i + 1} share the CBOR type ${m.filter((y) => majors[k]!.includes(y)).join("/")}` };
    tests.push(test);
    majors.push(m);
  }
  return { ok: true, tests, majors };
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Which option a value takes (the first whose test it passes), or -1. */
export function optionOfValue(tests: readonly ValueTest[], v: unknown): number {
  return tests.findIndex((t) => valueMatches(t, v));
}
