import { itemToEdn } from "../edn/cbor-to-edn.js";
import { decodeItem, isCodecError, type CborItem } from "../runtime/index.js";

/**
 * Where two encodings differ, in words: as CBOR items where both are
 * well-formed CBOR (`at [6][4]: "https://..." vs "https:..."`, at most three
 * places), else the first differing byte and the lengths.
 */
export function describeByteDifference(a: Uint8Array, b: Uint8Array): string {
  const items = [tryDecode(a), tryDecode(b)] as const;
  if (items[0] && items[1]) {
    const found: string[] = [];
    diffItems(items[0], items[1], "", found);
    if (found.length > 0) return found.slice(0, 3).join("; ") + (found.length > 3 ? `; and ${found.length - 3} more` : "");
  }
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `${a.length} vs ${b.length} bytes, first difference at offset ${i}`;
}

function tryDecode(bytes: Uint8Array): CborItem | undefined {
  try {
    return decodeItem(bytes);
  } catch (e) {
    if (isCodecError(e)) return undefined;
    throw e;
  }
}

const show = (item: CborItem): string => {
  const text = itemToEdn(item);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
};

function diffItems(a: CborItem, b: CborItem, path: string, out: string[]): void {
  if (out.length > 3) return;
  const here = path || "the top";
  if (a.type !== b.type) {
    out.push(`at ${here}: ${show(a)} vs ${show(b)}`);
    return;
  }
  if (a.type === "array" && b.type === "array") {
    if (a.items.length !== b.items.length) out.push(`at ${here}: ${a.items.length} vs ${b.items.length} items`);
    a.items.forEach((x, i) => b.items[i] && diffItems(x, b.items[i]!, `${path}[${i}]`, out));
    return;
  }
  if (a.type === "map" && b.type === "map") {
    if (a.entries.length !== b.entries.length) out.push(`at ${here}: ${a.entries.length} vs ${b.entries.length} entries`);
    a.entries.forEach(([k, v], i) => {
      const other = b.entries.find(([k2]) => itemToEdn(k2) === itemToEdn(k)) ?? b.entries[i];
      if (other) diffItems(v, other[1], `${path}{${show(k)}}`, out);
    });
    return;
  }
  if (a.type === "tag" && b.type === "tag") {
    if (a.tag !== b.tag) out.push(`at ${here}: tag ${a.tag} vs ${b.tag}`);
    else diffItems(a.item, b.item, `${path}#${a.tag}`, out);
    return;
  }
  if (itemToEdn(a) !== itemToEdn(b)) out.push(`at ${here}: ${show(a)} vs ${show(b)}`);
}
