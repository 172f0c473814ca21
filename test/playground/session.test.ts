import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dirname as pDirname, join as pJoin, normalize as pNormalize, resolve as pResolve } from "../../src/extract/posix-path.js";
import { compileSource, loadCodecs } from "../../src/playground/compile-source.js";
import { renderDefinition, sourceExcerpt } from "../../src/playground/definition-text.js";
import { readInput, InputError } from "../../src/playground/read-input.js";
import { builtinSchema, decodeBytes, encodeJson, messageIdOf, sourceSchema } from "../../src/playground/session.js";
import { stateFromFragment, stateToFragment } from "../../src/playground/share-state.js";
import { findPath } from "../../src/playground/spans.js";
import { decodeItemWithOffsets } from "../../src/runtime/cddl/index.js";
import { toHex } from "../../src/runtime/index.js";
import { MimiContent, inReplyTo } from "../../generated/mimi-content-03/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/** The playground's page logic under Node: what the page shows is computed here. */
const EXAMPLES = join(DRAFTS, "mimi-content/03/examples");

describe.skipIf(!HAVE_DRAFTS)("decoding the draft's Reply example with byte spans", () => {
  const cbor = HAVE_DRAFTS ? new Uint8Array(readFileSync(join(EXAMPLES, "reply.cbor"))) : new Uint8Array();
  const schema = builtinSchema("mimi-content-03");

  it("places inReplyTo in the CBOR where the generic item decoder finds its item", () => {
    const r = decodeBytes(schema, "MimiContent", "cbor", cbor);
    if (!r.ok) throw new Error(r.error.message);
    const { item, offsets } = decodeItemWithOffsets(cbor);
    if (item.type !== "array") throw new Error("the Reply is an array");
    const span = findPath(r.spans.cbor, "MimiContent.inReplyTo")!;
    // the 4th item of the top-level array, up to where the 5th starts
    expect(span.start).toBe(offsets.get(item.items[3]!));
    expect(span.end).toBe(offsets.get(item.items[4]!));
    // every node with children starts where its first child's framing starts and ends where its last child ends
    const walk = (n: NonNullable<typeof span>): void => {
      if (n.children.length > 0) expect(n.children[n.children.length - 1]!.end).toBe(n.end);
      for (const c of n.children) walk(c);
    };
    walk(r.spans.cbor!);
  });

  it("places inReplyTo in the TPL encoding: its bytes after the presence octet decode as the inReplyTo it holds", () => {
    const r = decodeBytes(schema, "MimiContent", "cbor", cbor);
    if (!r.ok) throw new Error(r.error.message);
    const tpl = r.bytes.tpl!;
    expect(tpl.length).toBe(MimiContent.tpl.encode(r.value as MimiContent).length);
    const span = findPath(r.spans.tpl, "MimiContent.inReplyTo")!;
    expect(tpl[span.start]).toBe(1); // optional<inReplyTo>: present
    expect(inReplyTo.tpl.decode(tpl.subarray(span.start + 1, span.end))).toEqual((r.value as MimiContent).inReplyTo);
    // the per-field breakdown adds up to both sizes
    const sum = (f: "tpl" | "cbor") => r.fields.reduce((n, row) => n + row[f].framing + row[f].payload, 0);
    expect([sum("tpl"), sum("cbor")]).toEqual([tpl.length, cbor.length]);
  });

  it("reads the .pretty dump, the hex, base64 and the EDN of the example as the same bytes", () => {
    const same = (text: string, kind?: "hex" | "base64" | "edn") => {
      const r = readInput(text, kind ?? "auto");
      return r.kind === "bytes" ? toHex(r.bytes) : r.kind;
    };
    expect(same(readFileSync(join(EXAMPLES, "reply.pretty"), "utf8"))).toBe(toHex(cbor));
    expect(same(toHex(cbor).replace(/(..)/g, "$1 "))).toBe(toHex(cbor));
    expect(same(Buffer.from(cbor).toString("base64"))).toBe(toHex(cbor));
    expect(same(readFileSync(join(EXAMPLES, "reply.edn"), "utf8"), "edn")).toBe(toHex(cbor));
  });

  it("gives the message ID the main draft's EDN states for its Reply, from the value's own sender and room", () => {
    const main = builtinSchema("mimi-content-main");
    const bytes = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples/reply.cbor")));
    const edn = readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples/reply.edn"), "utf8");
    const stated = /message ID = h'([0-9a-f]+)\s*#\s*([0-9a-f]+)'/.exec(edn)!;
    const r = decodeBytes(main, "mimiContent", "cbor", bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(messageIdOf(r.value, bytes, "mimi://x/u/nobody", "mimi://x/r/nowhere")?.id).toBe(stated[1]! + stated[2]!);
  });
});

describe("a pasted source", () => {
  it("compiles in memory, and its generated codecs decode and encode", async () => {
    const src = compileSource("struct {\n  uint16 a;\n  opaque b<V>;\n  optional<uint8> c;\n} Foo;\n");
    expect(src.compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const codecs = await loadCodecs(src.compiled);
    const schema = sourceSchema(src.compiled.ir, codecs.module);
    const bytes = Uint8Array.from([0x01, 0x02, 0x02, 0xaa, 0xbb, 0x01, 0x07]);
    const r = decodeBytes(schema, "Foo", "tpl", bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.json).toEqual({ a: 258, b: "aabb", c: 7 });
    expect(findPath(r.spans.tpl, "Foo.b")).toMatchObject({ start: 2, end: 5 });
    expect(findPath(r.spans.tpl, "Foo.c")).toMatchObject({ start: 5, end: 7 });
    expect(toHex(r.bytes.cbor!)).toBe("83190102 42aabb 07".replace(/ /g, ""));
    const bad = decodeBytes(schema, "Foo", "tpl", bytes.subarray(0, 4));
    expect(bad).toMatchObject({ ok: false, error: { offset: 3, path: "Foo.b" } });
    // an edited value that does not fit is refused at its field
    expect(encodeJson(schema, "Foo", { a: 70000, b: "", c: null })).toMatchObject({ ok: false, error: { pointer: "/a" } });
  });

  it("places the fields of a CBOR map in encoded-key order, where the generic decoder finds them", async () => {
    const src = compileSource("msg = {\n  aa: tstr,\n  c: uint,\n  ? b: bool,\n}\n", "map.cddl");
    const schema = sourceSchema(src.compiled.ir, (await loadCodecs(src.compiled)).module);
    const r = encodeJson(schema, "msg", { aa: "hi", c: 300, b: true });
    if (!r.ok) throw new Error(r.error.message);
    const cbor = r.encodings.bytes.cbor!;
    const { item, offsets } = decodeItemWithOffsets(cbor);
    if (item.type !== "map") throw new Error("a map");
    // each field spans from its key to where the next entry's key starts (or the end)
    const starts = item.entries.map(([k]) => offsets.get(k)!);
    const label = (k: (typeof item.entries)[number][0]) => (k.type === "text" ? k.value : `(${k.type})`);
    item.entries.forEach(([k], i) => {
      expect(findPath(r.encodings.spans.cbor, `msg.${label(k)}`)).toMatchObject({ start: starts[i], end: starts[i + 1] ?? cbor.length });
    });
    expect(item.entries.map(([k]) => label(k))).toEqual(["b", "c", "aa"]);
  });

  it("reports a broken struct at its line, and the types pane shows the source's own text", () => {
    const text = ["struct {", "  uint16 a;", "  strin name;", "} Bad;", "", "struct {", "  uint8 x;", "} Good;"].join("\n");
    const src = compileSource(text);
    const errors = src.compiled.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.loc.line, d.loc.col])).toEqual([[3, 3]]);
    const good = src.compiled.ir.definitions.find((d) => d.name === "Good")!;
    expect(sourceExcerpt(text, good)).toBe("struct {\n  uint8 x;\n} Good;");
  });

  it("a CDDL text compiles too, and a built-in's definition is written out from its IR", () => {
    const src = compileSource("msg = [\n  id: uint,\n  ? note: tstr,\n]\n", "msg.cddl");
    const msg = src.compiled.ir.definitions.find((d) => d.name === "msg")!;
    expect(sourceExcerpt(src.text, msg)).toBe("msg = [\n  id: uint,\n  ? note: tstr,\n]");
    const mc = builtinSchema("mimi-content-03").doc.definitions.find((d) => d.name === "inReplyTo")!;
    expect(renderDefinition(mc)).toMatch(/^struct \{\n {2}MessageId message;\n {2}HashAlgorithm hashAlg;\n {2}bytes<V> replyToHash;\n\} inReplyTo;$/);
  });
});

describe("input the bytes pane refuses", () => {
  it("says where: odd hex, bad base64, EDN with its line and column", () => {
    expect(() => readInput("0x0a0\n", "hex")).toThrow(InputError);
    expect(() => readInput("ab$c", "base64")).toThrow(/not base64/);
    const e = (() => {
      try {
        readInput("[1,\n 2, ]]", "edn");
      } catch (x) {
        return x as InputError;
      }
    })();
    expect(e).toBeInstanceOf(InputError);
    expect(e?.line).toBe(2);
  });
});

describe("the shared state", () => {
  it("survives the fragment, and a hostile fragment gives nothing it should not", async () => {
    const state = { doc: "mimi-content-03", type: "MimiContent", input: "87 f6 40", inputKind: "hex", format: "cbor" as const };
    expect(await stateFromFragment(await stateToFragment(state))).toEqual(state);
    expect(await stateFromFragment("#s=not-deflate")).toBeNull();
    expect(await stateFromFragment("#other")).toBeNull();
    const hostile = await stateToFragment({ doc: 5, format: "x", extra: "y", type: "T" } as never);
    expect(await stateFromFragment(hostile)).toEqual({ type: "T" });
  });
});

describe("POSIX paths without node:path", () => {
  it("agree with node:path.posix", () => {
    const cases = ["a/b/../c", "/a//b/./c/", "../x/../../y", "/..", "", ".", "a/", "/"];
    for (const c of cases) {
      expect(pNormalize(c === "" ? "." : c).replace(/\/$/, "") || "/").toBe(posix.normalize(c === "" ? "." : c).replace(/(.)\/$/, "$1"));
      expect(pDirname(c)).toBe(posix.dirname(c));
      expect(pJoin("base", c)).toBe(posix.join("base", c).replace(/(.)\/$/, "$1"));
      expect(pResolve("/root", c)).toBe(posix.resolve("/root", c));
    }
    expect(pResolve("rel")).toBe(posix.resolve("rel"));
  });
});
