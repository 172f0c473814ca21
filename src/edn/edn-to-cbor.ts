import type { CborItem } from "../runtime/cbor-item.js";
import { encodeItem } from "../runtime/cbor-item.js";
import { EdnError } from "./edn-error.js";
import { parseEdn, type ParseEdnOptions } from "./parse-edn.js";

export { EdnError } from "./edn-error.js";

/** Parse EDN into items, throwing EdnError (with line and column) if it is not valid. */
export function ednToItems(text: string, options: ParseEdnOptions = {}): CborItem[] {
  const { items, errors } = parseEdn(text, options);
  if (errors.length > 0) throw new EdnError(errors);
  return items;
}

/**
 * Encode EDN as CBOR. Several comma-separated items give a CBOR sequence
 * (RFC 8742): their encodings back to back. Throws EdnError.
 */
export function ednToCbor(text: string, options: ParseEdnOptions = {}): Uint8Array {
  const encoded = ednToItems(text, options).map((item) => encodeItem(item));
  if (encoded.length === 1) return encoded[0]!;
  const out = new Uint8Array(encoded.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of encoded) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}
