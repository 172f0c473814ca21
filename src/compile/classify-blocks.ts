import { parseCddl } from "../cddl/parse-cddl.js";
import { ednToItems } from "../edn/edn-to-cbor.js";
import { looksLikeHexDump } from "../extract/annotated-hex.js";
import type { BlockLang, CodeBlock } from "../extract/index.js";
import { parseTpl } from "../tpl/parse-tpl.js";

/**
 * What a code block holds, decided by what it parses as, not by its label:
 * TPL, CDDL, EDN, an annotated hex dump, or other. A label is taken at its
 * word only where it names a language the compiler does not read (abnf,
 * json, pseudocode, an svg...: a draft that says so is not TPL), or where
 * it names TPL, CDDL or EDN (so a block the author calls TPL reports its
 * syntax errors as TPL); an included file goes by its extension. Every
 * other block (unlabelled fences ``` and ~~~, indented blocks, xml without
 * a type, `.txt` figures, unknown labels) is parsed: it is TPL or CDDL if
 * it parses as such with at least one definition and few errors.
 */
export function classifyBlocks(blocks: readonly CodeBlock[]): CodeBlock[] {
  return blocks.map((b) => {
    const labelled = labelledLang(b);
    if (labelled) return b.lang === labelled ? b : { ...b, lang: labelled };
    const lang = classifyText(b.text);
    return { ...b, lang, classifiedBy: "content" as const };
  });
}

/** The language a block's label or file extension settles, or undefined where its content decides. */
function labelledLang(b: CodeBlock): BlockLang | undefined {
  if (b.origin === "include") return b.lang; // by the included file's extension
  const word = /^[^\s{]+/.exec(b.info.trim())?.[0].toLowerCase() ?? "";
  if (word === "") return undefined;
  if (/^tls/.test(word) || word === "tpl") return "tpl";
  if (word === "cddl") return "cddl";
  if (EDN_LABELS.has(word)) return "edn";
  if (HEX_LABELS.has(word)) return "hex";
  if (OTHER_LABELS.has(word)) return "other";
  return undefined;
}

const EDN_LABELS = new Set(["edn", "cbor-diag", "cbordiag", "cbor-edn", "diag", "cbor-diagnostic"]);
const HEX_LABELS = new Set(["cbor-pretty", "hex", "hexdump", "cbor-hex"]);
// Languages a draft labels its figures with that are never TPL or CDDL
const OTHER_LABELS = new Set([
  "abnf",
  "json",
  "jsonc",
  "c",
  "c++",
  "cpp",
  "pseudocode",
  "aasvg",
  "ascii-art",
  "art",
  "svg",
  "xml",
  "html",
  "http",
  "http-message",
  "yaml",
  "python",
  "py",
  "javascript",
  "js",
  "typescript",
  "ts",
  "rust",
  "go",
  "java",
  "sh",
  "shell",
  "bash",
  "console",
  "asn.1",
  "asn1",
  "mermaid",
  "plantuml",
  "goat",
  "sql",
  "latex",
  "math",
]);

// ABNF reads as CDDL at a glance; these give it away
const ABNF_HINTS: readonly RegExp[] = [
  /%[xdbs][0-9A-Fa-f]/,
  /^\s*[\w-]+\s*=\//m,
  /\b(ALPHA|DIGIT|HEXDIG|DQUOTE|CRLF|VCHAR|WSP|LWSP|OCTET|HTAB)\b/,
  /(^|[\s(])\d*\*\d*[(A-Za-z"%]/m, // repetition: 1*(rule S), *WSP
];

/** TPL, CDDL, EDN, a hex dump, or other: the first the text parses as. */
export function classifyText(text: string): BlockLang {
  if (text.trim() === "") return "other";
  if (isTpl(text)) return "tpl";
  if (isCddl(text)) return "cddl";
  if (looksLikeHexDump(text) || isBareHex(text)) return "hex";
  if (isEdn(text)) return "edn";
  return "other";
}

/** At least one definition, and no more unreadable statements than definitions. */
function isTpl(text: string): boolean {
  if (!/[;}]/.test(text)) return false;
  const parsed = parseTpl(text);
  const definitions = parsed.statements.filter((s) => s.kind !== "junk");
  const junk = parsed.statements.length - definitions.length;
  // a lone `Name name;` alias is how prose reads too: a block of aliases only must say something TPL-ish
  const substantial = definitions.some((s) => s.kind === "struct" || s.kind === "enum") || /\b(uint(8|16|24|32|64)|opaque)\b|<V>|<\d+\.\.\S+>/.test(text);
  return definitions.length > 0 && substantial && junk <= definitions.length;
}

// `name = value` at the start of a line (CDDL's rule head; `=>` is a member key)
const RULE_HEAD = /^[A-Za-z@_$][\w@$.-]*(?:<[^>\n]*>)?\s*(?:\/\/=|\/=|=(?!>))/;

/**
 * At least one rule, no syntax error, and nothing that says ABNF or C
 * (assignments ending in `;` are C-like pseudocode, whatever CDDL reads
 * the `;` as). An error anywhere makes it other: pseudocode such as
 * `tag = HMAC(key, data)` is one CDDL syntax error away from a rule.
 */
function isCddl(text: string): boolean {
  if (!/=/.test(text) || ABNF_HINTS.some((re) => re.test(text))) return false;
  const heads = text.split("\n").filter((l) => RULE_HEAD.test(l));
  if (heads.length > 0 && heads.filter((l) => /;\s*$/.test(l)).length * 2 >= heads.length) return false;
  const parsed = parseCddl(text);
  return parsed.rules.length > 0 && parsed.errors.length === 0;
}

/** One or more CBOR items in diagnostic notation, with some structure (a lone number or word is prose). */
function isEdn(text: string): boolean {
  if (!/[[{]|h'|b64'|<<|\d+\(/.test(text)) return false;
  try {
    return ednToItems(text).length > 0;
  } catch {
    return false;
  }
}

/** Lines of hex pairs only (a CBOR or TPL encoding written out). */
function isBareHex(text: string): boolean {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.length > 0 && lines.every((l) => /^\s*(?:[0-9a-fA-F]{2}\s*)+$/.test(l)) && text.replace(/\s/g, "").length >= 8;
}
