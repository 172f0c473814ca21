/**
 * Checks on the extensions map (draft-ietf-mimi-content "Extension Fields",
 * "Data model restrictions", "Depth restrictions"): unique keys, key 0
 * reserved, integer keys a double can hold, nested map keys, at most 4
 * levels of tags/maps/arrays, NaN and floats. (Key order is the encoder's
 * business; encodeContent checks that its output is deterministic.)
 */
import type { extensions } from "../../generated/mimi-content-main/index.js";
import { toHex, type CborItem } from "../runtime/index.js";
import { violation, type Violation } from "./errors.js";
import { isAbsoluteUri } from "./media.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** the extensions map is level 1; a tag, map or array below level 4 is too deep */
export const MAX_EXTENSION_DEPTH = 4;

const PATH = "mimiContent.mimiExtensions";

function keyLabel(k: bigint | string): string {
  return typeof k === "bigint" ? k.toString() : JSON.stringify(k);
}

export function checkExtensions(ext: extensions, out: Violation[]): void {
  for (const [field, key] of [["senderUri", 1n], ["roomUri", 2n]] as const) {
    const v = ext[field];
    if (v !== undefined && !isAbsoluteUri(v)) out.push(violation("extensions/uri-invalid", `${PATH}.${field}`, `${JSON.stringify(v)} is not a URI`));
    if (ext.unknownExtension.has(key)) {
      const msg = v !== undefined ? `key ${key} (${field}) appears twice: as ${field} and in unknownExtension` : `key ${key} is ${field}; give it as ${field} (a text string), not in unknownExtension`;
      out.push(violation("extensions/duplicate-key", `${PATH}.unknownExtension[${key}]`, msg));
    }
  }

  for (const [key, value] of ext.unknownExtension) {
    const path = `${PATH}.unknownExtension[${keyLabel(key)}]`;
    if (key === 0n) out.push(violation("extensions/reserved-key", path, "extension key 0 is reserved in the MIMI Content Extension Keys registry"));
    if (typeof key === "bigint" && (key > MAX_SAFE || key < -MAX_SAFE)) {
      out.push(violation("extensions/int-key-range", path, `integer key ${key} is outside -(2^53-1)..2^53-1`));
    }
    checkValue(value, 2, path, out);
  }
}

/** `level` is the level the item itself would occupy if it is a tag, map or array. */
function checkValue(item: CborItem, level: number, path: string, out: Violation[]): void {
  switch (item.type) {
    case "array":
    case "map":
    case "tag":
      if (level > MAX_EXTENSION_DEPTH) {
        out.push(violation("extensions/too-deep", path, `a ${item.type} at level ${level}; extensions allow at most ${MAX_EXTENSION_DEPTH} levels of tags, maps and arrays`));
        return;
      }
      if (item.type === "array") item.items.forEach((x, i) => checkValue(x, level + 1, `${path}[${i}]`, out));
      else if (item.type === "tag") checkValue(item.item, level + 1, `${path}.tag${item.tag}`, out);
      else {
        for (const [k, v] of item.entries) {
          const kp = `${path}{${describeKey(k)}}`;
          if (k.type !== "uint" && k.type !== "nint" && k.type !== "text" && k.type !== "bytes") {
            out.push(violation("extensions/nested-key-type", kp, `a ${k.type} map key; nested maps allow integer, text or byte string keys only`));
          } else if ((k.type === "uint" || k.type === "nint") && (k.value > MAX_SAFE || k.value < -MAX_SAFE)) {
            out.push(violation("extensions/int-key-range", kp, `integer key ${k.value} is outside -(2^53-1)..2^53-1`));
          }
          checkValue(v, level + 1, kp, out);
        }
      }
      return;
    case "float":
      if (Number.isNaN(item.value) && item.width !== undefined && item.width !== 2) {
        out.push(violation("extensions/nan", path, `a ${item.width * 8}-bit NaN; only the half-width quiet NaN (f97e00) is allowed`));
      } else out.push(violation("extensions/float", path, "a floating point value (strongly discouraged in MIMI content)"));
      return;
    default:
      return;
  }
}

function describeKey(k: CborItem): string {
  if (k.type === "uint" || k.type === "nint") return k.value.toString();
  if (k.type === "text") return JSON.stringify(k.value);
  if (k.type === "bytes") return `h'${toHex(k.value)}'`;
  return k.type;
}
