/**
 * Every decoder of the built-in documents (each type's TPL and CBOR codec),
 * with the codec-context values its selects may need, read from the
 * document's IR (schemas/<doc>.definitions.json).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CborCodec, CodecContext, TplCodec } from "../src/runtime/index.js";
import * as rfc9420 from "../generated/rfc9420/index.js";
import * as rfc8446 from "../generated/rfc8446/index.js";
import * as mc03 from "../generated/mimi-content-03/index.js";
import * as mp06 from "../generated/mimi-protocol-06/index.js";
import * as mc03cddl from "../generated/mimi-content-03-cddl/index.js";
import * as mc04 from "../generated/mimi-content-04/index.js";
import * as mcMain from "../generated/mimi-content-main/index.js";

export type Format = "tpl" | "cbor";

export const MODULES: Record<string, Record<string, unknown>> = {
  rfc9420,
  rfc8446,
  "mimi-content-03": mc03,
  "mimi-protocol-06": mp06,
  "mimi-content-03-cddl": mc03cddl,
  "mimi-content-04": mc04,
  "mimi-content-main": mcMain,
};

export type AnyCodec = TplCodec<unknown> | CborCodec<unknown>;

export interface DecoderTarget {
  /** e.g. "rfc9420:MLSMessage:tpl" */
  readonly id: string;
  readonly doc: string;
  readonly type: string;
  readonly fmt: Format;
  readonly codec: AnyCodec;
  /** Context values the module's selects read; {} first. */
  readonly contexts: readonly CodecContext[];
}

export function typeNames(doc: string): string[] {
  return [...((MODULES[doc]!["TYPE_NAMES"] as readonly string[] | undefined) ?? [])];
}

export function codecOf(doc: string, type: string, fmt: Format): AnyCodec | undefined {
  const entry = MODULES[doc]![type] as { tpl?: AnyCodec; cbor?: AnyCodec } | undefined;
  return entry?.[fmt];
}

interface IRDefinition {
  name: string;
  type: { kind: string; values?: { name: string }[] };
}

/** Context values for a module: each context key with each name of its enum, lengths for length keys. */
export function contextsFor(doc: string): CodecContext[] {
  const path = fileURLToPath(new URL(`../schemas/${doc}.definitions.json`, import.meta.url));
  const defs = (JSON.parse(readFileSync(path, "utf8")) as { definitions: IRDefinition[] }).definitions;
  const keys = new Map<string, string | null>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (o["kind"] === "context" && typeof o["key"] === "string") keys.set(o["key"], typeof o["enumType"] === "string" ? o["enumType"] : null);
      Object.values(o).forEach(walk);
    }
  };
  walk(defs);
  const out: CodecContext[] = [{}];
  for (const [key, enumType] of keys) {
    if (enumType === null) {
      for (const n of [0, 1, 32, 48, 65]) out.push({ [key]: n });
      continue;
    }
    const def = defs.find((d) => d.name === enumType);
    for (const v of def?.type.values ?? []) out.push({ [key]: v.name });
  }
  return out;
}

export function decoderTargets(): DecoderTarget[] {
  const out: DecoderTarget[] = [];
  for (const doc of Object.keys(MODULES)) {
    const contexts = contextsFor(doc);
    for (const type of typeNames(doc)) {
      for (const fmt of ["tpl", "cbor"] as const) {
        const codec = codecOf(doc, type, fmt);
        if (codec) out.push({ id: `${doc}:${type}:${fmt}`, doc, type, fmt, codec, contexts });
      }
    }
  }
  return out;
}
