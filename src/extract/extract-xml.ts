import { classifyContent, langFromInfo, langFromPath } from "./classify-block.js";
import { makeBlock, renumber, type PlacedLine } from "./code-block.js";
import { DecodedText, decodeXmlText } from "./decode-xml.js";
import { Includer } from "./resolve-include.js";
import { nodeIo } from "./node-io.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { CodeBlock, ExtractIo, Extraction } from "./types.js";

const CODE_ELEMENTS = new Set(["sourcecode", "artwork"]);

/**
 * Extract `<sourcecode>` and `<artwork>` from xml2rfc v3 (and v2) XML.
 * A small scanner is enough: we only need element names, attributes,
 * character data and CDATA, never a tree.
 */
export function extractXml(file: string, input: string, io: ExtractIo = nodeIo): Extraction {
  // Same line numbering as splitLines: BOM gone, CR/CRLF become LF.
  const src = input.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lineStarts = [0];
  for (let k = 0; k < src.length; k++) if (src[k] === "\n") lineStarts.push(k + 1);
  const where = (offset: number): { line: number; col: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };

  const blocks: CodeBlock[] = [];
  const diagnostics: Diagnostic[] = [];
  const includer = new Includer(file, io, diagnostics);
  const elements: string[] = [];
  /** How many of each element are open: an end tag nothing opened is skipped at once, not searched for. */
  const open = new Map<string, number>();
  const sections: string[] = [];
  let pos = 0;
  while (pos < src.length) {
    const lt = src.indexOf("<", pos);
    if (lt < 0) break;
    if (src.startsWith("<!--", lt)) pos = after(src, "-->", lt);
    else if (src.startsWith("<![CDATA[", lt)) pos = after(src, "]]>", lt);
    else if (src.startsWith("<!", lt)) pos = skipDeclaration(src, lt);
    else if (src.startsWith("<?", lt)) pos = after(src, "?>", lt);
    else if (src.startsWith("</", lt)) {
      const name = /^<\/([\w:.-]+)/.exec(src.slice(lt, lt + 100))?.[1] ?? "";
      if ((open.get(name) ?? 0) > 0) {
        for (const popped of elements.splice(elements.lastIndexOf(name))) {
          open.set(popped, open.get(popped)! - 1);
          if (popped === "section") sections.pop();
        }
      }
      pos = after(src, ">", lt);
    } else {
      const tag = readStartTag(src, lt);
      pos = tag.end;
      if (tag.name === "") continue;
      if (CODE_ELEMENTS.has(tag.name) && !tag.selfClosing) {
        const content = readContent(src, pos, tag.name);
        pos = content.end;
        const block = codeBlock(tag, content.decoded, content.close);
        if (block) blocks.push(block);
      } else if (tag.name === "name" && !tag.selfClosing && elements[elements.length - 1] === "section") {
        const close = src.indexOf("</name>", pos);
        const end = close < 0 ? src.length : close;
        const title = decodeXmlText(withoutTags(src.slice(pos, end))).replace(/\s+/g, " ").trim();
        if (sections.length > 0 && sections[sections.length - 1] === "") sections[sections.length - 1] = title;
        pos = close < 0 ? src.length : close + "</name>".length;
      } else if (!tag.selfClosing) {
        elements.push(tag.name);
        open.set(tag.name, (open.get(tag.name) ?? 0) + 1);
        if (tag.name === "section") sections.push(decodeXmlText(tag.attrs.get("title") ?? ""));
      }
    }
  }
  return { file, blocks: renumber(blocks), diagnostics };

  function codeBlock(tag: StartTag, decoded: DecodedText, contentEnd: number): CodeBlock | undefined {
    const type = tag.attrs.get("type") ?? "";
    const section = sections[sections.length - 1] ?? "";
    const srcAttr = tag.attrs.get("src");
    if (srcAttr !== undefined && decoded.text.trim() === "") {
      // xml2rfc v3 `src=` pulls the content from a file next to the XML.
      const at = where(tag.start);
      const got = includer.read(file, at.line, { target: srcAttr, col: at.col, syntax: "xml-src" });
      if (!got) return undefined;
      const lang = type ? langFromInfo(type) : langFromPath(got.path);
      return makeBlock({ lang, info: type, section, origin: "include", fallbackFile: got.path }, got.lines);
    }
    const placed = placeLines(decoded, contentEnd);
    const body = placed.map((p) => p.text).join("\n");
    const lang = type ? langFromInfo(type) : classifyContent(body, { cddl: false });
    return makeBlock({ lang, info: type, section, origin: "xml", fallbackFile: file }, placed);
  }

  /** Split decoded content into lines placed in the XML file; blank lines at either end are XML layout, not code. */
  function placeLines(decoded: DecodedText, contentEnd: number): PlacedLine[] {
    const { text, offsets } = decoded;
    const placed: PlacedLine[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      const end = nl < 0 ? text.length : nl;
      const first = offsets[start] ?? contentEnd;
      const { line, col } = where(first);
      const lineStart = first - (col - 1);
      let identity = true;
      for (let k = start; k < end; k++) if (offsets[k] !== first + (k - start)) identity = false;
      const p: PlacedLine = { text: text.slice(start, end), file, line, colOffset: col - 1 };
      if (!identity) {
        const cols = offsets.slice(start, end).map((o) => o - lineStart + 1);
        const tail = offsets[end] ?? contentEnd;
        placed.push({ ...p, colMap: [...cols, tail - lineStart + 1] });
      } else placed.push(p);
      if (nl < 0) break;
      start = nl + 1;
    }
    while (placed.length > 0 && placed[0]!.text.trim() === "") placed.shift();
    while (placed.length > 0 && placed[placed.length - 1]!.text.trim() === "") placed.pop();
    return placed;
  }
}

interface StartTag {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly selfClosing: boolean;
  readonly start: number;
  readonly end: number;
}

/**
 * Markup removed from a title: each `<` up to the next `>`; a `<` with no
 * `>` after it stays, and so does everything after it. One pass (a regular
 * expression would rescan the rest of the text at every such `<`).
 */
function withoutTags(text: string): string {
  let out = "";
  let k = 0;
  for (;;) {
    const lt = text.indexOf("<", k);
    const gt = lt < 0 ? -1 : text.indexOf(">", lt);
    if (gt < 0) return out + text.slice(k);
    out += text.slice(k, lt);
    k = gt + 1;
  }
}

function after(src: string, marker: string, from: number): number {
  const at = src.indexOf(marker, from);
  return at < 0 ? src.length : at + marker.length;
}

/** `<!DOCTYPE ... [ internal subset ]>`: brackets may hold `>`. */
function skipDeclaration(src: string, lt: number): number {
  let depth = 0;
  for (let k = lt + 2; k < src.length; k++) {
    const ch = src[k];
    if (ch === "[") depth += 1;
    else if (ch === "]") depth -= 1;
    else if (ch === ">" && depth <= 0) return k + 1;
  }
  return src.length;
}

function readStartTag(src: string, lt: number): StartTag {
  const attrs = new Map<string, string>();
  const name = /^<([\w:.-]+)/.exec(src.slice(lt, lt + 100))?.[1] ?? "";
  let k = lt + 1 + name.length;
  const attr = /\s*([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/y;
  for (;;) {
    attr.lastIndex = k;
    const m = attr.exec(src);
    if (!m) break;
    attrs.set(m[1]!, decodeXmlText(m[3] ?? m[4] ?? ""));
    k = attr.lastIndex;
  }
  const gt = src.indexOf(">", k);
  const end = gt < 0 ? src.length : gt + 1;
  return { name, attrs, selfClosing: gt > 0 && src[gt - 1] === "/", start: lt, end };
}

/** Character data of a code element up to its end tag: CDATA raw, text decoded, comments dropped. */
function readContent(src: string, from: number, name: string): { decoded: DecodedText; close: number; end: number } {
  const decoded = new DecodedText();
  let k = from;
  while (k < src.length) {
    const lt = src.indexOf("<", k);
    const stop = lt < 0 ? src.length : lt;
    decoded.escaped(src, k, stop);
    if (lt < 0) return { decoded, close: src.length, end: src.length };
    if (src.startsWith("<![CDATA[", lt)) {
      const close = src.indexOf("]]>", lt);
      const cdataEnd = close < 0 ? src.length : close;
      decoded.raw(src, lt + "<![CDATA[".length, cdataEnd);
      k = close < 0 ? src.length : close + 3;
    } else if (src.startsWith("<!--", lt)) {
      k = after(src, "-->", lt);
    } else if (src.startsWith(`</${name}`, lt)) {
      return { decoded, close: lt, end: after(src, ">", lt) };
    } else {
      // Nested markup (an <svg> artwork): keep it as written.
      const gt = after(src, ">", lt);
      decoded.raw(src, lt, gt);
      k = gt;
    }
  }
  return { decoded, close: src.length, end: src.length };
}
