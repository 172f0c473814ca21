import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as v03 from "../../generated/mimi-content-03-cddl/index.js";
import * as v04 from "../../generated/mimi-content-04/index.js";
import * as main from "../../generated/mimi-content-main/index.js";
import { ednToCbor } from "../../src/edn/edn-to-cbor.js";
import { toHex, type CborCodec } from "../../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * Every CBOR example of mimi-content 03, 04 and main, decoded with the
 * codecs generated from that version's own CDDL, in strict deterministic
 * mode, and re-encoded byte for byte. The EDN source of each example is
 * compiled too: where it parses, its bytes decode as well.
 */
const versions = [
  ["03", v03],
  ["04", v04],
  ["main-2026-03", main],
] as const;

function codecFor(mod: Record<string, unknown>, file: string): CborCodec<unknown> {
  const type = file.startsWith("report") ? "MessageStatusReport" : file.startsWith("implied") ? "MessageDerivedValues" : "mimiContent";
  return (mod[type] as { cbor: CborCodec<unknown> }).cbor;
}

describe.skipIf(!HAVE_DRAFTS)("mimi-content CBOR examples", () => {
  for (const [dir, mod] of versions) {
    const base = join(DRAFTS, "mimi-content", dir, "examples");
    const files = HAVE_DRAFTS ? readdirSync(base).filter((f) => f.endsWith(".cbor")) : [];

    it(`${dir}: every .cbor decodes deterministically and re-encodes byte for byte`, () => {
      expect(files.length).toBeGreaterThanOrEqual(12);
      for (const f of files) {
        const bytes = new Uint8Array(readFileSync(join(base, f)));
        const codec = codecFor(mod as Record<string, unknown>, f);
        const value = codec.decode(bytes, { deterministic: true });
        expect(toHex(codec.encode(value)), `${dir}/${f}`).toBe(toHex(bytes));
      }
    });

    it(`${dir}: each example's EDN compiles to bytes the codec accepts`, () => {
      let compared = 0;
      for (const f of files) {
        const edn = join(base, f.replace(/\.cbor$/, ".edn"));
        if (!existsSync(edn)) continue;
        let bytes: Uint8Array;
        try {
          bytes = ednToCbor(readFileSync(edn, "utf8"));
        } catch {
          // main's multipart-3.edn misses a comma (test/edn covers it)
          expect(`${dir}/${f}`).toBe("main-2026-03/multipart-3.cbor");
          continue;
        }
        const codec = codecFor(mod as Record<string, unknown>, f);
        expect(toHex(codec.encode(codec.decode(bytes))), `${dir}/${f} from EDN`).toBe(toHex(bytes));
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(11);
    });
  }

  it("a damaged example decodes but is not what its EDN says (03 attachment: mangled URL)", () => {
    const base = join(DRAFTS, "mimi-content", "03", "examples");
    const codec = v03.mimiContent.cbor;
    const fromFile = codec.decode(new Uint8Array(readFileSync(join(base, "attachment.cbor"))));
    const fromEdn = codec.decode(ednToCbor(readFileSync(join(base, "attachment.edn"), "utf8")));
    const url = (v: v03.mimiContent) => (v.nestedPart as { url?: string }).url;
    expect(url(fromFile)).toBe("https:example.combigfile.mp4");
    expect(url(fromEdn)).toBe("https://example.com/storage/bigfile.mp4");
  });

  it("rejects a non-deterministic encoding in deterministic mode only", () => {
    const bytes = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content", "main-2026-03", "examples", "original.cbor")));
    // re-encode the 16-byte salt's head (0x50) in the long form 0x58 0x10
    const i = bytes.indexOf(0x50);
    const longForm = new Uint8Array([...bytes.subarray(0, i), 0x58, 0x10, ...bytes.subarray(i + 1)]);
    expect(() => main.mimiContent.cbor.decode(longForm, { deterministic: true })).toThrow(/at offset 1 \(mimiContent\.salt\)/);
    expect(main.mimiContent.cbor.decode(longForm).salt).toHaveLength(16);
  });
});

describe.skipIf(!HAVE_DRAFTS)("mimi-content-03, merged: the TPL-shaped type's CBOR codec (the CDDL's rules) against the draft's own .cbor", () => {
  const base = join(DRAFTS, "mimi-content", "03", "examples");
  const messages = ["original", "reply", "reaction", "mention", "edit", "delete", "unlike", "expiring", "attachment", "conferencing"];

  it("every example decodes with MimiContent's CBOR codec, and value -> TPL -> value -> CBOR gives the draft's bytes", async () => {
    const tpl03 = await import("../../generated/mimi-content-03/index.js");
    for (const m of messages) {
      const bytes = new Uint8Array(readFileSync(join(base, `${m}.cbor`)));
      const value = tpl03.MimiContent.cbor.decode(bytes, { deterministic: true });
      const viaTpl = tpl03.MimiContent.tpl.decode(tpl03.MimiContent.tpl.encode(value));
      expect(toHex(tpl03.MimiContent.cbor.encode(viaTpl)), m).toBe(toHex(bytes));
    }
  });

  it("the status report and the implied values too (MessageStatusReport, MessageDerivedValues: tags 62 and 32 in CBOR only)", async () => {
    const tpl03 = await import("../../generated/mimi-content-03/index.js");
    for (const [file, codec] of [
      ["report", tpl03.MessageStatusReport],
      ["implied-original", tpl03.MessageDerivedValues],
    ] as const) {
      const bytes = new Uint8Array(readFileSync(join(base, `${file}.cbor`)));
      const c = codec as { cbor: { decode(b: Uint8Array, o?: object): unknown; encode(v: unknown): Uint8Array }; tpl: { decode(b: Uint8Array): unknown; encode(v: unknown): Uint8Array } };
      const value = c.cbor.decode(bytes, { deterministic: true });
      expect(toHex(c.cbor.encode(c.tpl.decode(c.tpl.encode(value)))), file).toBe(toHex(bytes));
    }
  });

  it("the url of an external part is tag 32 in CBOR (the CDDL's `uri`) and plain text in TPL (`Utf8 url<V>`)", async () => {
    const tpl03 = await import("../../generated/mimi-content-03/index.js");
    for (const m of ["attachment", "conferencing"]) {
      const bytes = new Uint8Array(readFileSync(join(base, `${m}.cbor`)));
      const value = tpl03.MimiContent.cbor.decode(bytes);
      const url = (value.body as { part?: { url: string } }).part!.url;
      const text = new TextEncoder().encode(url);
      const head = text.length < 24 ? [0x60 + text.length] : [0x78, text.length];
      // d8 20 = tag 32, then the text string
      expect(toHex(bytes), m).toContain(toHex(new Uint8Array([0xd8, 0x20, ...head, ...text])));
      const tpl = tpl03.MimiContent.tpl.encode(value);
      expect(toHex(tpl), m).toContain(toHex(new Uint8Array([text.length, ...text])));
    }
  });
});
