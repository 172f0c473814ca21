import { describe, expect, it } from "vitest";
import * as main from "../../generated/mimi-content-main/index.js";
import { isCodecError, toHex, type CborItem, type CodecError } from "../../src/runtime/index.js";
import { runCli } from "../helpers/run-cli.js";
import { codecsOf, loadSource } from "../codegen/helpers.js";

/**
 * Issue 15, codec edges: a decoded value is one every other correct decoder
 * reads the same way; limits hold in every format and inside `any`; an
 * encoder reads a value it cannot trust (getters, Proxies, cycles) without
 * writing past what it measured, and never writes what its own decoder
 * refuses.
 */

function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    if (isCodecError(e)) return e;
    throw new Error(`expected a CodecError, got ${String(e)}`);
  }
  throw new Error("expected a CodecError, nothing was thrown");
}

const text = (s: string): CborItem => ({ type: "text", value: s });

describe("no duplicate keys on any path", () => {
  const ext = (unknown: Map<main.name, CborItem>): main.extensions => ({ unknownExtension: unknown });

  it("the TPL decoder refuses an extension whose key is a known field's (1, senderUri)", () => {
    // encode a rest map holding key 1 through the TPL framing by hand: known fields absent, then the map
    const good = main.extensions.tpl.encode(ext(new Map([[7n, text("x")]])));
    // the rest map's entry key 7 (int64) -> 1
    const bytes = good.slice();
    const at = toHex(bytes).indexOf("0000000000000007") / 2;
    expect(at).toBeGreaterThan(0);
    bytes[at + 7] = 1;
    const e = codecError(() => main.extensions.tpl.decode(bytes));
    expect(e.reason).toMatch(/repeat the key 1 of a known field/);
  });

  it("the encoders refuse it too, so convert never writes a map with key 1 twice", async () => {
    const value = { senderUri: "mimi://a/u/alice", unknownExtension: new Map<main.name, CborItem>([[1n, text("mimi://a/u/eve")]]) };
    expect(codecError(() => main.extensions.cbor.encode(value)).reason).toMatch(/repeat the key 1/);
    expect(codecError(() => main.extensions.tpl.encode(value)).reason).toMatch(/repeat the key 1/);
    // the CLI: TPL bytes with the forged key do not convert
    const forged = main.extensions.tpl.encode(ext(new Map([[7n, text("mimi://a/u/eve")]])));
    const at = toHex(forged).indexOf("0000000000000007") / 2;
    forged[at + 7] = 1;
    const r = await runCli(["convert", "--schema", "mimi-content-main", "--type", "extensions", "--from", "tpl", "--to", "cbor", "--hex", toHex(forged)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/repeat the key 1 of a known field/);
  });

  it("map keys that are byte strings or structured items are compared by content", async () => {
    const schema = await loadSource("B = { * bstr => uint .size 1 }\nA = { * any => uint .size 1 }\n", "cddl");
    const b = codecsOf(schema, "B");
    expect(codecError(() => b.cbor.decode(new Uint8Array([0xa2, 0x41, 0x01, 0x00, 0x41, 0x01, 0x01]))).reason).toBe("duplicate map key");
    const a = codecsOf(schema, "A");
    // [1] twice, written once with a non-preferred head
    expect(codecError(() => a.cbor.decode(new Uint8Array([0xa2, 0x81, 0x01, 0x00, 0x81, 0x18, 0x01, 0x01]))).reason).toBe("duplicate map key");
    // the TPL image of the same maps too
    const twoKeys = b.tpl.encode(new Map([[new Uint8Array([1]), 0], [new Uint8Array([2]), 1]]));
    twoKeys[twoKeys.length - 2] = 1; // the second key's byte 2 -> 1
    expect(codecError(() => b.tpl.decode(twoKeys)).reason).toBe("duplicate map key");
  });
});

describe("limits hold inside `any` and in every format", () => {
  it("the TPL image of CDDL any obeys maxDepth and maxCount", async () => {
    const schema = await loadSource("H = [ x: any ]\n", "cddl");
    const h = codecsOf(schema, "H");
    const deep: CborItem = Array.from({ length: 10 }).reduce<CborItem>((inner) => ({ type: "array", items: [inner] }), { type: "uint", value: 0n });
    const bytes = h.tpl.encode({ x: deep }, { maxDepth: 64 });
    expect(h.tpl.decode(bytes, { maxDepth: 64 })).toEqual({ x: deep });
    expect(codecError(() => h.tpl.decode(bytes, { maxDepth: 4 })).reason).toMatch(/nesting depth exceeds/);
    const wide: CborItem = { type: "array", items: Array.from({ length: 20 }, () => ({ type: "uint", value: 1n }) as CborItem) };
    const wideBytes = h.tpl.encode({ x: wide });
    expect(codecError(() => h.tpl.decode(wideBytes, { maxCount: 10 })).reason).toMatch(/maxCount/);
  });
});

describe("values the encoder cannot trust", () => {
  it("a getter that answers differently in the write pass gives a CodecError, and encodeInto writes nothing past what it measured", () => {
    let calls = 0;
    const value = {
      get content() {
        calls++;
        return calls === 1 ? new Uint8Array(2) : new Uint8Array(200);
      },
    };
    const schema = [main.NestedPart, main.mimiContent];
    void schema;
    const part = { disposition: "render", language: "en", cardinality: "single", contentType: "text/plain" } as Record<string, unknown>;
    Object.defineProperty(part, "content", { get: Object.getOwnPropertyDescriptor(value, "content")!.get!, enumerable: true });
    for (const format of ["tpl", "cbor"] as const) {
      calls = 0;
      const e = codecError(() => main.NestedPart[format].encode(part as unknown as main.NestedPart));
      expect(e.reason).toMatch(/the value changed between measuring and writing it/);
      calls = 0;
      const buffer = new Uint8Array(512).fill(0xee);
      codecError(() => main.NestedPart[format].encodeInto(part as unknown as main.NestedPart, buffer, 10));
      calls = 0;
      const measured = main.NestedPart[format].encodedSize(part as unknown as main.NestedPart);
      expect([...buffer.subarray(10 + measured)].every((x) => x === 0xee)).toBe(true);
      expect([...buffer.subarray(0, 10)].every((x) => x === 0xee)).toBe(true);
    }
  });

  it("a Proxy whose array changes length between passes gives a CodecError", () => {
    let reads = 0;
    const parts = new Proxy([] as main.NestedPart[], {
      get(target, p, recv) {
        if (p === "length") return reads++ === 0 ? 0 : 3;
        return Reflect.get(target, p, recv);
      },
    });
    const multi = { disposition: "render", language: "", cardinality: "multi", partSemantics: "processAll", parts } as unknown as main.NestedPart;
    for (const format of ["tpl", "cbor"] as const) {
      reads = 0;
      const e = codecError(() => main.NestedPart[format].encode(multi));
      expect(e.path.startsWith("NestedPart")).toBe(true);
    }
  });

  it("a cyclic value fails up front with a short message, before anything is written", () => {
    const multi: Record<string, unknown> = { disposition: "render", language: "", cardinality: "multi", partSemantics: "processAll" };
    multi["parts"] = [multi, multi];
    for (const format of ["tpl", "cbor"] as const) {
      const e = codecError(() => main.NestedPart[format].encode(multi as unknown as main.NestedPart));
      expect(e.reason).toMatch(/nests deeper than maxDepth 4 \(or contains itself\)/);
      expect(e.message.length).toBeLessThan(300);
    }
  });
});

describe("a missing field is not an absent value", () => {
  it("undefined for a required nullable field is refused in both formats; only an omittable field may be left out", async () => {
    const cddl = codecsOf(await loadSource("A = [x: bstr / nil, ? y: uint]\n", "cddl"), "A");
    for (const codec of [cddl.cbor, cddl.tpl]) {
      const e = codecError(() => codec.encode({ y: 1 }));
      expect(e.path).toContain("x");
      expect(e.reason).toMatch(/undefined/);
      expect(codec.decode(codec.encode({ x: null }))).toEqual({ x: null });
    }
    const tpl = codecsOf(await loadSource("struct { optional<uint8> x; uint8 y; } A;\n", "tls"), "A");
    for (const codec of [tpl.cbor, tpl.tpl]) {
      expect(codecError(() => codec.encode({ y: 1 })).path).toContain("x");
      expect(codec.decode(codec.encode({ x: null, y: 1 }))).toEqual({ x: null, y: 1 });
    }
  });
});
