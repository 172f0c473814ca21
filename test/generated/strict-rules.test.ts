import { describe, expect, it } from "vitest";
import * as mls from "../../generated/rfc9420/index.js";
import * as tls from "../../generated/rfc8446/index.js";
import { CodecError, isCodecError } from "../../src/runtime/index.js";

/**
 * The README's "Runtime rules" through the generated codecs: every
 * decoder rejects malformed input with a CodecError that names the byte
 * offset and the field path, and every encoder rejects bad values (offset
 * -1). Inputs are written by hand in hex; each type also gets a valid round
 * trip so the bad inputs are known to differ from a good one only where
 * intended.
 */

/** Hex with spaces for readability -> bytes. */
function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex: ${s}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Run f, expect a CodecError, return it. */
function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    expect(isCodecError(e)).toBe(true);
    return e as CodecError;
  }
  throw new Error("expected a CodecError, but nothing was thrown");
}

function expectFailure(f: () => unknown, want: { offset: number; path: string; reason: RegExp }): void {
  const e = codecError(f);
  expect({ offset: e.offset, path: e.path }).toEqual({ offset: want.offset, path: want.path });
  expect(e.reason).toMatch(want.reason);
  expect(e.message).toContain(`at offset ${want.offset}`);
}

// ------------------------------------------------------------------ valid values and their bytes

const emptyCommit: mls.Commit = { proposals: [], path: null };
const EMPTY_COMMIT = "00 00"; // proposals<V> = 0 bytes, path absent

const leafNode = {
  encryption_key: hex("aa"),
  signature_key: hex("bb"),
  credential: { credential_type: "basic", identity: hex("cc") },
  capabilities: { versions: ["mls10"], cipher_suites: [], extensions: [], proposals: [], credentials: ["basic"] },
  leaf_node_source: "update",
  extensions: [],
  signature: hex("dd"),
} as unknown as mls.LeafNode;
const commitWithPath: mls.Commit = { proposals: [], path: { leaf_node: leafNode, nodes: [] } };
const COMMIT_WITH_PATH = [
  "00", // proposals<V>
  "01", // path present
  "01 aa", // leaf_node.encryption_key<V>
  "01 bb", // signature_key<V>
  "0001 01 cc", // credential: basic, identity<V>
  "02 0001 00 00 00 02 0001", // capabilities: versions [mls10], 3 empty vectors, credentials [basic]
  "02", // leaf_node_source = update
  "00", // extensions<V>
  "01 dd", // signature<V>
  "00", // nodes<V>
].join(" ");

const parentNode: mls.ParentNode = { encryption_key: hex("01"), parent_hash: hex(""), unmerged_leaves: [1, 2] };
const PARENT_NODE = "01 01  00  08 00000001 00000002";

const RANDOM = "11".repeat(32);
const clientHello: tls.ClientHello = {
  legacy_version: 0x0303,
  random: hex(RANDOM),
  legacy_session_id: hex(""),
  cipher_suites: [hex("1301")],
  legacy_compression_methods: hex("00"),
  extensions: [
    { extension_type: "server_name", extension_data: hex("") },
    { extension_type: "supported_versions", extension_data: hex("") },
  ],
};
// offsets: version 0-1, random 2-33, session_id length at 34, cipher_suites length at 35 (content 37-38),
// compression length at 39 (content 40), extensions length at 41 (content 43-50)
const CLIENT_HELLO = `0303 ${RANDOM} 00 0002 1301 01 00 0008 0000 0000 002b 0000`;
/** ClientHello bytes with other session id / cipher suites / extensions parts. */
const clientHelloHex = (p: { session?: string; suites?: string; ext?: string } = {}) =>
  `0303 ${RANDOM} ${p.session ?? "00"} ${p.suites ?? "0002 1301"} 01 00 ${p.ext ?? "0008 0000 0000 002b 0000"}`;

const serverHello: tls.ServerHello = {
  legacy_version: 0x0303,
  random: hex(RANDOM),
  legacy_session_id_echo: hex(""),
  cipher_suite: hex("1301"),
  legacy_compression_method: 0,
  extensions: [
    { extension_type: "supported_versions", extension_data: hex("0304") },
  ],
};
const SERVER_HELLO = `0303 ${RANDOM} 00 1301 00 0006 002b 0002 0304`;

const privateMessage: mls.PrivateMessage = {
  group_id: hex(""),
  epoch: 1n,
  content_type: "application",
  authenticated_data: hex(""),
  encrypted_sender_data: hex(""),
  ciphertext: hex("ee"),
};
// group_id at 0, epoch 1-8, content_type at 9, then three <V> vectors
const PRIVATE_MESSAGE = "00 0000000000000001 01 00 00 01 ee";

const APP = { context: { "PrivateMessage.content_type": "application" } } as const;
const COMMIT = { context: { "PrivateMessage.content_type": "commit" } } as const;
const appContent = { application_data: hex("ff"), auth: { signature: hex("") }, padding: hex("0000") } as mls.PrivateMessageContent;
// application_data<V> at 0-1, auth.signature<V> at 2, padding 3-4
const APP_CONTENT = "01 ff 00 0000";
const commitContent = { commit: emptyCommit, auth: { signature: hex(""), confirmation_tag: hex("0102") }, padding: hex("") } as mls.PrivateMessageContent;
const COMMIT_CONTENT = `${EMPTY_COMMIT} 00 02 0102`;

describe("valid round trips (the bad inputs below differ from these only where intended)", () => {
  const cases: Array<[string, { encode(v: never, o?: never): Uint8Array; decode(b: Uint8Array, o?: never): unknown }, unknown, string, object?]> = [
    ["Commit, path absent", mls.Commit.tpl, emptyCommit, EMPTY_COMMIT],
    ["Commit, path present", mls.Commit.tpl, commitWithPath, COMMIT_WITH_PATH],
    ["ParentNode", mls.ParentNode.tpl, parentNode, PARENT_NODE],
    ["PrivateMessage", mls.PrivateMessage.tpl, privateMessage, PRIVATE_MESSAGE],
    ["PrivateMessageContent, application", mls.PrivateMessageContent.tpl, appContent, APP_CONTENT, APP],
    ["PrivateMessageContent, commit (FramedContent.content_type through the context alias)", mls.PrivateMessageContent.tpl, commitContent, COMMIT_CONTENT, COMMIT],
    ["ClientHello", tls.ClientHello.tpl, clientHello, CLIENT_HELLO],
    ["ServerHello", tls.ServerHello.tpl, serverHello, SERVER_HELLO],
  ];
  it.each(cases)("%s", (_name, codec, value, bytes, options) => {
    const encoded = codec.encode(value as never, options as never);
    expect(toHex(encoded)).toBe(toHex(hex(bytes)));
    expect(codec.decode(hex(bytes), options as never)).toEqual(value);
  });
});

// ------------------------------------------------------------------ decode

describe("decode: varint lengths (RFC 9420 section 2.1.2)", () => {
  it("a non-minimal 2-byte varint (0 as 0x4000) is rejected at its first byte", () => {
    expectFailure(() => mls.Commit.tpl.decode(hex("4000 00")), { offset: 0, path: "Commit.proposals", reason: /non-minimal varint: 0 encoded in 2 bytes/ });
  });

  it("a non-minimal 2-byte varint in the middle of a struct names that field", () => {
    // encryption_key<V> = 01 01, parent_hash<V> = 1 written as 0x4001
    expectFailure(() => mls.ParentNode.tpl.decode(hex("01 01  4001 ff  00")), { offset: 2, path: "ParentNode.parent_hash", reason: /non-minimal varint: 1 encoded in 2 bytes/ });
  });

  it("a non-minimal 4-byte varint (63 as 0x8000003f) is rejected", () => {
    expectFailure(() => mls.ParentNode.tpl.decode(hex(`01 01 00 8000003f`)), { offset: 3, path: "ParentNode.unmerged_leaves", reason: /non-minimal varint: 63 encoded in 4 bytes/ });
  });

  it("the prefix 0b11 is invalid", () => {
    expectFailure(() => mls.Commit.tpl.decode(hex("c0 00 00 00 00 00 00 00 00")), { offset: 0, path: "Commit.proposals", reason: /invalid varint prefix 0b11/ });
    expectFailure(() => mls.ParentNode.tpl.decode(hex("00 00 ff")), { offset: 2, path: "ParentNode.unmerged_leaves", reason: /invalid varint prefix 0b11/ });
  });
});

describe("decode: optional<T> presence byte", () => {
  it("2 and 0xff are rejected at the presence byte of Commit.path", () => {
    expectFailure(() => mls.Commit.tpl.decode(hex("00 02")), { offset: 1, path: "Commit.path", reason: /presence byte must be 0 or 1, got 2/ });
    expectFailure(() => mls.Commit.tpl.decode(hex("00 ff")), { offset: 1, path: "Commit.path", reason: /presence byte must be 0 or 1, got 255/ });
  });

  it("a missing presence byte is truncation at the end of the input", () => {
    expectFailure(() => mls.Commit.tpl.decode(hex("00")), { offset: 1, path: "Commit.path", reason: /truncated/ });
  });
});

describe("decode: truncation and trailing bytes", () => {
  it("a vector length larger than the rest of the input fails at the length, before allocating", () => {
    expectFailure(() => mls.Commit.tpl.decode(hex("05 00")), { offset: 0, path: "Commit.proposals", reason: /length 5 exceeds remaining 1 bytes/ });
    expectFailure(() => mls.ParentNode.tpl.decode(hex("01 01 00 08 00000001")), { offset: 3, path: "ParentNode.unmerged_leaves", reason: /length 8 exceeds remaining 4 bytes/ });
  });

  it("an opaque<V> longer than the input is truncation at its content", () => {
    expectFailure(() => mls.PrivateMessage.tpl.decode(hex("00 0000000000000001 01 00 00 05 ee")), { offset: 13, path: "PrivateMessage.ciphertext", reason: /truncated: need 5 bytes, have 1/ });
  });

  it("a truncated uint64 fails where it starts", () => {
    expectFailure(() => mls.PrivateMessage.tpl.decode(hex("00 00000000")), { offset: 1, path: "PrivateMessage.epoch", reason: /truncated: need 8 bytes, have 4/ });
  });

  it("a truncated fixed array (Random) fails where it starts", () => {
    expectFailure(() => tls.ClientHello.tpl.decode(hex("0303 1111")), { offset: 2, path: "ClientHello.random", reason: /truncated: need 32 bytes, have 2/ });
  });

  it("a trailing byte after a whole value is rejected at that byte, with the root type as path", () => {
    expectFailure(() => mls.Commit.tpl.decode(hex(EMPTY_COMMIT + " 00")), { offset: 2, path: "Commit", reason: /1 trailing bytes/ });
    expectFailure(() => tls.ClientHello.tpl.decode(hex(CLIENT_HELLO + " 00")), { offset: 51, path: "ClientHello", reason: /1 trailing bytes/ });
  });
});

describe("decode: vector byte length that is not a whole number of elements", () => {
  it("ClientHello.cipher_suites<2..2^16-2> with 3 bytes is rejected at the incomplete element", () => {
    const e = codecError(() => tls.ClientHello.tpl.decode(hex(clientHelloHex({ suites: "0003 1301 13" }))));
    expect(e.path).toBe("ClientHello.cipher_suites[1]");
    expect(e.reason).toMatch(/not a whole number of elements/);
  });

  it("ParentNode.unmerged_leaves (uint32) with 5 bytes is rejected inside the vector", () => {
    const e = codecError(() => mls.ParentNode.tpl.decode(hex("01 01 00 05 00000001 02")));
    expect(e.offset).toBe(8);
    expect(e.path.startsWith("ParentNode.unmerged_leaves")).toBe(true);
  });

  // Elements are read within the vector's own end (TplReader.narrow), so an
  // incomplete last element never reads the next field's bytes.
  it("the odd cipher_suites error is at the incomplete element, inside the vector", () => {
    expectFailure(() => tls.ClientHello.tpl.decode(hex(clientHelloHex({ suites: "0003 1301 13" }))), {
      offset: 39,
      path: "ClientHello.cipher_suites[1]",
      reason: /not a whole number of elements/,
    });
  });

  // When the vector ends the input, the incomplete element is a malformed
  // vector, not truncated input.
  it("a 5-byte uint32 vector is reported as a malformed vector, not as truncated input", () => {
    expectFailure(() => mls.ParentNode.tpl.decode(hex("01 01 00 05 00000001 02")), {
      offset: 8,
      path: "ParentNode.unmerged_leaves[1]",
      reason: /not a whole number of elements/,
    });
  });
});

describe("decode: declared vector bounds", () => {
  it("legacy_session_id<0..32> with a length of 33 fails at the length", () => {
    expectFailure(() => tls.ClientHello.tpl.decode(hex(clientHelloHex({ session: "21 " + "00".repeat(33) }))), {
      offset: 34,
      path: "ClientHello.legacy_session_id",
      reason: /length 33 outside 0\.\.32/,
    });
  });

  it("cipher_suites<2..2^16-2> with 0 bytes and extensions<8..2^16-1> with 4 bytes fail at their lengths", () => {
    expectFailure(() => tls.ClientHello.tpl.decode(hex(clientHelloHex({ suites: "0000" }))), {
      offset: 35,
      path: "ClientHello.cipher_suites",
      reason: /length 0 outside 2\.\.65534/,
    });
    expectFailure(() => tls.ClientHello.tpl.decode(hex(clientHelloHex({ ext: "0004 0000 0000" }))), {
      offset: 41,
      path: "ClientHello.extensions",
      reason: /length 4 outside 8\.\.65535/,
    });
  });
});

describe("decode: enums", () => {
  it("an unknown value of a closed enum (ContentType 9) fails at the value", () => {
    expectFailure(() => mls.PrivateMessage.tpl.decode(hex("00 0000000000000001 09 00 00 01 ee")), {
      offset: 9,
      path: "PrivateMessage.content_type",
      reason: /unknown ContentType value 9/,
    });
  });

  it("an unknown value of a closed TLS enum in a vector element names the index", () => {
    // HandshakeType stays closed; a KeyShareEntry's group is the open NamedGroup, so use Alert
    expectFailure(() => tls.Alert.tpl.decode(hex("02 07")), {
      offset: 1,
      path: "Alert.description",
      reason: /unknown AlertDescription value 7/,
    });
  });

  // ExtensionType is an IANA registry and RFC 8446 section 4.2 says
  // unrecognized extensions are ignored (GREASE, RFC 8701, sends them on
  // purpose): the rfc8446 config opens it, and the number is kept.
  it("a ClientHello with an unregistered extension type decodes and keeps the number", () => {
    const v = tls.ClientHello.tpl.decode(hex(clientHelloHex({ ext: "0008 0000 0000 0a0a 0000" })));
    expect(v.extensions).toHaveLength(2);
    expect(v.extensions[1]!.extension_type).toBe(2570);
  });
});

describe("decode: padding and the codec context", () => {
  it("a non-zero padding byte in PrivateMessageContent fails at that byte", () => {
    expectFailure(() => mls.PrivateMessageContent.tpl.decode(hex("01 ff 00 00 01"), APP), {
      offset: 4,
      path: "PrivateMessageContent.padding",
      reason: /padding byte 1 is not zero/,
    });
  });

  it("without PrivateMessage.content_type in the context, decoding fails at the start", () => {
    expectFailure(() => mls.PrivateMessageContent.tpl.decode(hex(APP_CONTENT)), {
      offset: 0,
      path: "PrivateMessageContent",
      reason: /the codec context must give PrivateMessage\.content_type/,
    });
  });

  it("a context value that is no case of the select is rejected", () => {
    expectFailure(() => mls.PrivateMessageContent.tpl.decode(hex(APP_CONTENT), { context: { "PrivateMessage.content_type": "reserved" } }), {
      offset: 0,
      path: "PrivateMessageContent",
      reason: /no case for PrivateMessage\.content_type = "reserved"/,
    });
  });
});

// ------------------------------------------------------------------ encode

describe("encode: values are checked before anything is written (offset -1)", () => {
  it("uint8 out of range (ServerHello.legacy_compression_method = 256)", () => {
    expectFailure(() => tls.ServerHello.tpl.encode({ ...serverHello, legacy_compression_method: 256 }), {
      offset: -1,
      path: "ServerHello.legacy_compression_method",
      reason: /expected uint8, got 256/,
    });
    expectFailure(() => tls.ServerHello.tpl.encode({ ...serverHello, legacy_compression_method: -1 }), {
      offset: -1,
      path: "ServerHello.legacy_compression_method",
      reason: /expected uint8, got -1/,
    });
  });

  it("uint32 out of range inside a vector names the element", () => {
    expectFailure(() => mls.ParentNode.tpl.encode({ ...parentNode, unmerged_leaves: [1, 2 ** 32] }), {
      offset: -1,
      path: "ParentNode.unmerged_leaves[1]",
      reason: /expected uint32, got 4294967296/,
    });
  });

  it("wrong JS types: a string for a vector, a number for a uint64, a string for bytes, a string for a uint8", () => {
    expectFailure(() => mls.Commit.tpl.encode({ proposals: "x", path: null } as never), { offset: -1, path: "Commit.proposals", reason: /expected an array, got "x"/ });
    expectFailure(() => mls.PrivateMessage.tpl.encode({ ...privateMessage, epoch: 1 } as never), { offset: -1, path: "PrivateMessage.epoch", reason: /expected uint64 \(bigint\), got 1/ });
    expectFailure(() => mls.PrivateMessage.tpl.encode({ ...privateMessage, group_id: "g" } as never), { offset: -1, path: "PrivateMessage.group_id", reason: /expected bytes \(Uint8Array\), got "g"/ });
    expectFailure(() => tls.ServerHello.tpl.encode({ ...serverHello, legacy_compression_method: "0" } as never), { offset: -1, path: "ServerHello.legacy_compression_method", reason: /expected uint8, got "0"/ });
  });

  it("a value that is not an object, and a nested one", () => {
    expectFailure(() => mls.Commit.tpl.encode(null as never), { offset: -1, path: "Commit", reason: /expected an object, got null/ });
    expectFailure(() => mls.Commit.tpl.encode({ proposals: [], path: 5 } as never), { offset: -1, path: "Commit.path", reason: /expected an object, got 5/ });
  });

  it("an unknown enum name", () => {
    const e = codecError(() => mls.PrivateMessage.tpl.encode({ ...privateMessage, content_type: "bogus" } as never));
    expect([e.offset, e.path]).toEqual([-1, "PrivateMessage.content_type"]);
  });

  it("vectors outside their declared bounds", () => {
    expectFailure(() => tls.ClientHello.tpl.encode({ ...clientHello, legacy_session_id: new Uint8Array(33) }), {
      offset: -1,
      path: "ClientHello.legacy_session_id",
      reason: /length 33 outside 0\.\.32/,
    });
    expectFailure(() => tls.ClientHello.tpl.encode({ ...clientHello, cipher_suites: [] }), {
      offset: -1,
      path: "ClientHello.cipher_suites",
      reason: /length 0 outside 2\.\.65534/,
    });
    expectFailure(() => tls.ClientHello.tpl.encode({ ...clientHello, random: new Uint8Array(31) }), {
      offset: -1,
      path: "ClientHello.random",
      reason: /length 31 outside 32\.\.32/,
    });
  });

  it("a length its prefix cannot hold (opaque<0..2^16-1> of 65536 bytes) instead of a truncated prefix", () => {
    expectFailure(() => tls.Extension.tpl.encode({ extension_type: "server_name", extension_data: new Uint8Array(65536) }), {
      offset: -1,
      path: "Extension.extension_data",
      reason: /length 65536 outside 0\.\.65535/,
    });
    expect(tls.Extension.tpl.encode({ extension_type: "server_name", extension_data: new Uint8Array(65535) }).length).toBe(2 + 2 + 65535);
  });

  it("non-zero padding is rejected on encode too", () => {
    expectFailure(() => mls.PrivateMessageContent.tpl.encode({ ...appContent, padding: hex("0001") }, APP), {
      offset: -1,
      path: "PrivateMessageContent.padding",
      reason: /padding byte 1 is not zero/,
    });
  });

  it("encoding without the codec context fails", () => {
    expectFailure(() => mls.PrivateMessageContent.tpl.encode(appContent), {
      offset: -1,
      path: "PrivateMessageContent",
      reason: /the codec context must give PrivateMessage\.content_type/,
    });
  });
});

describe("CBOR map records with a rest of unknown entries (mimi-content-main extensions)", () => {
  it("a rest key must fit the key type's bounds, not only its JavaScript type (fuzz finding F7)", async () => {
    const main = await import("../../generated/mimi-content-main/index.js");
    // {"": h''}: the empty text key is not a `name` (tstr .size (1..255))
    const e = codecError(() => main.extensions.cbor.decode(hex("a1 60 40")));
    expect(e.offset).toBe(1);
    expect(e.path).toBe("extensions.unknownExtension");
    expect(e.message).toMatch(/map key "" does not match union/);
    // the fuzzer's minimal input: an indefinite-length empty text key
    expect(() => main.extensions.cbor.decode(hex("a27fff1bffff3f7465616d190000"))).toThrow(CodecError);
    // a one-character key and an integer key are fine, and encode back
    const ok = main.extensions.cbor.decode(hex("a2 18 63 40 61 78 40"));
    expect(toHex(main.extensions.cbor.encode(ok))).toBe("a2186340617840");
  });
});
