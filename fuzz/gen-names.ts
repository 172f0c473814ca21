/**
 * Hostile names and texts for the generator fuzzer (fuzz/gen-fuzz.ts), by
 * class: what a draft may hold in a rule or type name, a member key, a
 * field or enum value name, a comment, a section title, a file name or a
 * directory. Identifiers follow each language's grammar (CDDL names are
 * ASCII; TPL names are `[A-Za-z_][A-Za-z0-9_]*`); quoted CDDL keys,
 * comments, titles and paths take any text their syntax can carry.
 */
import * as runtime from "../src/runtime/index.js";
import { PRELUDE_TEXT } from "../src/cddl/prelude.js";
import type { Rng } from "./rng.js";

export const NAME_CLASSES = [
  "plain",
  "quote",
  "backslash",
  "backtick",
  "template",
  "comment-marker",
  "newline",
  "line-separator",
  "control",
  "js-reserved",
  "object-proto",
  "runtime-export",
  "module-name",
  "local-name",
  "dash-underscore",
  "long",
  "non-ascii",
  "empty-or-numeric",
] as const;
export type NameClass = (typeof NAME_CLASSES)[number];

export const POSITIONS = ["rule", "key", "field", "enum-value", "comment", "section", "file", "directory"] as const;
export type Position = (typeof POSITIONS)[number];

/** Classes an identifier (CDDL name, TPL name) can hold. */
const IDENT_CLASSES: readonly NameClass[] = ["plain", "js-reserved", "object-proto", "runtime-export", "module-name", "local-name", "dash-underscore", "long"];
/** Classes of free text (quoted keys, comments, titles, paths). */
const TEXT_CLASSES: readonly NameClass[] = NAME_CLASSES;

const JS_RESERVED = [
  "default", "delete", "await", "eval", "arguments", "yield", "let", "static", "enum", "implements", "interface", "package", "private",
  "protected", "public", "class", "function", "new", "this", "void", "typeof", "instanceof", "in", "of", "var", "const", "return",
  "super", "with", "import", "export", "type", "declare", "namespace", "module", "as", "async", "get", "set", "never", "unknown",
  "undefined", "NaN", "Infinity", "null", "true", "false", "any", "object", "string", "number", "bigint", "symbol", "readonly", "keyof",
];
const OBJECT_PROTO = [
  "constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
  "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "prototype", "length", "name", "caller", "callee",
];
/** Runtime exports (values) and the runtime types generated code imports. */
const RUNTIME_EXPORTS = [
  ...Object.keys(runtime).sort(),
  "TplReader", "TplWriter", "CborReader", "CborWriter", "SizeCache", "CodecContext", "TplCodec", "CborCodec", "CborItem",
];
/** Names the module itself defines or relies on; `X` is replaced by another name of the draft. */
const MODULE_NAMES = [
  "TYPE_NAMES", "CONTEXT_KEYS", "DOCUMENT_LIMITS", "Map", "Uint8Array", "BigInt", "Object", "Array", "Set", "Error", "JSON", "Symbol",
  "Promise", "String", "Number", "Boolean", "Math", "Reflect", "globalThis", "console", "TextEncoder", "TextDecoder", "RangeError",
  "TypeError", "DataView", "ArrayBuffer", "Record", "Partial", "Readonly", "ReadonlyArray", "Iterable", "Function",
  "tplSize$X", "tplWrite$X", "tplRead$X", "cborSize$X", "cborWrite$X", "cborRead$X", "cborFieldsRead$X", "enumName$X", "mapKey$X$0",
  "mapKeys$X", "size_X", "X$2", "X$", "X_", "$doc$rfc9420", "$checkUint", "$CodecError",
];
/** Locals and parameters of generated functions. */
const LOCAL_NAMES = [
  "o", "n", "at", "r", "w", "v", "c", "s", "k", "e", "err", "key", "ks", "ke", "prev", "prevEnd", "start", "slot", "acc", "kc", "x", "p",
  "L0", "a1", "i4", "p10", "own0", "d0", "m9", "end14", "lim19", "q18", "e5", "b6", "_c", "_s",
];
const NON_ASCII = ["é", "ß", "中文", "ключ", "مفتاح", "\u{1f600}", "\u{10348}", "\u202e", "\u200b", "\ufeff", "\ufffd", "e\u0301", "\u00a0", "\u{e0041}"];
const CONTROL = ["\u0000", "\u0001", "\u0007", "\b", "\t", "\u000b", "\f", "\u001b", "\u001f", "\u007f", "\u0085", "\u009b"];
const INJECT = ["globalThis.PWNED_GEN=1", "console.log('INJECTED')", "process.exit(7)", "throw 1"];

/** Identifiers CDDL resolves itself (the prelude): never used as rule names. */
export const CDDL_PRELUDE = new Set([...PRELUDE_TEXT.matchAll(/^([A-Za-z@_$][\w@$.-]*)\s*=/gm)].map((m) => m[1]!).concat(["null", "nil", "true", "false", "float", "bool", "undefined"]));
/** TPL keywords and built-in type names: never used as TPL names. */
export const TPL_RESERVED = new Set(["struct", "enum", "select", "case", "default", "opaque", "optional", "uint8", "uint16", "uint24", "uint32", "uint64", "extern"]);

export interface DrawnName {
  readonly text: string;
  readonly classes: readonly NameClass[];
}

/** Where each drawn name went: class -> position -> count. */
export class NameTally {
  readonly counts = new Map<NameClass, Map<Position, number>>();

  add(position: Position, classes: readonly NameClass[]): void {
    for (const c of new Set(classes)) {
      const row = this.counts.get(c) ?? this.counts.set(c, new Map()).get(c)!;
      row.set(position, (row.get(position) ?? 0) + 1);
    }
  }

  merge(other: NameTally): void {
    for (const [c, row] of other.counts) for (const [p, n] of row) for (let i = 0; i < n; i++) this.add(p, [c]);
  }
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM = LETTERS + "0123456789_";

function plainWord(rng: Rng, min = 1, max = 8): string {
  let s = LETTERS[rng.int(LETTERS.length)]!;
  const n = min + rng.int(max - min + 1);
  while (s.length < n) s += ALNUM[rng.int(ALNUM.length)]!;
  return s;
}

export type Grammar = "cddl" | "tpl";

/** A name valid in the grammar's identifier syntax. `others` are names already in the draft (for `tplSize$X` clashes). */
export function drawIdentifier(rng: Rng, grammar: Grammar, others: readonly string[], cls: NameClass = rng.pick(IDENT_CLASSES)): DrawnName {
  const valid = (s: string) =>
    grammar === "cddl" ? /^[A-Za-z@_$]([-.]*[A-Za-z@_$0-9])*$/.test(s) && !s.startsWith("$") : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !TPL_RESERVED.has(s);
  const fix = (s: string) => (grammar === "tpl" ? s.replace(/[^A-Za-z0-9_]/g, "_") : s);
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = fix(identifierOf(rng, grammar, others, cls));
    if (valid(s)) return { text: s, classes: [cls] };
  }
  return { text: plainWord(rng), classes: ["plain"] };
}

function identifierOf(rng: Rng, grammar: Grammar, others: readonly string[], cls: NameClass): string {
  const other = others.length > 0 ? rng.pick(others) : plainWord(rng);
  switch (cls) {
    case "js-reserved":
      return rng.pick(JS_RESERVED);
    case "object-proto":
      return rng.pick(OBJECT_PROTO);
    case "runtime-export":
      return rng.pick(RUNTIME_EXPORTS);
    case "module-name":
      return rng.pick(MODULE_NAMES).replace("X", other);
    case "local-name":
      return rng.pick(LOCAL_NAMES);
    case "dash-underscore": {
      // the same words joined by `-`, `_` or `.`: distinct draft names, one identifier before clashes are resolved
      const base = rng.chance(0.5) && /[-_.]/.test(other) ? other : `${plainWord(rng, 2, 5)}-${plainWord(rng, 2, 5)}`;
      const sep = grammar === "tpl" ? "_" : rng.pick(["-", "_", ".", "--", "@", "$"]);
      return base.replace(/[-_.@$]+/, sep);
    }
    case "long": {
      let s = rng.pick(LETTERS.split(""));
      const alphabet = grammar === "cddl" ? ALNUM + "-.@$" : ALNUM;
      while (s.length < 9999) s += alphabet[rng.int(alphabet.length)]!;
      return s + "z";
    }
    default:
      return rng.chance(0.2) ? `${plainWord(rng, 1, 3)}_${plainWord(rng, 1, 3)}` : plainWord(rng);
  }
}

/** Free text of one or two classes (quoted keys, comments, titles, file names). */
export function drawText(rng: Rng, others: readonly string[], forbid: (c: NameClass) => boolean = () => false): DrawnName {
  const allowed = TEXT_CLASSES.filter((c) => !forbid(c));
  const classes = [rng.pick(allowed)];
  if (rng.chance(0.3)) classes.push(rng.pick(allowed));
  let text = "";
  for (const c of classes) text += textOf(rng, others, c);
  return { text, classes };
}

function textOf(rng: Rng, others: readonly string[], cls: NameClass): string {
  const word = () => plainWord(rng, 1, 5);
  const around = (core: string) => (rng.chance(0.5) ? word() : "") + core + (rng.chance(0.5) ? word() : "");
  switch (cls) {
    case "quote":
      return around(rng.pick([`"`, `'`, `\\"`, `"]; ${rng.pick(INJECT)}; //`, `'+${rng.pick(INJECT)}+'`, `x"]:1,${rng.pick(INJECT)},["`]));
    case "backslash":
      return around(rng.pick(["\\", "\\\\", "\\u0041", "\\n", "\\u2028", "\\x00", "\\"]));
    case "backtick":
      return around(rng.pick(["`", "``", "`+`", `\`;${rng.pick(INJECT)};\``]));
    case "template":
      return around(rng.pick(["${", "${x}", `\${${rng.pick(INJECT)}}`, "}", "${`"]));
    case "comment-marker":
      return around(rng.pick(["*/", "/*", "//", "*/ " + rng.pick(INJECT) + " /*", "<!--", "-->", "/**/", "*/\n"]));
    case "newline":
      return around(rng.pick(["\n", "\r", "\r\n", `\n${rng.pick(INJECT)}\n`, "\n//"]));
    case "line-separator":
      return around(rng.pick(["\u2028", "\u2029", `\u2028${rng.pick(INJECT)}\u2029`]));
    case "control":
      return around(rng.pick(CONTROL) + (rng.chance(0.3) ? rng.pick(CONTROL) : ""));
    case "non-ascii":
      return around(rng.pick(NON_ASCII) + (rng.chance(0.3) ? rng.pick(NON_ASCII) : ""));
    case "empty-or-numeric":
      return rng.pick(["", " ", "0", "1", "-1", "1e3", "0x10", "NaN", "Infinity", "undefined", "null", "007", "1.5"]);
    case "long": {
      let s = "";
      const parts = ["a", "b", "\"", "\\", "`", "${", "*/", "\n", "\u2028", "\u0000", "é", "\u{1f600}", " "];
      while (s.length < 10000) s += rng.chance(0.8) ? word() : rng.pick(parts);
      return s.slice(0, 10000).replace(/[\ud800-\udbff]$/, "x");
    }
    case "plain":
      return word();
    default:
      return identifierOf(rng, "cddl", others, cls);
  }
}

/** A CDDL text literal holding exactly `s`: `"`, `\` and what SCHAR excludes are escaped (RFC 8610 + RFC 9682 escapes). */
export function cddlText(s: string, rng: Rng): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n" && rng.chance(0.5)) out += "\\n";
    else if (ch === "\t" && rng.chance(0.5)) out += "\\t";
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xfffe || cp === 0xffff || cp >= 0x10fffe) out += rng.chance(0.5) ? `\\u${hex4(cp)}` : `\\u{${cp.toString(16)}}`;
    else if (cp > 0xffff && rng.chance(0.3)) out += `\\u${hex4(ch.charCodeAt(0))}\\u${hex4(ch.charCodeAt(1))}`;
    else if (cp >= 0x80 && rng.chance(0.2)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** A file or directory name component: no `/`, no NUL, at most 200 UTF-8 bytes. */
export function drawPathComponent(rng: Rng, others: readonly string[], forInclude = false): DrawnName {
  for (;;) {
    const d = drawText(rng, others, (c) => c === "long" || (forInclude && ["newline", "line-separator", "control", "empty-or-numeric"].includes(c)));
    let text = d.text.replace(/[/\u0000]/g, "_");
    // an include directive ends at white space or `}`
    if (forInclude) text = text.replace(/[\s}]/g, "_");
    while (Buffer.byteLength(text) > 200) text = [...text].slice(0, -1).join("");
    if (text !== "" && text !== "." && text !== "..") return { text, classes: d.classes };
  }
}

/** A section title: one line (a newline would end the heading). */
export function drawTitle(rng: Rng, others: readonly string[]): DrawnName {
  const d = drawText(rng, others, (c) => c === "newline");
  return { text: d.text.replace(/[\r\n]/g, "\u2028"), classes: d.classes };
}
