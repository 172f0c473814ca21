import { diag } from "../diagnostics/index.js";
import { langFromPath } from "./classify-block.js";
import { makeBlock, renumber } from "./code-block.js";
import { extractMarkdown } from "./extract-markdown.js";
import { extractPlainText } from "./extract-text.js";
import { extractXml } from "./extract-xml.js";
import { inputPolicyOf, sizeBeforeReading } from "./resolve-include.js";
import { nodeIo } from "./node-io.js";
import { splitLines } from "./source-io.js";
import type { DocumentKind, ExtractIo, Extraction } from "./types.js";

/** Extract the code blocks of a document whose kind is already known. */
export function extractText(file: string, text: string, kind: DocumentKind, io: ExtractIo = nodeIo): Extraction {
  switch (kind) {
    case "markdown":
      return extractMarkdown(file, text, io);
    case "xml":
      return extractXml(file, text, io);
    case "text":
      return extractPlainText(file, text);
  }
}

/** Which extractor a path calls for; undefined for a bare code file. */
export function documentKind(path: string): DocumentKind | undefined {
  if (/\.(md|mkd|markdown)$/i.test(path)) return "markdown";
  if (/\.xml$/i.test(path)) return "xml";
  if (/\.txt$/i.test(path)) return "text";
  return undefined;
}

/**
 * Read a draft and extract its code blocks (at most the io policy's
 * `maxInputBytes`; includes as the policy allows). A bare `.tls`/`.tpl`, `.cddl`
 * or `.edn`/`.diag` file is one block of that language (origin "include",
 * as if a draft had included it); any other extension is one "other" block.
 */
export function extractFile(path: string, io: ExtractIo = nodeIo): Extraction {
  if (!io.exists(path)) {
    return { file: path, blocks: [], diagnostics: [diag("error", "extract/missing-file", `file not found: ${path}`, { file: path, line: 1, col: 1 })] };
  }
  const at = { file: path, line: 1, col: 1 };
  const limit = inputPolicyOf(io).maxInputBytes;
  const tooLarge = (size: number): Extraction => ({
    file: path,
    blocks: [],
    diagnostics: [diag("error", "extract/input-too-large", `${path} is ${size} bytes, more than the ${limit} a draft may have (maxInputBytes)`, at)],
  });
  const size = sizeBeforeReading(io, path);
  if (size !== undefined && size > limit) return tooLarge(size);
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    return { file: path, blocks: [], diagnostics: [diag("error", "extract/missing-file", `cannot read ${path}: ${String(e)}`, at)] };
  }
  if (text.length > limit) return tooLarge(text.length);
  const kind = documentKind(path);
  if (kind) return extractText(path, text, kind, io);
  const lines = splitLines(text).map((t, i) => ({ text: t, file: path, line: i + 1, colOffset: 0 }));
  const block = makeBlock({ lang: langFromPath(path), info: "", section: "", origin: "include", fallbackFile: path }, lines);
  return { file: path, blocks: renumber([block]), diagnostics: [] };
}
