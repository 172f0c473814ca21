import { createHash } from "node:crypto";
import type { DocumentKind } from "../extract/index.js";

/**
 * What a document says about itself: the name it was submitted under, the
 * RFC number it was published as, its title, and a fingerprint of its text.
 * Built-in documents are recognised by this, never by where the file is.
 */
export interface DocumentIdentity {
  /** The draft name without its version: `draft-ietf-mimi-content`. */
  readonly family?: string;
  /** The version the docname carries: `03`, or `latest` for kramdown's unnumbered `-latest`. */
  readonly version?: string;
  /** The docname as written: `draft-ietf-mimi-content-03`. */
  readonly docname?: string;
  readonly rfc?: number;
  readonly title?: string;
  /** SHA-256 (hex) of the text with line ends normalised to LF, so a CRLF copy is the same text. */
  readonly sha256: string;
}

/** The identity of a document from its text; `kind` says how to read its front matter. */
export function readIdentity(text: string, kind: DocumentKind | undefined): DocumentIdentity {
  const body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const sha256 = createHash("sha256").update(body).digest("hex");
  const found = kind === "xml" ? fromXml(body) : kind === "text" ? fromPlainText(body) : kind === "markdown" ? fromMarkdown(body) : {};
  const split = found.docname ? splitDocname(found.docname) : undefined;
  return {
    sha256,
    ...(found.docname ? { docname: found.docname } : {}),
    ...(split ? { family: split.family, ...(split.version ? { version: split.version } : {}) } : {}),
    ...(found.rfc !== undefined ? { rfc: found.rfc } : {}),
    ...(found.title ? { title: found.title } : {}),
  };
}

interface Found {
  docname?: string;
  rfc?: number;
  title?: string;
}

/** `draft-ietf-mimi-content-03` -> family and `03`; `-latest` -> `latest`; no suffix -> the family alone. */
export function splitDocname(docname: string): { family: string; version?: string } {
  const name = docname.trim().toLowerCase().replace(/\.(txt|xml|md)$/, "");
  const m = /^(.*?)-(\d{2}|latest)$/.exec(name);
  return m ? { family: m[1]!, version: m[2]! } : { family: name };
}

/** A title compared loosely: case, spacing and punctuation do not matter. */
export function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

const FRONT_LIMIT = 20_000; // identity lives at the top; never scan a whole hostile file

/** kramdown-rfc YAML (`docname:`, `number:`, `title:`) or mmark TOML (`[seriesInfo] value = "..."`, `title = "..."`). */
function fromMarkdown(text: string): Found {
  const head = text.slice(0, FRONT_LIMIT).split("\n");
  const first = head[0]?.trim();
  const end = head.findIndex((l, i) => i > 0 && (first === "%%%" ? /^%%%\s*$/.test(l) : /^(---|\.\.\.)(\s|$)/.test(l)));
  if ((first !== "---" && first !== "%%%") || end < 0) return {};
  const lines = head.slice(1, end);
  const out: Found = {};
  if (first === "---") {
    const value = (key: string) => unquote(lines.find((l) => new RegExp(`^${key}\\s*:`).test(l))?.replace(/^[^:]*:/, "") ?? "");
    const docname = value("docname");
    if (docname) out.docname = docname;
    const number = /^\d+$/.exec(value("number"))?.[0];
    if (number) out.rfc = Number(number);
    const titleAt = lines.findIndex((l) => /^title\s*:/.test(l));
    if (titleAt >= 0) {
      // `title: >` folds the indented lines below it
      let title = value("title");
      if (/^[>|]-?$/.test(title) || title === "") {
        title = lines
          .slice(titleAt + 1)
          .filter((_, i, all) => all.slice(0, i + 1).every((l) => /^\s+\S/.test(l)))
          .map((l) => l.trim())
          .join(" ");
      }
      if (title) out.title = title;
    }
    return out;
  }
  // mmark: title = "..."; [seriesInfo] name = "Internet-Draft" | "RFC", value = "..."
  const value = (l: string) => unquote(l.replace(/^[^=]*=/, ""));
  const title = lines.find((l) => /^title\s*=/.test(l));
  if (title) out.title = value(title);
  let series = "";
  for (const l of lines) {
    if (/^\s*name\s*=/.test(l)) series = value(l);
    if (/^\s*value\s*=/.test(l)) {
      if (/^rfc$/i.test(series) && /^\d+$/.test(value(l))) out.rfc = Number(value(l));
      else if (/^internet-draft$/i.test(series)) out.docname = value(l);
    }
  }
  return out;
}

/** xml2rfc: `<rfc docName="..." number="...">`, `<seriesInfo>`, the first `<title>`. */
function fromXml(text: string): Found {
  const head = text.slice(0, FRONT_LIMIT);
  const out: Found = {};
  const rfcTag = /<rfc\b[^>]*>/.exec(head)?.[0] ?? "";
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const docName = attr(rfcTag, "docName");
  if (docName) out.docname = docName[1] ?? docName[2]!;
  const number = attr(rfcTag, "number");
  if (number && /^\d+$/.test(number[1] ?? number[2] ?? "")) out.rfc = Number(number[1] ?? number[2]);
  if (!out.docname) {
    const series = /<seriesInfo\b[^>]*name\s*=\s*"Internet-Draft"[^>]*>/.exec(head)?.[0];
    const value = series ? attr(series, "value") : null;
    if (value) out.docname = value[1] ?? value[2]!;
  }
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/.exec(head)?.[1];
  if (title) out.title = title.replace(/<[^<>]*>/g, "").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  return out;
}

/** A plain-text rendering: `Request for Comments: 9682` in the header, or the draft name on its first page. */
function fromPlainText(text: string): Found {
  const head = text.slice(0, FRONT_LIMIT);
  const out: Found = {};
  const rfc = /^Request for Comments:\s*(\d+)/m.exec(head);
  if (rfc) out.rfc = Number(rfc[1]);
  const draft = /\b(draft-[a-z0-9]+(?:-[a-z0-9]+)*-(?:\d{2}|latest))\b/i.exec(head.split("\f")[0] ?? head);
  if (draft) out.docname = draft[1]!;
  return out;
}

function unquote(s: string): string {
  return s.trim().replace(/^(["'])(.*)\1$/, "$2").trim();
}
