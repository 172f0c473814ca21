import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExampleVerdict } from "../../src/check/check-examples.js";
import { ednToCbor } from "../../src/edn/edn-to-cbor.js";
import { annotateCbor } from "../../src/edn/annotate.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { runCli } from "../helpers/run-cli.js";

/** `mimi-codec check <draft>`: every example against the draft's types and its other forms. */
type Result = { examples: ExampleVerdict[]; mismatches: number };
const check = async (draft: string) => {
  const r = await runCli(["check", draft, "--json"]);
  return { code: r.code, result: JSON.parse(r.out) as Result, err: r.err };
};
const row = (r: Result, name: string) => {
  const v = r.examples.find((e) => e.example === name);
  if (!v) throw new Error(`no example ${name} in ${r.examples.map((e) => e.example).join(", ")}`);
  return v;
};

describe("check on a draft of one's own", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimi-check-"));
  mkdirSync(join(dir, "examples"));
  const draft = join(dir, "draft.md");
  writeFileSync(
    draft,
    [
      "# Messages",
      "",
      "~~~ cddl",
      "greeting = [ id: uint, text: tstr ]",
      "~~~",
      "",
      "# Examples",
      "",
      "## Hello",
      "",
      "~~~ edn",
      "<{{examples/hello.edn}}",
      "~~~",
      "",
      "## Broken",
      "",
      "~~~ edn",
      "<{{examples/broken.edn}}",
      "~~~",
      "",
    ].join("\n"),
  );
  const write = (name: string, edn: string, cbor = ednToCbor(edn)) => {
    writeFileSync(join(dir, "examples", `${name}.edn`), edn);
    writeFileSync(join(dir, "examples", `${name}.cbor`), cbor);
    writeFileSync(join(dir, "examples", `${name}.pretty`), annotateCbor(cbor));
  };
  write("hello", '[1, "hi"]');
  write("broken", '[2, "https://example.com/x"]', ednToCbor('[2, "https:example.comx"]'));
  // a .cbor no EDN names, non-deterministic (a two-byte head for 3)
  writeFileSync(join(dir, "examples", "loose.cbor"), Uint8Array.of(0x82, 0x18, 0x03, 0x60));

  it("a verdict per example; the mismatch named with where it differs; exit 1", async () => {
    const { code, result } = await check(draft);
    expect(code).toBe(1);
    expect(row(result, "examples/hello")).toMatchObject({ type: "greeting", ednVsCbor: "ok", prettyVsCbor: "ok", roundTrip: "ok", verdict: "ok" });
    const broken = row(result, "examples/broken");
    expect(broken).toMatchObject({ ednVsCbor: "mismatch", prettyVsCbor: "ok", roundTrip: "ok", verdict: "mismatch" });
    expect(broken.notes).toEqual(['the EDN differs from the .cbor: at [1]: "https://example.com/x" vs "https:example.comx"']);
    const loose = row(result, "examples/loose");
    expect(loose).toMatchObject({ roundTrip: "mismatch", verdict: "mismatch" });
    expect(loose.notes[0]).toMatch(/no type of the draft decodes it; greeting gets furthest: .*deterministic|not preferred|shortest/i);
    expect(result.mismatches).toBe(2);
  });

  it("the text table", async () => {
    const r = await runCli(["check", draft]);
    expect(r.out).toContain("| examples/hello | greeting (CBOR) | ok | - | ok | ok | - | ok |");
    expect(r.out).toContain(`${draft}: 3 examples, 1 ok, 2 with a mismatch`);
  });
});

describe("check on a TPL draft's annotated hex dumps", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimi-check-tpl-"));
  const draft = join(dir, "draft.md");
  writeFileSync(
    draft,
    [
      "# Types",
      "",
      "~~~ tls",
      "struct { opaque id<V>; uint16 n; } Thing;",
      "~~~",
      "",
      "## Good",
      "",
      "~~~",
      "/* Thing struct */",
      "0x02 length of id",
      "  0xabcd",
      "0x0007 n",
      "~~~",
      "",
      "## Bad",
      "",
      "~~~",
      "/* Thing struct */",
      "0x40 length of id (a varint of 64 needs two bytes)",
      "0x00 0x07",
      "0x01 n",
      "~~~",
      "",
    ].join("\n"),
  );
  it("decodes each dump with the type it names, TPL, and re-encodes it", async () => {
    const { code, result } = await check(draft);
    expect(code).toBe(1);
    expect(row(result, "Good (hex dump, line 10)")).toMatchObject({ type: "Thing", format: "tpl", roundTrip: "ok", verdict: "ok" });
    const bad = row(result, "Bad (hex dump, line 19)");
    expect(bad).toMatchObject({ type: "Thing", roundTrip: "mismatch" });
    expect(bad.notes[0]).toMatch(/^no type of the draft decodes it; Thing gets furthest: .* at offset 0 \(Thing\.id\)$/);
  });
});

describe.skipIf(!HAVE_DRAFTS)("check on mimi-content 03, 04 and main-2026-03 (../shared/drafts/MANIFEST.md's known damage)", () => {
  const draft = (v: string) => join(DRAFTS, "mimi-content", v, "draft-ietf-mimi-content.md");
  const failing = (r: Result) => r.examples.filter((e) => e.verdict === "mismatch").map((e) => e.example);

  it("03: the URLs the EDN-to-diag step mangled; the TPL dumps with one-byte lengths, leaked CBOR and a broken comment", async () => {
    const { code, result } = await check(draft("03"));
    expect(code).toBe(1);
    expect(failing(result)).toEqual([
      "Mentions (hex dump, line 696)",
      "Edit (hex dump, line 755)",
      "Expiring (hex dump, line 903)",
      "Attachments (hex dump, line 939)",
      "Conferencing (hex dump, line 995)",
      "TLS Presentation Language Example (hex dump, line 1097)",
      "examples/implied-original",
      "examples/attachment",
      "examples/conferencing",
    ]);
    expect(row(result, "examples/attachment").notes).toEqual(['the EDN differs from the .cbor: at [6][5]#32: "https://example.com/storage/bigfile.mp4" vs "https:example.combigfile.mp4"']);
    // the .diag is what the .cbor was made from: it says the same mangled thing
    expect(row(result, "examples/attachment").diagVsCbor).toBe("ok");
    expect(row(result, "Mentions (hex dump, line 696)").notes[0]).toMatch(/MimiContent gets furthest: .* at offset 40 \(MimiContent\.extensions\)/);
    expect(row(result, "Edit (hex dump, line 755)").notes[0]).toMatch(/at offset 171 \(MimiContent\.lastSeen\[2\]\)/);
    for (const ok of ["Original Message (hex dump, line 551)", "Reply (hex dump, line 592)", "Reaction (hex dump, line 647)", "examples/original", "examples/report"]) expect(row(result, ok).verdict, ok).toBe("ok");
  });

  it("04: mangled URLs, and delete's and unlike's .cbor (.diag, .pretty) swapped", async () => {
    const { code, result } = await check(draft("04"));
    expect(code).toBe(1);
    expect(failing(result)).toEqual(["examples/implied-original", "examples/delete", "examples/unlike", "examples/attachment"]);
    expect(row(result, "examples/delete").notes.at(-1)).toMatch(/its EDN's bytes are .*04\/examples\/unlike\.cbor: the \.cbor of the two examples are swapped/);
    expect(row(result, "examples/multipart-3").verdict).toBe("ok");
  });

  it("main-2026-03: every message ID the EDN states is the draft's algorithm's; implied-original's ID recomputed; multipart-3's EDN misses a comma", async () => {
    const { code, result } = await check(draft("main-2026-03"));
    expect(code).toBe(1);
    expect(failing(result)).toEqual(["examples/implied-original", "examples/multipart-3"]);
    expect(result.examples.filter((e) => e.messageId === "ok")).toHaveLength(14);
    expect(row(result, "examples/multipart-3").notes).toEqual([expect.stringMatching(/^EDN does not parse: .*line 79, column 13/)]);
    expect(row(result, "examples/implied-original").notes[0]).toMatch(/^the EDN differs from the \.cbor: at \[0\]: h'017ce548/);
  });
});
