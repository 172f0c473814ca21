/**
 * The example messages of draft-ietf-mimi-content 03, 04 and main-2026-03,
 * read from the drafts' own examples/*.cbor where the file is sound, else
 * compiled from the example's EDN.
 *
 * Sound: the .cbor says what its .edn says. Some do not: the 03 attachment,
 * conferencing and implied-original files and 04's attachment and
 * implied-original carry URLs mangled by the draft's EDN-to-diag step
 * (`https:example.combigfile.mp4`; ../shared/drafts/MANIFEST.md). A file
 * that differs from its EDN only in the bytes of equal-length byte strings
 * (a message ID the draft recomputed) is sound for sizes; one whose EDN does
 * not parse (main's multipart-3.edn misses a comma) is taken as published.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { draftsDir } from "../compile/builtin.js";
import { ednToCbor } from "../edn/edn-to-cbor.js";
import { decodeItem, type CborItem } from "../runtime/index.js";

export const CONTENT_VERSIONS = ["03", "04", "main-2026-03"] as const;
export type ContentVersion = (typeof CONTENT_VERSIONS)[number];

export interface DraftExample {
  readonly version: ContentVersion;
  /** file name without .cbor, e.g. `original`, `report`, `implied-original` */
  readonly name: string;
  /** the CDDL rule it is an instance of */
  readonly rule: "mimiContent" | "MessageStatusReport" | "MessageDerivedValues";
  /** the CBOR the value is read from */
  readonly bytes: Uint8Array;
  readonly source: "cbor" | "edn";
  /** why this source, in a sentence */
  readonly note: string;
  /** size of the published examples/<name>.cbor */
  readonly publishedSize: number;
}

/** The examples folder of one version, or null when the drafts are absent. */
export function examplesDir(version: ContentVersion, drafts = draftsDir()): string | null {
  const dir = join(drafts, "mimi-content", version, "examples");
  return existsSync(dir) ? dir : null;
}

/** The order the drafts present their examples in (then any others by name). */
const ORDER = ["original", "reply", "reaction", "mention", "mention-html", "edit", "delete", "unlike", "expiring", "attachment", "conferencing", "multipart-1", "multipart-2", "multipart-3", "report", "implied-original"];

export function loadDraftExamples(version: ContentVersion, drafts = draftsDir()): DraftExample[] {
  const dir = examplesDir(version, drafts);
  if (!dir) throw new Error(`the mimi-content ${version} examples are not in ${drafts} (set MIMI_DRAFTS)`);
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".cbor"))
    .map((f) => f.slice(0, -".cbor".length))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const edn = new Map(names.map((n) => [n, compileEdn(join(dir, `${n}.edn`))]));
  return names.map((name) => readExample(version, dir, name, edn));
}

/** The example's EDN compiled, an Error when it does not compile, null when there is none. */
function compileEdn(path: string): Uint8Array | Error | null {
  if (!existsSync(path)) return null;
  try {
    return ednToCbor(readFileSync(path, "utf8"));
  } catch (e) {
    return e as Error;
  }
}

function readExample(version: ContentVersion, dir: string, name: string, edn: ReadonlyMap<string, Uint8Array | Error | null>): DraftExample {
  const published = new Uint8Array(readFileSync(join(dir, `${name}.cbor`)));
  const rule = name.startsWith("report") ? "MessageStatusReport" : name.startsWith("implied") ? "MessageDerivedValues" : "mimiContent";
  const base = { version, name, rule, publishedSize: published.length } as const;
  const fromEdn = edn.get(name) ?? null;
  if (fromEdn === null) return { ...base, bytes: published, source: "cbor", note: "the published .cbor (no EDN beside it)" };
  if (fromEdn instanceof Error) {
    const why = fromEdn.message.split("\n")[0] ?? "";
    return { ...base, bytes: published, source: "cbor", note: `the published .cbor (its EDN does not parse: ${why})` };
  }
  const diff = compareItems(decodeItem(published, { duplicateKeys: "keep" }), decodeItem(fromEdn, { duplicateKeys: "keep" }));
  if (diff === null) return { ...base, bytes: published, source: "cbor", note: "the published .cbor (identical to its EDN)" };
  if (diff.onlyBytes) return { ...base, bytes: published, source: "cbor", note: `the published .cbor (it differs from its EDN only in the bytes of ${diff.where}, not in any length)` };
  const twin = [...edn].find(([other, b]) => other !== name && b instanceof Uint8Array && sameBytes(b, published))?.[0];
  const why = twin ? `it is ${twin}.edn's message: the two .cbor files are swapped` : `it differs at ${diff.where} (${diff.what})`;
  return { ...base, bytes: fromEdn, source: "edn", note: `built from the EDN: the published .cbor is not what the EDN says; ${why}` };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** null when equal; else the first difference that is not inside equal-length byte strings (or the first one, when all are). */
function compareItems(a: CborItem, b: CborItem): { where: string; what: string; onlyBytes: boolean } | null {
  const found: Array<{ where: string; what: string; bytesOnly: boolean }> = [];
  const note = (where: string, what: string, bytesOnly: boolean) => void found.push({ where: where || "the top", what, bytesOnly });
  const walk = (x: CborItem, y: CborItem, p: string): void => {
    if (x.type !== y.type) return note(p, `${x.type} vs ${y.type}`, false);
    switch (x.type) {
      case "bytes": {
        const yv = (y as typeof x).value;
        if (x.value.length !== yv.length) return note(p, `${x.value.length} vs ${yv.length} bytes`, false);
        if (!sameBytes(x.value, yv)) note(p, "other bytes of the same length", true);
        return;
      }
      case "text": {
        const yv = (y as typeof x).value;
        if (x.value !== yv) note(p, `${JSON.stringify(x.value)} vs ${JSON.stringify(yv)}`, false);
        return;
      }
      case "array": {
        const yi = (y as typeof x).items;
        if (x.items.length !== yi.length) return note(p, `${x.items.length} vs ${yi.length} items`, false);
        x.items.forEach((it, i) => walk(it, yi[i]!, `${p}[${i}]`));
        return;
      }
      case "map": {
        const ye = (y as typeof x).entries;
        if (x.entries.length !== ye.length) return note(p, `${x.entries.length} vs ${ye.length} entries`, false);
        x.entries.forEach(([k, v], i) => {
          walk(k, ye[i]![0], `${p}{${i}}`);
          walk(v, ye[i]![1], `${p}{${i}}`);
        });
        return;
      }
      case "tag": {
        const yt = y as typeof x;
        if (x.tag !== yt.tag) return note(p, `tag ${x.tag} vs ${yt.tag}`, false);
        return walk(x.item, yt.item, p);
      }
      default: {
        const xv = String((x as { value: unknown }).value);
        const yv = String((y as { value: unknown }).value);
        if (xv !== yv) note(p, `${xv} vs ${yv}`, false);
      }
    }
  };
  walk(a, b, "");
  if (found.length === 0) return null;
  const decisive = found.find((f) => !f.bytesOnly);
  const first = decisive ?? found[0]!;
  return { where: decisive ? first.where : found.map((f) => f.where).join(", "), what: first.what, onlyBytes: !decisive };
}
