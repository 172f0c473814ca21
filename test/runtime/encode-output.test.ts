import { describe, expect, it } from "vitest";
import { mimiContent, type NestedPart } from "../../generated/mimi-content-main/index.js";
import { MLSMessage } from "../../generated/rfc9420/index.js";
import { allocOutput } from "../../src/runtime/alloc-output.js";
import { CodecError, isCodecError, SizeCache, tplCodec, type TplWriter } from "../../src/runtime/index.js";

/**
 * What encode hands back: an array of its own (no pool, no slab shared with
 * other results), every byte of it written by the write pass even where the
 * memory comes uninitialised (src/runtime/alloc-output.ts), and codec
 * objects that stay correct while they reuse their size cache.
 */

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed) & 0xff);

/** Byte-for-byte equality without vitest's (slow, for 64 KiB) deep diff. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const all = (b: Uint8Array, x: number): boolean => b.every((y) => y === x);

function message(content: Uint8Array, extra: Partial<mimiContent> = {}): mimiContent {
  const part: NestedPart = { disposition: "render", language: "en", cardinality: "single", contentType: "text/markdown;variant=GFM-MIMI", content };
  return {
    salt: bytes(16, 1),
    replaces: null,
    topicId: bytes(3, 2),
    expires: { relative: false, time: 1700000000 },
    inReplyTo: null,
    mimiExtensions: { senderUri: "mimi://example.com/u/alice-smith", roomUri: "mimi://example.com/r/engineering_team", unknownExtension: new Map() },
    nestedPart: part,
    ...extra,
  };
}

const MESSAGES: Array<[string, mimiContent]> = [
  ["small", message(bytes(33, 3))],
  ["medium", message(bytes(1100, 4))],
  // large enough for the uninitialised allocation
  ["64 KiB body", message(bytes(64 * 1024, 5))],
  [
    "multipart, non-ASCII text",
    message(bytes(0, 0), {
      nestedPart: {
        disposition: "render",
        language: "",
        cardinality: "multi",
        partSemantics: "processAll",
        parts: [0, 1, 2].map((i) => ({ disposition: "attachment", language: "ja", cardinality: "single", contentType: `text/plain;name=ファイル${i}.txt`, content: bytes(5000, i) }) as NestedPart),
      },
    }),
  ],
];

describe("allocOutput", () => {
  it("returns a plain Uint8Array that is the whole of its own ArrayBuffer, at every size", () => {
    for (const n of [0, 1, 65, 124, 1230, 8191, 8192, 8193, 70000]) {
      const out = allocOutput(n);
      expect(out.constructor).toBe(Uint8Array);
      expect(out.length).toBe(n);
      expect(out.byteOffset).toBe(0);
      expect(out.buffer.byteLength).toBe(n);
    }
  });
});

describe("encode output", () => {
  for (const [label, value] of MESSAGES) {
    for (const format of ["tpl", "cbor"] as const) {
      it(`${format} ${label}: every byte is written (encodeInto over 0xaa and over 0x55 == encode)`, () => {
        const codec = mimiContent[format];
        const out = codec.encode(value);
        expect(out.constructor).toBe(Uint8Array);
        expect(out.buffer.byteLength).toBe(out.length);
        for (const fill of [0xaa, 0x55]) {
          const buf = new Uint8Array(out.length + 9).fill(fill);
          const end = codec.encodeInto(value, buf, 5);
          expect(end).toBe(5 + out.length);
          expect(same(buf.subarray(5, end), out)).toBe(true);
          expect(all(buf.subarray(0, 5), fill) && all(buf.subarray(end), fill)).toBe(true);
        }
        // and the bytes are the message: decoding gives it back
        expect(codec.decode(out)).toEqual(value);
      });
    }
  }

  it("long ASCII text (written natively) lands at the right place in a view with a byte offset", () => {
    const uri = "mimi://example.com/u/" + "a-very-long-user-name-".repeat(5);
    const value = message(bytes(20, 9), { mimiExtensions: { senderUri: uri, roomUri: uri.toUpperCase(), unknownExtension: new Map() } });
    for (const format of ["tpl", "cbor"] as const) {
      const out = mimiContent[format].encode(value);
      const backing = new Uint8Array(out.length + 20).fill(0xaa);
      const view = backing.subarray(7);
      const end = mimiContent[format].encodeInto(value, view, 3);
      expect(same(view.subarray(3, end), out)).toBe(true);
      expect(all(backing.subarray(0, 10), 0xaa) && all(backing.subarray(7 + end), 0xaa)).toBe(true);
      expect(mimiContent[format].decode(out)).toEqual(value);
    }
  });

  it("a fresh array per result: encoding again does not touch an earlier result", () => {
    const a = mimiContent.tpl.encode(MESSAGES[0]![1]);
    const copy = a.slice();
    const b = mimiContent.tpl.encode(MESSAGES[1]![1]);
    expect(a).toEqual(copy);
    expect(b.buffer).not.toBe(a.buffer);
  });

  it("fails, instead of returning unwritten bytes, when a write pass ends short of the measured size", () => {
    const broken = tplCodec<number>(
      "Broken",
      () => 4,
      (w: TplWriter, v: number) => w.u16(v),
      () => 0,
    );
    for (const f of [() => broken.encode(7), () => broken.encodeInto(7, new Uint8Array(8), 2)]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isCodecError(err)).toBe(true);
      expect((err as CodecError).reason).toMatch(/the value changed between measuring and writing it \(it wrote 2 bytes, measured 4\)/);
      expect((err as CodecError).path).toBe("Broken");
    }
  });

  it("an encode that starts inside another (a getter that encodes) gets its own size cache", () => {
    const inner = message(bytes(40, 6));
    const innerBytes = mimiContent.cbor.encode(inner);
    let seen: Uint8Array | undefined;
    const outer = message(bytes(50, 7));
    const tricky = {
      ...outer,
      get nestedPart() {
        seen = mimiContent.cbor.encode(inner);
        return outer.nestedPart;
      },
    } as mimiContent;
    for (const format of ["tpl", "cbor"] as const) {
      expect(mimiContent[format].encode(tricky)).toEqual(mimiContent[format].encode(outer));
      expect(seen).toEqual(innerBytes);
    }
  });

  it("the size cache a failed encode leaves behind does not leak into the next one", () => {
    const bad = message(bytes(10, 8), { mimiExtensions: { senderUri: "\ud800", unknownExtension: new Map() } });
    expect(() => mimiContent.tpl.encode(bad)).toThrow(CodecError);
    const good = MESSAGES[0]![1];
    expect(mimiContent.tpl.decode(mimiContent.tpl.encode(good))).toEqual(good);
  });

  it("a select's context: the caller's context object is never written to, and none is needed when no select reads one", () => {
    const codec = tplCodec<number>(
      "Publishes",
      (v, c) => {
        c["Publishes.x"] = v;
        return 1;
      },
      (w, v, c) => {
        c["Publishes.x"] = v;
        w.u8(v);
      },
      (r, c) => {
        c["Publishes.x"] = 1;
        return r.u8();
      },
    );
    const context = Object.freeze({ other: 1 });
    expect(codec.encode(3, { context })).toEqual(Uint8Array.of(3));
    expect(codec.encode(4)).toEqual(Uint8Array.of(4));
    expect(codec.decode(Uint8Array.of(5), { context })).toBe(5);
    expect(codec.decode(Uint8Array.of(6))).toBe(6);
  });
});

describe("encode with { slab: true }", () => {
  const [small, medium] = [MESSAGES[0]![1], MESSAGES[1]![1]];

  it("gives the same bytes as the default, as views into one shared slab that do not overlap", () => {
    for (const format of ["tpl", "cbor"] as const) {
      const codec = mimiContent[format];
      const a = codec.encode(small, { slab: true });
      const b = codec.encode(medium, { slab: true });
      expect(same(a, codec.encode(small))).toBe(true);
      expect(same(b, codec.encode(medium))).toBe(true);
      expect(a.constructor).toBe(Uint8Array);
      expect(b.buffer).toBe(a.buffer);
      expect(a.buffer.byteLength).toBe(8192);
      // b starts where a ends: writing into one leaves the other as it was
      expect(b.byteOffset).toBe(a.byteOffset + a.length);
      const before = a.slice();
      b.fill(0xee);
      expect(same(a, before)).toBe(true);
    }
  });

  it("starts a new zero-filled slab when one is full; outputs over half a slab get their own buffer", () => {
    const codec = mimiContent.tpl;
    const first = codec.encode(medium, { slab: true });
    const results = [first];
    while (results.at(-1)!.buffer === first.buffer) results.push(codec.encode(medium, { slab: true }));
    const next = results.at(-1)!;
    expect(next.byteOffset).toBe(0);
    expect(all(new Uint8Array(next.buffer, next.length), 0)).toBe(true);
    for (const r of results) expect(same(r, codec.encode(medium))).toBe(true);
    const big = codec.encode(MESSAGES[2]![1], { slab: true });
    expect([big.byteOffset, big.buffer.byteLength]).toEqual([0, big.length]);
  });

  it("keeps working after a caller transfers the slab (which detaches it for every result carved from it)", () => {
    const a = mimiContent.cbor.encode(small, { slab: true });
    structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
    expect(a.length).toBe(0);
    const b = mimiContent.cbor.encode(small, { slab: true });
    expect(same(b, mimiContent.cbor.encode(small))).toBe(true);
    expect(b.byteOffset).toBe(0);
  });

  it("is only an option: without it every result still has an ArrayBuffer of its own", () => {
    const a = mimiContent.tpl.encode(small);
    const b = mimiContent.tpl.encode(small);
    expect([a.buffer.byteLength, b.buffer.byteLength]).toEqual([a.length, b.length]);
    expect(a.buffer).not.toBe(b.buffer);
  });
});

describe("SizeCache", () => {
  it("records in order for the write pass to read back; text() checks and measures", () => {
    const s = new SizeCache();
    s.push(7);
    expect(s.text("héllo")).toBe(6);
    expect(s.a.slice(0, s.n)).toEqual([7, 6]);
    expect(() => s.text("a\udc00")).toThrow(/lone UTF-16 surrogate/);
    expect(() => s.text(5)).toThrow(/expected text/);
    expect(s.text("\ud83d\ude00")).toBe(4);
    s.reset();
    expect([s.n, s.i]).toEqual([0, 0]);
  });
});

describe("MLS messages", () => {
  it("an application message: encodeInto over 0xaa == encode", () => {
    // an application message: a PrivateMessage with opaque fields of a few sizes
    const value = {
      version: "mls10",
      wire_format: "mls_private_message",
      private_message: {
        group_id: bytes(16, 9),
        epoch: 3n,
        content_type: "application",
        authenticated_data: bytes(0, 0),
        encrypted_sender_data: bytes(60, 10),
        ciphertext: bytes(300, 11),
      },
    } as unknown as MLSMessage;
    const out = MLSMessage.tpl.encode(value);
    const buf = new Uint8Array(out.length).fill(0xaa);
    MLSMessage.tpl.encodeInto(value, buf, 0);
    expect(same(buf, out)).toBe(true);
  });
});
