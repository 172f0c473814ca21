/**
 * Inputs of the scaling series: each version's "original" example message
 * with one thing varied (the body's length, the number of lastSeen ids,
 * parts, nesting levels or extensions), built as values of that version's
 * generated types. Only the varied field changes; everything else is the
 * draft's own example.
 */
import type * as v03tpl from "../../generated/mimi-content-03/index.js";
import type * as v04 from "../../generated/mimi-content-04/index.js";
import type * as main from "../../generated/mimi-content-main/index.js";
import type { CborItem } from "../runtime/index.js";

export type SeriesVersion = "03-tpl" | "04" | "main";

/** How to vary one version's original message. */
export interface VersionInputs {
  readonly version: SeriesVersion;
  readonly document: string;
  readonly typeName: string;
  /** the original message with a single part of n content bytes */
  body(n: number): unknown;
  /** with n ids in lastSeen (03, 04) or, for main, inReplyTo absent (0) or present (1) */
  ids(n: number): unknown;
  readonly maxIds: number | null;
  /** a multipart body of n small single parts */
  parts(n: number): unknown;
  /** n levels of multipart nesting (each level: a small part and the next level) above one single part */
  depth(n: number): unknown;
  /** n extensions of 8-byte values */
  extensions(n: number): unknown;
  /** the smallest number of parts the version allows in a multipart */
  readonly minParts: number;
}

const SMALL = new TextEncoder().encode("part one"); // 8 bytes
const TEXT = "text/plain;charset=utf-8";
const id = (i: number): Uint8Array => new Uint8Array(32).fill(i & 0xff);
const extName = (i: number): string => `x${String(i).padStart(4, "0")}`; // 5 bytes for i < 10000
const EXT_VALUE = new Uint8Array(8).fill(0x2a);
const filled = (n: number): Uint8Array => new Uint8Array(n).fill(0x61);

export function mainInputs(original: main.mimiContent): VersionInputs {
  type Part = main.NestedPart;
  const single = (content: Uint8Array, contentType = TEXT): Part => ({ disposition: "render", language: "", cardinality: "single", contentType, content });
  const multi = (parts: Part[]): Part => ({ disposition: "render", language: "", cardinality: "multi", partSemantics: "processAll", parts });
  const bodyType = original.nestedPart.cardinality === "single" ? original.nestedPart.contentType : TEXT;
  return {
    version: "main",
    document: "mimi-content-main",
    typeName: "mimiContent",
    body: (n) => ({ ...original, nestedPart: single(filled(n), bodyType) }),
    ids: (n) => ({ ...original, inReplyTo: n > 0 ? id(1) : null }),
    maxIds: 1,
    parts: (n) => ({ ...original, nestedPart: multi(Array.from({ length: n }, () => single(SMALL))) }),
    depth: (n) => {
      let p = single(SMALL);
      for (let i = 0; i < n; i++) p = multi([single(SMALL), p]);
      return { ...original, nestedPart: p };
    },
    extensions: (n) => ({
      ...original,
      mimiExtensions: { ...original.mimiExtensions, unknownExtension: new Map<main.name, CborItem>(Array.from({ length: n }, (_, i) => [extName(i), { type: "bytes", value: EXT_VALUE }])) },
    }),
    // main: `parts: [2* NestedPart]`
    minParts: 2,
  };
}

export function v04Inputs(original: v04.mimiContent): VersionInputs {
  type Part = v04.NestedPart;
  const single = (content: Uint8Array, contentType = TEXT): Part => ({ disposition: "render", language: "", partIndex: 0, cardinality: "single", contentType, content });
  const multi = (parts: Part[]): Part => ({ disposition: "render", language: "", partIndex: 0, cardinality: "multi", partSemantics: "processAll", parts });
  const bodyType = original.nestedPart.cardinality === "single" ? original.nestedPart.contentType : TEXT;
  return {
    version: "04",
    document: "mimi-content-04",
    typeName: "mimiContent",
    body: (n) => ({ ...original, nestedPart: single(filled(n), bodyType) }),
    ids: (n) => ({ ...original, lastSeen: Array.from({ length: n }, (_, i) => id(i)) }),
    maxIds: null,
    parts: (n) => ({ ...original, nestedPart: multi(Array.from({ length: n }, () => single(SMALL))) }),
    depth: (n) => {
      let p = single(SMALL);
      for (let i = 0; i < n; i++) p = multi([single(SMALL), p]);
      return { ...original, nestedPart: p };
    },
    extensions: (n) => ({ ...original, extensions: new Map(Array.from({ length: n }, (_, i) => [extName(i), EXT_VALUE])) }),
    // mimi-content-04: `parts: [2* NestedPart]`
    minParts: 2,
  };
}

export function v03TplInputs(original: v03tpl.MimiContent): VersionInputs {
  type Part = v03tpl.NestablePart;
  const single = (content: Uint8Array, contentType = TEXT): Part => ({ disposition: "render", language: "", partIndex: 0, cardinality: "single", part: { contentType, content } });
  const multi = (parts: Part[]): Part => ({ disposition: "render", language: "", partIndex: 0, cardinality: "multi", partSemantics: "processAll", parts });
  const bodyType = original.body.cardinality === "single" ? original.body.part.contentType : TEXT;
  return {
    version: "03-tpl",
    document: "mimi-content-03",
    typeName: "MimiContent",
    body: (n) => ({ ...original, body: single(filled(n), bodyType) }),
    ids: (n) => ({ ...original, lastSeen: Array.from({ length: n }, (_, i) => id(i)) }),
    maxIds: null,
    parts: (n) => ({ ...original, body: multi(Array.from({ length: n }, () => single(SMALL))) }),
    depth: (n) => {
      let p = single(SMALL);
      for (let i = 0; i < n; i++) p = multi([single(SMALL), p]);
      return { ...original, body: p };
    },
    extensions: (n) => ({ ...original, extensions: new Map(Array.from({ length: n }, (_, i) => [extName(i), EXT_VALUE])) }),
    // draft-03's TPL allows fewer, but the series start where 04 and main do
    minParts: 2,
  };
}
