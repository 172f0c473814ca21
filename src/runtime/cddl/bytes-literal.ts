import type { BytesValue } from "./ast.js";

export type DecodedBytes =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly message: string };

/**
 * The bytes a byte string literal stands for (RFC 8610 section 3.1 and
 * RFC 9682 Appendix A): unprefixed, the UTF-8 of its text; `h'..'`, pairs
 * of hex digits; `b64'..'`, base64 or base64url with optional padding. In
 * the prefixed forms white space and `;` comments (to the end of the line)
 * are ignored.
 */
export function decodeBytes(lit: BytesValue): DecodedBytes {
  if (lit.encoding === "utf8") return { ok: true, bytes: new TextEncoder().encode(lit.content) };
  const compact = lit.content.replace(/;[^\n]*/g, "").replace(/[ \t\r\n]/g, "");
  return lit.encoding === "hex" ? decodeHex(compact) : decodeBase64(compact);
}

function decodeHex(s: string): DecodedBytes {
  const bad = /[^0-9a-fA-F]/.exec(s);
  if (bad) return { ok: false, message: `${describe(bad[0])} is not a hex digit (in h'..')` };
  if (s.length % 2 !== 0) return { ok: false, message: `h'..' has an odd number of hex digits (${s.length})` };
  const bytes = new Uint8Array(s.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, bytes };
}

function decodeBase64(s: string): DecodedBytes {
  const body = s.replace(/=+$/, "");
  const bad = /[^A-Za-z0-9+/\-_]/.exec(body);
  if (bad) return { ok: false, message: `${describe(bad[0])} is not a base64 or base64url character (in b64'..')` };
  if (/[+/]/.test(body) && /[-_]/.test(body)) {
    return { ok: false, message: "b64'..' mixes the base64 (+ /) and base64url (- _) alphabets" };
  }
  if (body.length % 4 === 1) return { ok: false, message: `b64'..' has ${body.length} characters: not a whole number of bytes` };
  if (s.length !== body.length && s.length % 4 !== 0) return { ok: false, message: "b64'..' has the wrong amount of = padding" };
  // atob (WHATWG forgiving-base64) takes unpadded input; the alphabet was checked above.
  const binary = atob(body.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { ok: true, bytes };
}

function describe(c: string): string {
  return /[\x21-\x7e]/.test(c) ? `"${c}"` : `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
