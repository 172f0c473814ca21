/**
 * Syntax helpers for the text-valued fields of a NestedPart: media types
 * (RFC 6838 / RFC 9110 §8.3), language tags (RFC 5646), UTF-8 text bodies,
 * GFM-MIMI's "No HTML" rule, content ID URIs and grapheme clusters.
 */

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const MEDIA_TYPE = new RegExp(`^(${TOKEN})/(${TOKEN})((?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*)$`);

export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  /** parameter names lower-cased, values unquoted */
  readonly params: ReadonlyMap<string, string>;
}

export function parseMediaType(s: string): MediaType | undefined {
  const m = MEDIA_TYPE.exec(s);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of (m[3] ?? "").split(";").slice(1)) {
    const eq = p.indexOf("=");
    const k = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    params.set(k, v);
  }
  return { type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), params };
}

export function isGfmMimi(mt: MediaType): boolean {
  return mt.type === "text" && mt.subtype === "markdown" && mt.params.get("variant")?.toLowerCase() === "gfm-mimi";
}

/** Text whose body must be UTF-8: charset=utf-8, or markdown (RFC 7763 defaults to UTF-8 in MIMI). */
export function isUtf8Text(mt: MediaType): boolean {
  if (mt.type !== "text") return false;
  const cs = mt.params.get("charset")?.toLowerCase();
  return cs === "utf-8" || (cs === undefined && mt.subtype === "markdown");
}

/** A container whose text may hold `cid:` references to other parts. */
export function mayReferenceParts(mt: MediaType): boolean {
  return mt.type === "text" && ["html", "markdown", "calendar", "vcard"].includes(mt.subtype);
}

// RFC 5646 §2.1 langtag / privateuse / the irregular grandfathered tags
const LANGTAG =
  /^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+|[Ii]-[A-Za-z]{3,8}|[Ee][Nn]-[Gg][Bb]-[Oo][Ee][Dd]|[Ss][Gg][Nn]-[A-Za-z]{2}-[A-Za-z]{2})$/;

/** The language field: "" or a comma-separated list of RFC 5646 Language-tags. */
export function isLanguageList(s: string): boolean {
  if (s === "") return true;
  return s.split(",").every((t) => LANGTAG.test(t.trim()));
}

const fatal = new TextDecoder("utf-8", { fatal: true });

export function isValidUtf8(b: Uint8Array): boolean {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
}

// GFM §6.10 "HTML tag": open tag, closing tag, comment, processing
// instruction, declaration, CDATA. Autolinks (<https://...>) do not match.
const HTML_TAG = /<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|\/[A-Za-z][A-Za-z0-9-]*\s*>|!--|\?|![A-Za-z]|!\[CDATA\[)/;

/** Does GFM-MIMI text contain a raw HTML tag outside code spans and fenced blocks? */
export function findRawHtml(markdown: string): number {
  const blanked = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (m) => " ".repeat(m.length))
    .replace(/(`+)[^`][\s\S]*?\1/g, (m) => " ".repeat(m.length));
  const m = HTML_TAG.exec(blanked);
  return m ? m.index : -1;
}

/** `cid:<partIndex>@local.invalid` references in a container part (content ID URIs, RFC 2392). */
export function contentIdRefs(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/cid:(\d{1,9})@local\.invalid/gi)) out.push(Number(m[1]));
  return out;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

export function graphemeCount(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** An absolute URI (RFC 3986 scheme ":" ...), parseable by the WHATWG URL parser. */
export function isAbsoluteUri(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** GFM-MIMI "No HTML": replace the "<" of every raw HTML tag with "&lt;" (before sending). */
export function escapeRawHtml(markdown: string): string {
  let s = markdown;
  for (let at = findRawHtml(s); at >= 0; at = findRawHtml(s)) s = s.slice(0, at) + "&lt;" + s.slice(at + 1);
  return s;
}
