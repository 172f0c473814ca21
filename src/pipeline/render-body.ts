/**
 * What a receiving client renders for a body ("Message Bodies"): chooseOne
 * picks one alternative the client supports (preferring its languages),
 * processAll renders every part it can, singleUnit renders all or nothing.
 * Parts already referenced by an earlier handled part through a
 * `cid:N@local.invalid` URI are skipped; unknown dispositions are rendered as
 * `render`. The result is plain text, one line per rendered part.
 */
import type { NestedPart } from "../../generated/mimi-content-main/index.js";
import { contentIdRefs, isUtf8Text, isValidUtf8, parseMediaType } from "./media.js";
import { indexParts } from "./parts.js";

export interface RenderOptions {
  /** preferred languages, best first (RFC 4647 basic prefixes) */
  readonly languages?: readonly string[];
}

/** Media types this client can render (text bodies; images and attachments as placeholders). */
function supported(contentType: string): boolean {
  const mt = parseMediaType(contentType);
  if (!mt) return false;
  if (mt.type === "text") return ["plain", "markdown", "html"].includes(mt.subtype);
  return mt.type === "image" && ["png", "gif", "jpeg"].includes(mt.subtype);
}

const utf8 = new TextDecoder();

export function renderBody(body: NestedPart, opts: RenderOptions = {}): string[] {
  const indexed = indexParts(body);
  const children = new Map<number, number[]>();
  for (const p of indexed) if (p.parent >= 0) children.set(p.parent, [...(children.get(p.parent) ?? []), p.index]);
  const handled = new Set<number>();
  const out: string[] = [];
  const langs = opts.languages ?? ["en"];

  const renderable = (p: NestedPart): boolean => {
    switch (p.cardinality) {
      case "nullpart":
        return false;
      case "single":
        return supported(p.contentType);
      case "external":
        return true;
      case "multi":
        return p.partSemantics === "singleUnit" ? p.parts.every(renderable) : p.parts.some(renderable);
    }
  };
  const langRank = (p: NestedPart): number => {
    const tags = p.language.split(",").map((t) => t.trim().toLowerCase());
    const i = langs.findIndex((l) => tags.some((t) => t === l.toLowerCase() || t.startsWith(l.toLowerCase() + "-")));
    return i < 0 ? langs.length : i;
  };

  const walk = (index: number): void => {
    const p = indexed[index]?.part;
    if (p === undefined || handled.has(index)) return;
    handled.add(index);
    switch (p.cardinality) {
      case "nullpart":
        return;
      case "multi": {
        const kids = children.get(index) ?? [];
        if (p.partSemantics === "chooseOne") {
          const choices = kids.filter((k) => renderable(indexed[k]!.part));
          const best = [...choices].sort((a, b) => langRank(indexed[a]!.part) - langRank(indexed[b]!.part))[0];
          if (best !== undefined) walk(best);
          else out.push("[no alternative this client can render]");
        } else if (p.partSemantics === "singleUnit" && !p.parts.every(renderable)) {
          out.push("[a single unit with a part this client cannot render]");
        } else kids.forEach(walk);
        return;
      }
      case "external":
        out.push(
          p.disposition === "session"
            ? `[session: ${p.description || "join"} <${p.url}>]`
            : `[${dispositionName(p.disposition)}: ${p.filename || p.url}${p.contentType ? ` (${p.contentType})` : ""}${p.description ? ` "${p.description}"` : ""}]`,
        );
        return;
      case "single": {
        const mt = parseMediaType(p.contentType);
        if (!mt || !supported(p.contentType)) {
          out.push(`[${p.contentType || "content"}, ${p.content.length} octets: not rendered]`);
          return;
        }
        if (mt.type === "image") {
          out.push(`[${p.contentType} image, ${p.content.length} octets, ${dispositionName(p.disposition)}]`);
          return;
        }
        if (!isUtf8Text(mt) && !isValidUtf8(p.content)) {
          out.push(`[${p.contentType}, ${p.content.length} octets]`);
          return;
        }
        let text = utf8.decode(p.content);
        for (const ref of contentIdRefs(text)) {
          const target = indexed[ref];
          if (target && ref !== index) handled.add(ref);
        }
        if (mt.subtype === "html") text = htmlToText(text, indexed);
        out.push(p.disposition === "reaction" ? `reaction ${text}` : text);
        return;
      }
    }
  };
  walk(0);
  return out;
}

/** Unknown dispositions (9..255) are rendered as `render`. */
export function dispositionName(d: NestedPart["disposition"]): string {
  return typeof d === "number" ? "render" : d;
}

function htmlToText(html: string, parts: ReturnType<typeof indexParts>): string {
  return html
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const src = /src="cid:(\d+)@local\.invalid"/i.exec(tag)?.[1];
      const alt = /alt="([^"]*)"/i.exec(tag)?.[1] ?? "image";
      const target = src === undefined ? undefined : parts[Number(src)]?.part;
      return `[${alt}${target && target.cardinality !== "multi" && target.cardinality !== "nullpart" ? `: part ${src}, ${target.contentType}` : ""}]`;
    })
    .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, "[$2]($1)")
    .replace(/<\/(p|h\d|div|li)>/gi, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Links to mimi: user URIs in Markdown or HTML text: candidate mentions. */
export function linkedUserUris(body: NestedPart): string[] {
  const found = new Set<string>();
  for (const { part } of indexParts(body)) {
    if (part.cardinality !== "single" || !isValidUtf8(part.content)) continue;
    const text = utf8.decode(part.content);
    for (const m of text.matchAll(/(?:\]\(|href="|<)(mimi:\/\/[^\s)">]+\/u\/[^\s)">]+)/g)) found.add(m[1]!);
  }
  return [...found];
}
