/**
 * The hostile inputs of issue 15, one generator per class: each writes its
 * files into a directory and says how to run them. bench/hostile.ts times
 * them before and after; the regression tests use the same generators at
 * small sizes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** What a child process runs on the generated files (see hostile-child.ts). */
export type HostileJob =
  /** Compile a draft as `lint` does, without importing rfc9420, and format every diagnostic. */
  | { readonly kind: "compile"; readonly path: string }
  /** The CLI itself, in the child, output discarded. */
  | { readonly kind: "cli"; readonly argv: readonly string[] };

export interface HostileClass {
  readonly id: string;
  /** What the input is, for the table. */
  readonly what: string;
  /** The unit of `n`. */
  readonly unit: string;
  /** 1x, 10x, 100x unless `note` says otherwise. */
  readonly sizes: readonly number[];
  readonly note?: string;
  make(n: number, dir: string): HostileJob;
}

const fence = (lang: string, body: string): string => `# Section\n\n~~~ ${lang}\n${body}\n~~~\n`;

function write(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `a = 1 / 1 / ... / 1` with n literals, in one fence. */
export function cddlChoice(n: number): string {
  return fence("cddl", `a = ${"1 / ".repeat(n - 1)}1`);
}

/** `a = [[[...int...]]]`, n levels. */
export function cddlNesting(n: number): string {
  return fence("cddl", `a = ${"[".repeat(n)}int${"]".repeat(n)}`);
}

/** `r0 = r1`, `r1 = r2`, ..., `r{n-1} = int`. */
export function cddlAliasChain(n: number): string {
  const rules: string[] = [];
  for (let i = 0; i < n - 1; i++) rules.push(`r${i} = r${i + 1}`);
  rules.push(`r${n - 1} = int`);
  return fence("cddl", rules.join("\n"));
}

/** `g<T> = [T]` (or `[T, T]`) and `a = g<g<...g<int>...>>`, n deep. */
export function cddlGenericNest(n: number, body = "[T]"): string {
  return fence("cddl", `a = ${"g<".repeat(n)}int${">".repeat(n)}\ng<T> = ${body}`);
}

/** One markdown file with n fences of one CDDL rule each. */
export function markdownBlocks(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`~~~ cddl\nr${i} = uint\n~~~\n`);
  return `# Many blocks\n\n${parts.join("\n")}`;
}

/** `enum { v0(0), v1(1), ..., (N) } E;`. */
export function tplEnum(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(`v${i}(${i})`);
  return fence("tls", `enum {\n    ${items.join(",\n    ")},\n    (${Math.max(255, n)})\n} E;`);
}

/** n levels of `struct {` nesting, closed. */
export function tplNesting(n: number): string {
  return fence("tls", `${"struct {\n".repeat(n)}uint8 x;\n${"} s;\n".repeat(n - 1)}} S;`);
}

/** A struct of fields on one line of about `bytes` bytes. */
export function tplLongLine(bytes: number): string {
  const fields: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const f = `uint8 f${i}; `;
    fields.push(f);
    size += f.length;
  }
  return fence("tls", `struct { ${fields.join("")}} S;`);
}

/** A vector bound that is 2^(64^k). */
export function tplHugeBound(k: number): string {
  return fence("tls", `struct {\n    opaque x<0..${"(".repeat(k)}2${"^64)".repeat(k)}>;\n} S;`);
}

/** A plain-text draft of n lines holding only a form feed. */
export function textFormFeeds(n: number): string {
  return `Title\n\n   body text that is long enough to count as the body of this document.\n${"\f\n".repeat(n)}`;
}

/** n start tags `<a>` that are never closed, then n end tags of another element. */
export function xmlUnbalanced(n: number): string {
  return `<rfc><middle>${"<a>".repeat(n)}${"</b>".repeat(n)}<sourcecode type="cddl">x = int</sourcecode></middle></rfc>`;
}

/** A section name of n `<` characters. */
export function xmlSectionName(n: number): string {
  return `<rfc><middle><section><name>${"<".repeat(n)}</name><sourcecode type="cddl">x = int</sourcecode></section></middle></rfc>`;
}

/** A markdown draft that includes one file n times. */
export function manyIncludes(n: number): string {
  return `# Includes\n\n${"{::include part.cddl}\n\n".repeat(n)}`;
}

/** CBOR: an array of n zeros. */
export function cborZeros(n: number): Uint8Array {
  const head = n < 24 ? [0x80 + n] : n < 0x10000 ? [0x99, n >> 8, n & 0xff] : [0x9a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head);
  return out;
}

/** CBOR: one byte string of n bytes (0x5a head). */
export function cborByteString(n: number): Uint8Array {
  const out = new Uint8Array(5 + n);
  out.set([0x5a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  for (let i = 5; i < out.length; i++) out[i] = (i * 7) & 0xff;
  return out;
}

/** EDN: one text string literal of n characters. */
export function ednLongString(n: number): string {
  return `"${"abcdefghij".repeat(Math.ceil(n / 10)).slice(0, n)}"`;
}

/** EDN: n nested arrays. */
export function ednNesting(n: number): string {
  return `${"[".repeat(n)}1${"]".repeat(n)}`;
}

/** CDDL with `.regexp "(a+)+"`; the data is n `a`s and a `b`. */
export function regexpSchema(): string {
  return `s = tstr .regexp "(a+)+"\n`;
}

export function regexpDataHex(n: number): string {
  const text = "a".repeat(n) + "b";
  const len = text.length;
  const head = len < 24 ? (0x60 + len).toString(16) : len < 256 ? "78" + len.toString(16).padStart(2, "0") : "79" + len.toString(16).padStart(4, "0");
  return head + Buffer.from(text).toString("hex");
}

const compileText = (name: string, text: (n: number) => string) => (n: number, dir: string): HostileJob => ({ kind: "compile", path: write(dir, name, text(n)) });

export const HOSTILE_CLASSES: readonly HostileClass[] = [
  { id: "cddl-choice", what: "CDDL type choice `a = 1 / 1 / ...` in one fence", unit: "literals", sizes: [20_000, 200_000, 2_000_000], make: compileText("d.md", cddlChoice) },
  { id: "cddl-nesting", what: "CDDL arrays nested `[[[...]]]`", unit: "levels", sizes: [1_000, 10_000, 100_000], make: compileText("d.md", cddlNesting) },
  { id: "cddl-alias-chain", what: "CDDL alias chain `r0 = r1`, `r1 = r2`, ...", unit: "rules", sizes: [400, 4_000, 40_000], make: compileText("d.md", cddlAliasChain) },
  { id: "cddl-generic-nest", what: "`g<T> = [T]`, `a = g<g<...>>`", unit: "levels", sizes: [80, 800, 8_000], make: compileText("d.md", (n) => cddlGenericNest(n)) },
  {
    id: "cddl-generic-double",
    what: "`g<T> = [T, T]`, `a = g<g<...>>` (expands to 2^n)",
    unit: "levels",
    sizes: [12, 17, 24],
    note: "the input grows by 4 bytes a level while the expansion doubles; 12/17/24 levels are the issue's sizes",
    make: compileText("d.md", (n) => cddlGenericNest(n, "[T, T]")),
  },
  { id: "md-blocks", what: "markdown with one-rule CDDL fences", unit: "fences", sizes: [1_000, 10_000, 100_000], make: compileText("d.md", markdownBlocks) },
  { id: "tpl-enum", what: "TPL enum", unit: "values", sizes: [8_000, 80_000, 800_000], make: compileText("d.md", tplEnum) },
  { id: "tpl-nesting", what: "TPL `struct {` nested", unit: "levels", sizes: [1_000, 10_000, 100_000], make: compileText("d.md", tplNesting) },
  { id: "tpl-long-line", what: "one TPL line (a struct of uint8 fields)", unit: "bytes", sizes: [100_000, 1_000_000, 10_000_000], make: compileText("d.md", tplLongLine) },
  {
    id: "tpl-huge-bound",
    what: "TPL bound `<0..((2^64)^64 ...)>`",
    unit: "powers of 64",
    sizes: [1, 3, 5],
    note: "2^64, 2^(64^3), 2^(64^5): the value's size, not the input's, grows",
    make: compileText("d.md", tplHugeBound),
  },
  { id: "txt-formfeed", what: "`.txt` of form-feed lines", unit: "lines", sizes: [2_000, 20_000, 200_000], make: compileText("d.txt", textFormFeeds) },
  { id: "xml-unbalanced", what: "XML with unclosed `<a>` and stray `</b>` tags", unit: "tags each", sizes: [10_000, 100_000, 1_000_000], make: compileText("d.xml", xmlUnbalanced) },
  { id: "xml-section-name", what: "XML section name of `<` characters", unit: "`<`", sizes: [20_000, 200_000, 2_000_000], make: compileText("d.xml", xmlSectionName) },
  {
    id: "md-includes",
    what: "markdown including one small file n times",
    unit: "includes",
    sizes: [2_000, 20_000, 200_000],
    make: (n, dir) => {
      write(dir, "part.cddl", "p = uint\n");
      return { kind: "compile", path: write(dir, "d.md", manyIncludes(n)) };
    },
  },
  {
    id: "regexp",
    what: '`.regexp "(a+)+"` against `a`s and a `b` (validate)',
    unit: "characters",
    sizes: [25, 250, 2_500],
    make: (n, dir) => ({ kind: "cli", argv: ["validate", "--schema", write(dir, "s.cddl", regexpSchema()), "--type", "s", "--hex", regexpDataHex(n)] }),
  },
  {
    id: "annotate-array",
    what: "`cbor2edn --annotate` of an array of zeros",
    unit: "items",
    sizes: [13_000, 130_000, 1_300_000],
    make: (n, dir) => ({ kind: "cli", argv: ["cbor2edn", "--annotate", write(dir, "z.cbor", cborZeros(n))] }),
  },
  {
    id: "cbor2edn-bytes",
    what: "`cbor2edn` of one byte string",
    unit: "bytes",
    sizes: [400_000, 4_000_000, 40_000_000],
    make: (n, dir) => ({ kind: "cli", argv: ["cbor2edn", write(dir, "b.cbor", cborByteString(n))] }),
  },
  {
    id: "edn2cbor-string",
    what: "`edn2cbor` of one text string literal",
    unit: "characters",
    sizes: [400_000, 4_000_000, 40_000_000],
    make: (n, dir) => ({ kind: "cli", argv: ["edn2cbor", write(dir, "s.edn", ednLongString(n))] }),
  },
  {
    id: "edn-nesting",
    what: "`edn2cbor` of nested arrays `[[[...]]]`",
    unit: "levels",
    sizes: [1_000, 10_000, 100_000],
    make: (n, dir) => ({ kind: "cli", argv: ["edn2cbor", write(dir, "n.edn", ednNesting(n))] }),
  },
];
