import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeItem, encodeItem, type CborItem } from "../../src/runtime/index.js";
import { loadCddlSchema, validateBytes, type CddlSchema, type Mismatch } from "../../src/validate/index.js";
import { DRAFTS, HAVE_DRAFTS } from "./helpers.js";

/**
 * The examples of draft-ietf-mimi-content against their own version's
 * CDDL, and mutations of them that must fail exactly where they were made.
 */

const VERSIONS = [
  { folder: "03", document: "mimi-content-03-cddl", examples: 12 },
  { folder: "04", document: "mimi-content-04", examples: 16 },
  { folder: "main-2026-03", document: "mimi-content-main", examples: 15 },
] as const;

function ruleFor(example: string): string {
  if (example.startsWith("implied-original")) return "MessageDerivedValues";
  if (example.startsWith("report")) return "MessageStatusReport";
  return "mimiContent";
}

const schemas = new Map<string, CddlSchema>();
function schema(document: string): CddlSchema {
  let s = schemas.get(document);
  if (!s) schemas.set(document, (s = loadCddlSchema(document, { draftsDir: DRAFTS })));
  return s;
}

describe.skipIf(!HAVE_DRAFTS)("every mimi-content example matches its version's CDDL", () => {
  for (const v of VERSIONS) {
    const dir = join(DRAFTS, "mimi-content", v.folder, "examples");
    const files = HAVE_DRAFTS
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".cbor"))
          .sort()
      : [];
    it(`${v.folder} has ${v.examples} examples`, () => {
      expect(files).toHaveLength(v.examples);
    });
    it.each(files)(`${v.folder}/examples/%s`, (file) => {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      expect(validateBytes(schema(v.document), ruleFor(file), bytes)).toEqual([]);
    });
  }
});

type ArrayItem = Extract<CborItem, { type: "array" }>;
type MapItem = Extract<CborItem, { type: "map" }>;

function example(folder: string, name: string): ArrayItem {
  return decodeItem(new Uint8Array(readFileSync(join(DRAFTS, "mimi-content", folder, "examples", name)))) as ArrayItem;
}

function replaced(a: ArrayItem, index: number, item: CborItem): ArrayItem {
  return { ...a, items: a.items.map((x, i) => (i === index ? item : x)) };
}

function one(ms: readonly Mismatch[]): Mismatch {
  expect(ms, JSON.stringify(ms, null, 1)).toHaveLength(1);
  return ms[0]!;
}

describe.skipIf(!HAVE_DRAFTS)("mutated mimi-content examples fail where they were changed", () => {
  const cddl = join(DRAFTS, "mimi-content/main-2026-03/mimi-content.cddl");
  const loc = (line: number, col: number) => ({ file: cddl, line, col });
  const main = (item: CborItem): Mismatch[] => validateBytes(schema("mimi-content-main"), "mimiContent", encodeItem(item));
  // attachment.cbor: [salt, null, h'', null, null, {1: ..., 2: ...}, [6, "en", 2, "video/mp4", url, 0, size, ...]]
  const attachment = HAVE_DRAFTS ? example("main-2026-03", "attachment.cbor") : ({ type: "array", items: [] } as ArrayItem);
  const part = attachment.items[6] as ArrayItem;
  const extensions = attachment.items[5] as MapItem;
  const uint = (n: number): CborItem => ({ type: "uint", value: BigInt(n) });

  it("the unmutated example is valid", () => {
    expect(main(attachment)).toEqual([]);
  });

  it("a field of the wrong type", () => {
    expect(one(main(replaced(attachment, 2, { type: "text", value: "x" })))).toEqual({
      path: "mimiContent[2].topicId",
      offset: 19,
      message: 'expected bstr, got "x"',
      cddl: loc(4, 12),
      severity: "error",
    });
    expect(one(main(replaced(attachment, 6, replaced(part, 6, { type: "text", value: "big" }))))).toMatchObject({
      path: "mimiContent[6].nestedPart[6].size",
      message: 'expected uint, got "big"',
      cddl: loc(30, 11),
    });
  });

  it("several broken fields are reported together", () => {
    const twice = replaced(replaced(attachment, 0, { type: "bytes", value: new Uint8Array(15) }), 2, { type: "text", value: "x" });
    expect(main(twice).map((m) => m.path)).toEqual(["mimiContent[0].salt", "mimiContent[2].topicId"]);
  });

  it("a missing array element", () => {
    expect(one(main({ ...attachment, items: attachment.items.slice(0, 6) }))).toEqual({
      path: "mimiContent",
      offset: 0,
      message: "the array ends after 6 elements; element [6] is missing (expected nestedPart: NestedPart)",
      cddl: loc(8, 3),
      severity: "error",
    });
    // Without its filename the external part is one element short.
    expect(one(main(replaced(attachment, 6, { ...part, items: part.items.slice(0, 14) })))).toMatchObject({
      path: "mimiContent[6].nestedPart",
      offset: 96,
      message: "the array ends after 14 elements; element [14] is missing (expected filename: tstr)",
      cddl: loc(38, 5),
    });
  });

  it("a salt of 15 bytes violates .size 16", () => {
    expect(one(main(replaced(attachment, 0, { type: "bytes", value: new Uint8Array(15) })))).toEqual({
      path: "mimiContent[0].salt",
      offset: 1,
      message: "byte string is 15 bytes long, but .size 16 wants 16",
      cddl: loc(2, 14),
      severity: "error",
    });
  });

  it("an unknown disposition number is valid through the unknownDispos range", () => {
    for (const d of [9, 42, 255]) expect(main(replaced(attachment, 6, replaced(part, 0, uint(d)))), String(d)).toEqual([]);
  });

  it("a disposition of 300 is in no range", () => {
    expect(one(main(replaced(attachment, 6, replaced(part, 0, uint(300)))))).toEqual({
      path: "mimiContent[6].nestedPart[0].disposition",
      offset: 97,
      message: "300 matches none of baseDispos / $extDispos / unknownDispos",
      cddl: loc(12, 16),
      severity: "error",
    });
  });

  it("an extension map with a duplicate key", () => {
    const dup: MapItem = { ...extensions, entries: [...extensions.entries, [uint(1), { type: "text", value: "again" }]] };
    expect(one(main(replaced(attachment, 5, dup)))).toEqual({
      path: "mimiContent[5].mimiExtensions{1}",
      offset: 96,
      message: "duplicate map key 1 (entries 0 and 2): a map must not repeat a key",
      cddl: loc(69, 14),
      severity: "error",
    });
  });

  it("a text key of 300 bytes violates .size (1..255)", () => {
    const long: MapItem = {
      ...extensions,
      entries: [
        ...extensions.entries,
        [
          { type: "text", value: "k".repeat(300) },
          { type: "text", value: "v" },
        ],
      ],
    };
    expect(one(main(replaced(attachment, 5, long)))).toEqual({
      path: 'mimiContent[5].mimiExtensions{"kkkkkkkkkkkkkkkkkkkkkkkk…"}',
      offset: 96,
      message: "key not allowed: text string (UTF-8) is 300 bytes long, not in .size (1..255)",
      cddl: loc(79, 19),
      severity: "error",
    });
    // 255 bytes is fine: the entry is an unknownExtension.
    const ok: MapItem = {
      ...extensions,
      entries: [
        ...extensions.entries,
        [
          { type: "text", value: "k".repeat(255) },
          { type: "text", value: "v" },
        ],
      ],
    };
    expect(main(replaced(attachment, 5, ok))).toEqual([]);
  });

  it("a known extension with a value of the wrong type hits the cut", () => {
    const bad: MapItem = { ...extensions, entries: [[uint(1), uint(5)]] };
    expect(one(main(replaced(attachment, 5, bad)))).toMatchObject({
      path: "mimiContent[5].mimiExtensions{1}",
      message: "expected tstr, got 5",
      cddl: loc(70, 26),
    });
  });

  it("04: a url without its URI tag, and an extension value over 4095 bytes", () => {
    const v04 = (item: CborItem): Mismatch[] => validateBytes(schema("mimi-content-04"), "mimiContent", encodeItem(item));
    const a = example("04", "attachment.cbor");
    const p = a.items[6] as ArrayItem;
    const url = p.items[5] as Extract<CborItem, { type: "tag" }>;
    // (The .cbor holds "https:example.combigfile.mp4": the tool that made it took the // of the
    // URL in the .edn for a comment. Still a tstr, so the example is valid.)
    expect(one(v04(replaced(a, 6, replaced(p, 5, url.item))))).toMatchObject({
      path: "mimiContent[6].nestedPart[5].url",
      message: 'expected uri, got "https:example.combigfile.mp4"',
      cddl: { file: join(DRAFTS, "mimi-content/04/mimi-content.cddl"), line: 29, col: 10 },
    });
    const big: MapItem = {
      type: "map",
      entries: [
        [
          { type: "text", value: "x" },
          { type: "bytes", value: new Uint8Array(4096) },
        ],
      ],
    };
    expect(one(v04(replaced(a, 5, big)))).toMatchObject({
      path: 'mimiContent[5].extensions{"x"}',
      message: "byte string is 4096 bytes long, not in .size (0..4095)",
      cddl: { file: join(DRAFTS, "mimi-content/04/mimi-content.cddl"), line: 68, col: 14 },
    });
  });

  it("04: a delivery report with an unknown and an impossible status", () => {
    const report = example("04", "report.cbor");
    const statuses = report.items[1] as ArrayItem;
    const first = statuses.items[0] as ArrayItem;
    const withStatus = (n: number) => replaced(report, 1, replaced(statuses, 0, replaced(first, 1, uint(n))));
    const check = (item: CborItem) => validateBytes(schema("mimi-content-04"), "MessageStatusReport", encodeItem(item));
    expect(check(withStatus(200))).toEqual([]);
    expect(one(check(withStatus(256)))).toMatchObject({
      path: "MessageStatusReport[1].statuses[0][1].status",
      message: "256 matches none of baseStatus / $extStatus / unknownStatus",
      cddl: { file: join(DRAFTS, "mimi-content/04/delivery-report.cddl"), line: 8, col: 13 },
    });
  });
});
