/** Shared by the cbor-*.test.ts files: item constructors and error capture. */
import { expect } from "vitest";
import { CodecError, fromHex, type CborItem, type HeadWidth } from "../../src/runtime/index.js";

export const h = fromHex;

export function uint(v: number | bigint, width?: HeadWidth): CborItem {
  return width === undefined ? { type: "uint", value: BigInt(v) } : { type: "uint", value: BigInt(v), width };
}

export function nint(v: number | bigint, width?: HeadWidth): CborItem {
  return width === undefined ? { type: "nint", value: BigInt(v) } : { type: "nint", value: BigInt(v), width };
}

export function bytes(hex: string): CborItem {
  return { type: "bytes", value: fromHex(hex) };
}

export function text(value: string): CborItem {
  return { type: "text", value };
}

export function array(...items: CborItem[]): CborItem {
  return { type: "array", items };
}

export function indefArray(...items: CborItem[]): CborItem {
  return { type: "array", items, indefinite: true };
}

export function map(...entries: [CborItem, CborItem][]): CborItem {
  return { type: "map", entries };
}

export function tag(t: number | bigint, item: CborItem): CborItem {
  return { type: "tag", tag: BigInt(t), item };
}

export function simple(value: number): CborItem {
  return { type: "simple", value };
}

export function float(value: number, width?: 2 | 4 | 8): CborItem {
  return width === undefined ? { type: "float", value } : { type: "float", value, width };
}

/** 1..25 as uint items (Appendix A's long array). */
export function oneTo25(): CborItem[] {
  return Array.from({ length: 25 }, (_, i) => uint(i + 1));
}

/** Run `f` and return the CodecError it throws, failing if it throws anything else or nothing. */
export function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error("expected a CodecError");
}

/** `reason` is matched exactly when a string, by pattern when a RegExp. */
export function expectFail(f: () => unknown, offset: number, reason: string | RegExp): CodecError {
  const e = codecError(f);
  if (typeof reason === "string") expect(e.reason).toBe(reason);
  else expect(e.reason).toMatch(reason);
  expect(e.offset).toBe(offset);
  return e;
}
