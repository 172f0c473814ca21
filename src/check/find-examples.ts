import { basename, dirname, extname, join } from "node:path";
import type { SourceLoc } from "../diagnostics/index.js";
import { blockLoc, type CodeBlock, type ExtractIo } from "../extract/index.js";

/** A file beside an example, read as bytes or text. */
export interface ExampleFile {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/**
 * One example of a draft and every form it is written in: its EDN (an
 * included file or a fence), the `.cbor`, `.pretty` and `.diag` files beside
 * an included EDN file, or an annotated hex dump in the text.
 */
export interface Example {
  /** `examples/original` for files, `draft.md:120` for a block in the text. */
  readonly name: string;
  readonly at: SourceLoc;
  readonly section: string;
  readonly edn?: { readonly text: string; readonly file?: string };
  readonly diag?: ExampleFile;
  readonly cbor?: ExampleFile;
  readonly pretty?: ExampleFile;
  /** An annotated hex dump (TPL or CBOR bytes written out with comments). */
  readonly hex?: { readonly text: string };
}

const SIBLINGS = [".cbor", ".pretty", ".diag"] as const;

/** What finding the examples reads: the draft's io, and the files beside it. */
export interface ExampleFiles {
  readonly io: ExtractIo;
  readBytes(file: string): Uint8Array;
  /** The names in a folder ([] when it cannot be read). */
  listDir(dir: string): string[];
}

/**
 * The examples of a draft from its classified blocks: each EDN block (with
 * the files of the same name beside an included one), each hex dump, and
 * every other `.cbor` in the folders the included examples come from.
 */
export function findExamples(blocks: readonly CodeBlock[], fs: ExampleFiles): Example[] {
  const { io, readBytes } = fs;
  const out: Example[] = [];
  const folders = new Set<string>();
  const claimed = new Set<string>();
  const sibling = (stem: string, ext: string): ExampleFile | undefined => {
    const file = stem + ext;
    if (!io.exists(file)) return undefined;
    claimed.add(file);
    return { file, bytes: readBytes(file) };
  };
  for (const b of blocks) {
    const at = blockLoc(b, 1, 1);
    if (b.lang === "edn") {
      // an included EDN file, at the top level (mmark) or inside a fence (kramdown's textual include)
      if (b.origin === "include" || /\.(edn|diag)$/i.test(b.file)) {
        const stem = b.file.slice(0, b.file.length - extname(b.file).length);
        folders.add(dirname(b.file));
        claimed.add(b.file);
        const files = Object.fromEntries(SIBLINGS.flatMap((ext) => (ext === extname(b.file) ? [] : [[ext.slice(1), sibling(stem, ext)] as const])).filter(([, f]) => f));
        out.push({ name: shortName(stem), at, section: b.section, edn: { text: b.text, file: b.file }, ...files });
      } else {
        out.push({ name: `${b.section || basename(at.file)} (EDN, line ${at.line})`, at, section: b.section, edn: { text: b.text } });
      }
    } else if (b.lang === "hex") {
      out.push({ name: `${b.section || basename(at.file)} (hex dump, line ${at.line})`, at, section: b.section, hex: { text: b.text } });
    }
  }
  // .cbor files beside the included examples that no EDN names
  for (const folder of folders) {
    for (const file of fs.listDir(folder).map((f) => join(folder, f)).sort()) {
      if (extname(file) !== ".cbor" || claimed.has(file)) continue;
      const stem = file.slice(0, -".cbor".length);
      // an example the draft does not include may still have its EDN beside it
      const edn = [".edn", ".diag"].map((ext) => stem + ext).find((f) => io.exists(f));
      out.push({
        name: shortName(stem),
        at: { file: edn ?? file, line: 1, col: 1 },
        section: "",
        cbor: { file, bytes: readBytes(file) },
        ...(edn && edn.endsWith(".edn") ? { edn: { text: io.readFile(edn), file: edn } } : {}),
        ...(io.exists(stem + ".diag") ? { diag: { file: stem + ".diag", bytes: readBytes(stem + ".diag") } } : {}),
        ...(io.exists(stem + ".pretty") ? { pretty: { file: stem + ".pretty", bytes: readBytes(stem + ".pretty") } } : {}),
      });
    }
  }
  return out;
}

/** `.../examples/original` -> `examples/original`. */
function shortName(stem: string): string {
  return `${basename(dirname(stem))}/${basename(stem)}`;
}
