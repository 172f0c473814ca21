/**
 * What the bytes pane reads: hex (bare, spaced, `0x..`, or a draft's
 * annotated dump with `#`, `//` and `/* *​/` comments), base64 or base64url,
 * EDN (CBOR diagnostic notation) or the JSON form of a value.
 */
import { hexFromAnnotatedDump } from "../extract/annotated-hex.js";
import { ednToCbor, EdnError } from "../edn/edn-to-cbor.js";

export type InputKind = "auto" | "hex" | "base64" | "edn" | "json";
export const INPUT_KINDS: readonly InputKind[] = ["auto", "hex", "base64", "edn", "json"];

export type ReadInput =
  | { readonly kind: "empty" }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly read: Exclude<InputKind, "auto" | "json"> }
  | { readonly kind: "json"; readonly json: unknown };

/** Input that is none of what was asked for, with where (1-based line and column) when known. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    message: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    super(message);
  }
}

export function readInput(text: string, kind: InputKind = "auto"): ReadInput {
  if (text.trim() === "") return { kind: "empty" };
  const as = kind === "auto" ? guessKind(text) : kind;
  switch (as) {
    case "hex":
      return { kind: "bytes", bytes: readHex(text), read: "hex" };
    case "base64":
      return { kind: "bytes", bytes: readBase64(text), read: "base64" };
    case "json":
      return { kind: "json", json: readJson(text) };
    default:
      return { kind: "bytes", bytes: readEdn(text), read: "edn" };
  }
}

/** Hex when every line starts with hex or is a comment; a JSON object as JSON; base64 by its alphabet; else EDN. */
export function guessKind(text: string): Exclude<InputKind, "auto"> {
  const lines = withoutBlockComments(text)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const hexLine = (l: string) => /^(0x)?[0-9a-fA-F]{2,}(\s|$|#|\/\/)/.test(l) || /^(#|\/\/)/.test(l);
  if (lines.length > 0 && lines.every(hexLine) && lines.some((l) => !/^(#|\/\/)/.test(l)) && !/^[0-9]+$/.test(lines.join(""))) return "hex";
  const t = text.trim();
  if (t.startsWith("{") && isJson(t)) return "json";
  if (/^[A-Za-z0-9+/_\-\s]+=*$/.test(t) && t.replace(/\s/g, "").length >= 4) return "base64";
  return "edn";
}

function withoutBlockComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "));
}

function isJson(t: string): boolean {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function readHex(text: string): Uint8Array {
  // `#` comments as in the drafts' .pretty files; the annotated-dump reader takes `//` and `/* */`
  const dump = hexFromAnnotatedDump(text.replace(/#.*$/gm, ""));
  if (dump.oddLines.length > 0) throw new InputError(`an odd number of hex digits on line ${dump.oddLines[0]}`, dump.oddLines[0], 1);
  if (dump.bytes.length === 0) throw new InputError("no hex digits");
  return dump.bytes;
}

function readBase64(text: string): Uint8Array {
  const t = text.replace(/\s/g, "").replace(/-/g, "+").replace(/_/g, "/");
  const bad = /[^A-Za-z0-9+/=]/.exec(t);
  if (bad) throw new InputError(`not base64: ${JSON.stringify(bad[0])}`);
  try {
    const bin = atob(t.padEnd(t.length + ((4 - (t.length % 4)) % 4), "="));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    throw new InputError("not base64: its length or padding is wrong");
  }
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${(e as Error).message}`);
  }
}

function readEdn(text: string): Uint8Array {
  try {
    return ednToCbor(text);
  } catch (e) {
    if (e instanceof EdnError) throw new InputError(`EDN: ${e.reason}`, e.line, e.col);
    throw e;
  }
}
