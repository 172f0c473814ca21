/**
 * The generic CBOR data model (RFC 8949 §2) as plain objects that also keep
 * the encoding details a diagnostic or EDN tool wants to show: head widths,
 * indefinite lengths and string chunks. Types only; the functions live in
 * cbor-item.ts, which re-exports these.
 */

/**
 * Bytes of a head's argument: 0 = in the initial byte (additional
 * information < 24); 1/2/4/8 = additional information 24/25/26/27.
 * Unset on an item means the preferred (shortest) width.
 */
export type HeadWidth = 0 | 1 | 2 | 4 | 8;

export interface CborChunk<T> {
  value: T;
  width?: HeadWidth;
}

export type CborItem =
  | { readonly type: "uint"; readonly value: bigint; readonly width?: HeadWidth }
  /** `value` is the negative number itself, -1 - argument. */
  | { readonly type: "nint"; readonly value: bigint; readonly width?: HeadWidth }
  /** `chunks` set = indefinite length; `value` is then the concatenation of the chunks. */
  | {
      readonly type: "bytes";
      readonly value: Uint8Array;
      readonly width?: HeadWidth;
      readonly chunks?: readonly CborChunk<Uint8Array>[];
    }
  | { readonly type: "text"; readonly value: string; readonly width?: HeadWidth; readonly chunks?: readonly CborChunk<string>[] }
  | { readonly type: "array"; readonly items: readonly CborItem[]; readonly width?: HeadWidth; readonly indefinite?: boolean }
  | {
      readonly type: "map";
      readonly entries: readonly (readonly [CborItem, CborItem])[];
      readonly width?: HeadWidth;
      readonly indefinite?: boolean;
    }
  | { readonly type: "tag"; readonly tag: bigint; readonly item: CborItem; readonly width?: HeadWidth }
  /** 20 false, 21 true, 22 null, 23 undefined; 0..19 and 32..255 are the other simple values. */
  | { readonly type: "simple"; readonly value: number; readonly width?: 0 | 1 }
  /** Unset width = preferred: the shortest of 2/4/8 that holds the value exactly (NaN -> f97e00). */
  | { readonly type: "float"; readonly value: number; readonly width?: 2 | 4 | 8 };

export type CborItemType = CborItem["type"];
