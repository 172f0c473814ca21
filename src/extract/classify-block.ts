import type { BlockLang } from "./types.js";

const INFO_LANGS: ReadonlyMap<string, BlockLang> = new Map([
  ["tls", "tpl"],
  ["tls-presentation", "tpl"],
  ["cddl", "cddl"],
  ["edn", "edn"],
  ["cbor-diag", "edn"],
  ["cbordiag", "edn"],
  ["cbor-edn", "edn"],
  ["diag", "edn"],
]);

/** Language named by a fence info string or an xml `type`: its first word decides, case-insensitively. */
export function langFromInfo(info: string): BlockLang {
  const word = /^[^\s{]+/.exec(info.trim())?.[0].toLowerCase() ?? "";
  return INFO_LANGS.get(word) ?? "other";
}

const EXT_LANGS: ReadonlyMap<string, BlockLang> = new Map([
  ["cddl", "cddl"],
  ["edn", "edn"],
  ["diag", "edn"],
  ["tls", "tpl"],
  ["tpl", "tpl"],
]);

/** Language of an included or standalone file, from its extension. */
export function langFromPath(path: string): BlockLang {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  return EXT_LANGS.get(ext) ?? "other";
}

// Each pattern is a construct that only TPL writes this way; one hit is enough.
const TPL_HINTS: readonly RegExp[] = [
  /\bstruct\s*\{/,
  /\benum\s*\{/,
  /^\s*\}\s*[A-Za-z_]\w*\s*;/m, // `} Name;`
  /\bselect\s*\(\s*[\w.]+\s*\)\s*\{/,
  /^\s*[A-Za-z_]\w*(<[^>\n]*>)?\s+[A-Za-z_]\w*\s*<[^>\n]*>\s*(=[^;\n]*)?;/m, // `opaque x<0..2^16-1>;`
  /^\s*[A-Za-z_]\w*\s+[A-Za-z_]\w*\s*\[[^\]\n]+\]\s*;/m, // `opaque x[32];`
  /^\s*uint(8|16|24|32|64)\s+[A-Za-z_]\w*\s*(=[^;\n]*)?;/m,
];

/** True when the text reads as TLS presentation language. */
export function looksLikeTpl(text: string): boolean {
  return TPL_HINTS.some((re) => re.test(text));
}

const CDDL_RULE = /^\s*[A-Za-z@_$][\w@$.-]*(<[^>\n]*>)?\s*(\/\/=|\/=|=)\s*\S/;
// ABNF looks like CDDL at a glance; these give it away.
const ABNF_HINTS: readonly RegExp[] = [
  /%[xdbs]["0-9A-Fa-f]/,
  /^\s*[\w-]+\s*=\//m,
  /^\s*;.*\bABNF\b/m,
  /\b(ALPHA|DIGIT|HEXDIG|DQUOTE|CRLF|VCHAR|WSP|LWSP|OCTET|HTAB)\b/,
  /(^|[\s(])\d*\*\d*[(A-Za-z"%]/m,
];

/** True when most statements are `name = ...` rules and nothing says ABNF. */
export function looksLikeCddl(text: string): boolean {
  if (ABNF_HINTS.some((re) => re.test(text))) return false;
  const lines = text.split("\n");
  const starts = lines.filter((l) => /^\S/.test(l) && !/^\s*;/.test(l));
  const rules = starts.filter((l) => CDDL_RULE.test(l));
  return rules.length > 0 && rules.length * 2 >= starts.length;
}

/** Language of an unlabelled block, judged by its content. */
export function classifyContent(text: string, opts: { cddl: boolean }): BlockLang {
  if (looksLikeTpl(text)) return "tpl";
  if (opts.cddl && looksLikeCddl(text)) return "cddl";
  return "other";
}
