import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MessageStatusReport, MimiContent } from "../../generated/mimi-content-03/index.js";
import { hexFromAnnotatedDump, looksLikeHexDump } from "../../src/extract/annotated-hex.js";
import { extractFile } from "../../src/extract/index.js";
import { CodecError, toHex, type TplCodec } from "../../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * The annotated TLS presentation language dumps in mimi-content-03's
 * "Examples" section, decoded with the generated codecs. The verdict of each
 * comes from the codec; this test pins what was measured so a change shows.
 */
describe.skipIf(!HAVE_DRAFTS)("mimi-content-03 annotated hex examples", () => {
  const draft = join(DRAFTS, "mimi-content/03/draft-ietf-mimi-content.md");
  const dumps = HAVE_DRAFTS ? extractFile(draft).blocks.filter((b) => b.lang === "other" && looksLikeHexDump(b.text)) : [];

  const verdict = (section: string, text: string): string => {
    const codec = (/^TLS Presentation Language Example$/.test(section) ? MessageStatusReport.tpl : MimiContent.tpl) as TplCodec<unknown>;
    const { bytes } = hexFromAnnotatedDump(text);
    try {
      const v = codec.decode(bytes);
      return toHex(codec.encode(v)) === toHex(bytes) ? "ok" : "re-encodes differently";
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      return `${(e as CodecError).reason} @${(e as CodecError).offset} ${(e as CodecError).path}`;
    }
  };

  it("finds the eleven dumps", () => {
    expect(dumps.map((d) => d.section)).toEqual([
      "Original Message",
      "Reply",
      "Reaction",
      "Mentions",
      "Edit",
      "Delete",
      "Unlike",
      "Expiring",
      "Attachments",
      "Conferencing",
      "TLS Presentation Language Example",
    ]);
  });

  it("decodes the sound dumps and re-encodes them byte for byte", () => {
    for (const name of ["Original Message", "Reply", "Reaction", "Delete", "Unlike"]) {
      const d = dumps.find((x) => x.section === name)!;
      expect(verdict(d.section, d.text), name).toBe("ok");
    }
  });

  it("rejects the damaged dumps with the offset and field where they go wrong", () => {
    const got = Object.fromEntries(dumps.map((d) => [d.section, verdict(d.section, d.text)]));
    // Mentions: leaked CBOR bytes 0x58 0x20 read as the extensions length
    console.log(Object.entries(got).map(([k, v]) => `${k}: ${v}`).join("\n"));
    expect(got["Mentions"]).toMatch(/^length \d+ exceeds remaining \d+ bytes @40 MimiContent\.extensions$/);
    // Edit: lastSeen length 0x40 written as one byte (a varint needs 0x4040)
    expect(got["Edit"]).toMatch(/^vector content is not a whole number of elements.*@171 MimiContent\.lastSeen\[2\]$/);
    // Expiring: a content length of 64 or more written as one byte
    expect(got["Expiring"]).toMatch(/^truncated: .*@76 MimiContent\.body\.part\.content$/);
    // Attachments / Conferencing: the unterminated "/* External Part *" comment and one-byte lengths
    expect(got["Attachments"]).toMatch(/MimiContent\.body\.part\./);
    expect(got["Conferencing"]).toMatch(/MimiContent\.body\.part\./);
    // the status report writes 4 statuses' length 0x84 "as two bytes" in one byte
    expect(got["TLS Presentation Language Example"]).toMatch(/MessageStatusReport/);
  });
});
