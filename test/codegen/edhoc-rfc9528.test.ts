import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchema } from "../../src/cli/load-schema.js";
import { toHex } from "../../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { failure, hex } from "./helpers.js";

/**
 * RFC 9528 (EDHOC) from its own CDDL: its messages are group rules, each a
 * CBOR sequence (RFC 8742), not an array. Checked against the messages of
 * RFC 9529's second trace (method 3, cipher suites [6, 2]; also its first
 * attempt with suite 6 only) and an EAD_1 carried in message_1.
 */
const TRACE = {
  message_1: "0382060258208af6f430ebe18d34184017a9a11bf511c8dff8f834730b96c1b7c8dbca2fc3b637",
  message_1_first_attempt: "03065820741a13d7ba048fbb615e94386aa3b61bea5b3d8f65f32620b749bee8d278efa90e",
  message_1_with_ead: "0382060258208af6f430ebe18d34184017a9a11bf511c8dff8f834730b96c1b7c8dbca2fc3b6370158287818636f61703a2f2f656e726f6c6c6d656e742e7365727665724dda9784962883c96ed01ff122c3",
  message_2: "582b419701d7f00a26c2dc587a36dd752549f33763c893422c8ea0f955a13a4ff5d59862a1eef9e0e7e1886fcd",
  message_3: "52e562097bc417dd5919485ac7891ffd90a9fc",
  message_4: "4828c966b7ca304f83",
  PLAINTEXT_2: "273248fa5efa2ebf920bf3",
} as const;

describe.skipIf(!HAVE_DRAFTS)("RFC 9528 (EDHOC) messages as CBOR sequences", () => {
  let m: Record<string, any>;
  beforeAll(async () => {
    m = (await loadSchema(join(DRAFTS, "cddl-rfcs", "rfc9528.cddl"))).module as Record<string, any>;
  }, 60_000);

  it.each(Object.entries(TRACE))("%s decodes and encodes back byte for byte", (name, bytes) => {
    const type = name.startsWith("message_1") ? "message_1" : name;
    const value = m[type]!.cbor.decode(hex(bytes));
    expect(toHex(m[type]!.cbor.encode(value))).toBe(bytes);
  });

  it("message_1's items are the sequence's items: METHOD 3, SUITES_I [6, 2], G_X, C_I -24 (one byte, 0x37)", () => {
    const v = m.message_1.cbor.decode(hex(TRACE.message_1));
    expect(v.METHOD).toBe(3n);
    expect(v.SUITES_I).toEqual([6n, 2n]);
    expect(toHex(v.G_X)).toBe("8af6f430ebe18d34184017a9a11bf511c8dff8f834730b96c1b7c8dbca2fc3b6");
    expect(v.C_I).toBe(-24n);
    expect(m.message_1.cbor.decode(hex(TRACE.message_1_first_attempt)).SUITES_I).toBe(6n);
  });

  it("an EAD item after C_I is read as EAD_1 (label 1, value a byte string)", () => {
    const v = m.message_1.cbor.decode(hex(TRACE.message_1_with_ead));
    expect(v.EAD_1.length).toBe(1);
    expect(v.EAD_1[0].ead_label).toBe(1n);
    expect(v.EAD_1[0].ead_value.length).toBe(40);
  });

  it("PLAINTEXT_2: C_R -8 and ID_CRED_R -19 as one-byte integers, then the MAC", () => {
    const v = m.PLAINTEXT_2.cbor.decode(hex(TRACE.PLAINTEXT_2));
    expect(v.C_R).toBe(-8n);
    expect(v.ID_CRED_R).toBe(-19n);
    expect(toHex(v.Signature_or_MAC_2)).toBe("fa5efa2ebf920bf3");
  });

  it("a message built from the generated type encodes as the trace's bytes", () => {
    const built = { METHOD: 3n, SUITES_I: [6n, 2n], G_X: hex("8af6f430ebe18d34184017a9a11bf511c8dff8f834730b96c1b7c8dbca2fc3b6"), C_I: -24n, EAD_1: [] };
    expect(toHex(m.message_1.cbor.encode(built))).toBe(TRACE.message_1);
    expect(toHex(m.message_4.cbor.encode({ CIPHERTEXT_4: hex("28c966b7ca304f83") }))).toBe(TRACE.message_4);
  });

  it("a connection identifier outside -24..23 that is not a byte string is refused with its field", () => {
    // C_I = 24 (0x18 0x18) is neither bstr nor in -24..23
    const f = failure(() => m.message_1.cbor.decode(hex("03065820741a13d7ba048fbb615e94386aa3b61bea5b3d8f65f32620b749bee8d278efa91818")));
    expect(f.path).toContain("C_I");
    expect(f.offset).toBe(36);
  });

  it("a truncated sequence and trailing bytes are refused", () => {
    expect(failure(() => m.message_1.cbor.decode(hex(TRACE.message_1).subarray(0, 20))).offset).toBeGreaterThan(0);
    expect(() => m.message_4.cbor.decode(hex(TRACE.message_4 + "00"))).toThrow();
  });
});
