import { join } from "node:path";
import { Encoder } from "cbor-x";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSchema } from "../../src/cli/load-schema.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { failure, hex, norm } from "./helpers.js";
import { toHex } from "../../src/runtime/index.js";

/**
 * RFC 9052's own CDDL (COSE structures), compiled as a user would compile
 * it, against the COSE working group's example messages (cose-wg/Examples:
 * sign1-pass-01, sign-pass-01, enc-pass-01, mac-pass-01) and against an
 * independent CBOR encoder (cbor-x) for the structures that are signed.
 */
const VECTORS = {
  COSE_Sign1_Tagged:
    "D28441A0A201260442313154546869732069732074686520636F6E74656E742E5840EAE868ECC176883766C5DC5BA5B8DCA25DAB3C2E56A551CE5705B793914348E11A02E5F0344BF2D4EE5C7FD75A68A9F5E0B3CC1F1FC1409C189566586FF9D610",
  COSE_Sign_Tagged:
    "D8628441A0A054546869732069732074686520636F6E74656E742E818343A10126A1044231315840EAE868ECC176883766C5DC5BA5B8DCA25DAB3C2E56A551CE5705B793914348E14EEA4AEE6E0C9F09DB4EF3DDECA8F3506CD1A98A8FB64327BE470355C9657CE0",
  COSE_Encrypt0_Tagged: "D08341A0A20101054C02D1F7E6F26C43D4868D87CE582460973A94BB2898009EE52ECFD9AB1DD25867374BD6170F4A3ED6A739B4B0A9BD4535116B",
  COSE_Mac0_Tagged: "D18441A0A1010554546869732069732074686520636F6E74656E742E5820176DCE14C1E57430C13658233F41DC89AA4FA0FF9B8783F23B0EF51CA6B026BC",
} as const;

const content = new TextEncoder().encode("This is the content.");
// cbor-x writes a Uint8Array as a plain byte string only when told to
const cborx = new Encoder({ tagUint8Array: false, useRecords: false, mapsAsObjects: false });

describe.skipIf(!HAVE_DRAFTS)("RFC 9052 (COSE) from its own CDDL", () => {
  let m: Record<string, any>;
  beforeAll(async () => {
    m = (await loadSchema(join(DRAFTS, "cddl-rfcs", "rfc9052.cddl"))).module as Record<string, any>;
  }, 60_000);

  it.each(Object.entries(VECTORS))("%s: the working group's example decodes and encodes back byte for byte, also as a COSE_Tagged_Message", (type, bytes) => {
    const value = m[type]!.cbor.decode(hex(bytes));
    expect(toHex(m[type]!.cbor.encode(value))).toBe(norm(bytes));
    const any = m.COSE_Tagged_Message.cbor.decode(hex(bytes));
    expect(toHex(m.COSE_Tagged_Message.cbor.encode(any))).toBe(norm(bytes));
  });

  it("the decoded COSE_Sign1 has its header map's labels as fields (alg -7, kid '11') and its payload", () => {
    const v = m.COSE_Sign1_Tagged.cbor.decode(hex(VECTORS.COSE_Sign1_Tagged));
    expect(v.protected).toEqual(new Uint8Array([0xa0]));
    expect(v.unprotected.key1).toBe(-7n);
    expect(v.unprotected.key4).toEqual(new TextEncoder().encode("11"));
    expect(v.payload).toEqual(content);
    expect(v.signature.length).toBe(64);
  });

  it("the signer of a COSE_Sign carries its own protected header (alg -7)", () => {
    const v = m.COSE_Sign_Tagged.cbor.decode(hex(VECTORS.COSE_Sign_Tagged));
    expect(v.signatures.length).toBe(1);
    expect(v.signatures[0].protected).toEqual(new Uint8Array([0xa1, 0x01, 0x26]));
    expect(v.signatures[0].unprotected.key4).toEqual(new TextEncoder().encode("11"));
  });

  it("a tagged message given as the untagged type is refused at the tag, with the type's name", () => {
    const f = failure(() => m.COSE_Sign1.cbor.decode(hex(VECTORS.COSE_Sign1_Tagged)));
    expect(f.offset).toBe(0);
    expect(f.path).toContain("COSE_Sign1");
  });

  it("an untagged COSE_Mac0 is the same on the wire as a COSE_Sign1: through COSE_Messages it decodes as a Sign1, and the encoder refuses to write what would decode as the other", () => {
    const untaggedMac0 = hex(VECTORS.COSE_Mac0_Tagged).subarray(1);
    const asMessage = m.COSE_Messages.cbor.decode(untaggedMac0);
    // the decoded value is the Sign1 reading (field `signature`, not `tag`)
    expect(Object.keys(asMessage)).toContain("signature");
    const mac0 = m.COSE_Mac0.cbor.decode(untaggedMac0);
    expect(() => m.COSE_Messages.cbor.encode(mac0)).toThrow(/would decode differently/);
  });

  it("Sig_structure for a COSE_Sign signer matches an independent encoder's bytes and decodes back", () => {
    const v = { context: "Signature", body_protected: new Uint8Array([0xa0]), sign_protected: new Uint8Array([0xa1, 0x01, 0x26]), external_aad: new Uint8Array(0), payload: content };
    const ours = m.Sig_structure.cbor.encode(v);
    const theirs = cborx.encode(["Signature", v.body_protected, v.sign_protected, v.external_aad, v.payload]);
    expect(toHex(ours)).toBe(toHex(new Uint8Array(theirs)));
    expect(m.Sig_structure.cbor.decode(ours)).toEqual(v);
  });

  it("Sig_structure for COSE_Sign1 with an empty external_aad is refused: under RFC 8610's greedy matching the optional sign_protected takes external_aad (a finding in RFC 9052's CDDL)", () => {
    const v = { context: "Signature1", body_protected: new Uint8Array([0xa0]), external_aad: new Uint8Array(0), payload: content };
    const f = failure(() => m.Sig_structure.cbor.encode(v));
    expect(f.reason).toMatch(/optional or repeated field takes items meant for the next/);
  });

  it("a COSE_Key (RFC 9052 Appendix C.7 style EC2 key) decodes into its labels and encodes back; its bytes equal an independent encoder's", () => {
    const x = hex("65eda5a12577c2bae829437fe338701a10aaa375e1bb5b5de108de439c08551d");
    const y = hex("1e52ed75701163f7f9e40ddf9f341b3dc9ba860af7e0ca7ca7e9eecd0084d19c");
    const theirs = new Uint8Array(cborx.encode(new Map<number, unknown>([[1, 2], [-1, 1], [-2, x], [-3, y]])));
    const key = m.COSE_Key.cbor.decode(theirs);
    expect(toHex(m.COSE_Key.cbor.encode(key))).toBe(toHex(theirs));
  });
});
