import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SourceLoc } from "../../src/diagnostics/index.js";
import { encodeItem, type CborItem } from "../../src/runtime/index.js";
import { cddlSchemaFromText, validateBytes, type CddlSchema, type Mismatch } from "../../src/validate/index.js";

/** ../shared/drafts beside the repository root (two levels above test/validate/). */
export const DRAFTS = fileURLToPath(new URL("../../../shared/drafts/", import.meta.url));
export const HAVE_DRAFTS = existsSync(DRAFTS);
if (!HAVE_DRAFTS) console.warn(`skipping draft-based validation tests: ${DRAFTS} is absent`);

/** A JS shorthand for CBOR items, turned into CborItem by cbor(). */
export type J =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | readonly J[]
  | Map<J, J>
  | { readonly tag: number | bigint; readonly item: J }
  | { readonly float: number }
  | { readonly item: CborItem };

/** Numbers are integers (use {float} for floats), strings text, Uint8Array bytes, Map maps. */
export function cbor(v: J): CborItem {
  if (v === null) return { type: "simple", value: 22 };
  if (v === undefined) return { type: "simple", value: 23 };
  if (typeof v === "boolean") return { type: "simple", value: v ? 21 : 20 };
  if (typeof v === "number" || typeof v === "bigint") {
    const n = BigInt(v);
    return n >= 0n ? { type: "uint", value: n } : { type: "nint", value: n };
  }
  if (typeof v === "string") return { type: "text", value: v };
  if (v instanceof Uint8Array) return { type: "bytes", value: v };
  if (isList(v)) return { type: "array", items: v.map(cbor) };
  if (v instanceof Map) return { type: "map", entries: [...v].map(([k, x]) => [cbor(k), cbor(x)] as const) };
  if ("tag" in v) return { type: "tag", tag: BigInt(v.tag), item: cbor(v.item) };
  if ("float" in v) return { type: "float", value: v.float };
  return v.item;
}

function isList(v: unknown): v is readonly J[] {
  return Array.isArray(v);
}

export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
}

export function encode(v: J): Uint8Array {
  return encodeItem(cbor(v));
}

export const FILE = "t.cddl";

export function schemaOf(cddl: string): CddlSchema {
  const schema = cddlSchemaFromText(cddl, FILE);
  const errors = schema.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`test CDDL does not parse: ${errors.map((e) => e.message).join("; ")}`);
  return schema;
}

/** Encode `v` and validate the bytes against `rule`, so mismatches carry offsets. */
export function check(cddl: string | CddlSchema, rule: string, v: J): Mismatch[] {
  return checkBytes(cddl, rule, encode(v));
}

export function checkBytes(cddl: string | CddlSchema, rule: string, bytes: Uint8Array): Mismatch[] {
  return validateBytes(typeof cddl === "string" ? schemaOf(cddl) : cddl, rule, bytes);
}

/** The location of the `nth` occurrence of `needle` in `text` (1-based line and column), as the validator reports it. */
export function at(text: string, needle: string, nth = 0, file = FILE): SourceLoc {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" (#${nth}) not in the CDDL`);
  }
  const before = text.slice(0, i);
  const line = before.split("\n").length;
  return { file, line, col: i - before.lastIndexOf("\n") };
}

/** Errors only. */
export function errors(ms: readonly Mismatch[]): Mismatch[] {
  return ms.filter((m) => m.severity === "error");
}
