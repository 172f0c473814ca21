import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_DOCUMENTS, loadBuiltinConfig } from "../../src/compile/builtin.js";
import { loadBuiltinIr } from "../../src/compile/load-definitions.js";
import { TypeScope } from "../../src/ir/type-scope.js";
import { isCodecError, toHex } from "../../src/runtime/index.js";
import { arbitraryWithContext } from "../../src/testing/arbitrary-from-ir.js";
import { toPortableSchema } from "../../src/validate/index.js";
import { Browser, findChromium, type Page } from "../helpers/chromium.js";
import { ROOT, runtimeStaleness } from "../helpers/package-metrics.js";
import { schemaOf } from "../validate/helpers.js";

/**
 * Every entry of @mimi-codec/runtime, bundled by esbuild for the browser
 * from the built package and run in headless Chromium (issue 13): no Node
 * built-in resolves into a bundle, `Buffer` and `process` are absent in
 * the page, and every codec of every built-in document decodes the bytes
 * Node encoded for values drawn from its IR and encodes them again byte
 * for byte, through the document's entry and through its one-format entry.
 * The pipeline (mimi-codec/pipeline, from source) runs the draft's whole
 * conversation over MLS in the page. Skips, saying why, without Chromium.
 */
const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn("skipping the Chromium run of the runtime package: no chromium on PATH (apt-get install -y chromium, or set CHROMIUM)");

const SEED = 0x62726f77;
const contextAliases: Record<string, string> = {};
for (const d of BUILTIN_DOCUMENTS) Object.assign(contextAliases, loadBuiltinConfig(d).contextAliases ?? {});

/** One encoding Node made, for the page to decode and encode again. */
interface Case {
  readonly type: string;
  readonly format: "tpl" | "cbor";
  readonly hex: string;
  readonly context: Record<string, unknown>;
}

interface Codec {
  encode(v: unknown, o?: object): Uint8Array;
}

/** Values of every type of a document (a few each), encoded in Node by the generated module. */
async function casesOf(doc: string): Promise<Case[]> {
  const mod = (await import(`../../generated/${doc}/index.ts`)) as Record<string, unknown> & { TYPE_NAMES: readonly string[] };
  const { doc: ir, wire } = loadBuiltinIr(doc);
  const imports = ir.imports.map((i) => loadBuiltinIr(i).doc);
  const scopes = { tpl: new TypeScope((wire?.tpl ?? ir).definitions, imports), cbor: new TypeScope((wire?.cbor ?? ir).definitions, imports) };
  const out: Case[] = [];
  for (const type of mod.TYPE_NAMES) {
    const codecs = mod[type] as { tpl?: Codec; cbor?: Codec };
    for (const format of ["tpl", "cbor"] as const) {
      const codec = codecs[format];
      if (!codec) continue;
      const values = fc.sample(arbitraryWithContext(scopes[format], { kind: "ref", name: type }, { contextAliases, maxDepth: 2, maxLength: 3 }), { seed: SEED, numRuns: 3 });
      for (const { value, context } of values) {
        try {
          out.push({ type, format, hex: toHex(codec.encode(value, { context })), context: JSON.parse(JSON.stringify(context)) as Record<string, unknown> });
        } catch (e) {
          // the other format's rules refuse it (a merged document): that codec is exercised by its own values
          if (!isCodecError(e)) throw e;
        }
      }
    }
  }
  return out;
}

/** `source` bundled for the browser as a script that sets `globalThis.__entry`. */
async function bundle(source: string, resolveDir = ROOT): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir, sourcefile: "entry.js", loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "__entry",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const text = result.outputFiles[0]!.text;
  expect(text).not.toMatch(/["']node:/);
  return text;
}

/** In the page: decode each case's bytes with the entry's codec and encode the value again; what differs, or throws. */
const ROUND_TRIP = `(cases) => {
  const fromHex = (h) => new Uint8Array(h.match(/../g)?.map((b) => parseInt(b, 16)) ?? []);
  const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const bad = [];
  let ok = 0;
  for (const c of cases) {
    const codec = __entry[c.type]?.[c.format];
    if (!codec) { bad.push(c.type + "." + c.format + ": no codec in this entry"); continue; }
    try {
      const v = codec.decode(fromHex(c.hex), { context: c.context });
      const again = toHex(codec.encode(v, { context: c.context }));
      if (again === c.hex) ok++; else bad.push(c.type + "." + c.format + ": " + c.hex + " -> " + again);
    } catch (e) { bad.push(c.type + "." + c.format + ": " + e.name + ": " + e.message); }
  }
  let refused = 0;
  for (const c of cases) {
    try { __entry[c.type]?.[c.format]?.decode(new Uint8Array(0), { context: c.context }); } catch (e) { if (e.name === "CodecError" && typeof e.offset === "number") refused++; }
  }
  return JSON.stringify({ ok, bad: bad.slice(0, 5), refused });
}`;

describe.skipIf(!CHROMIUM)("@mimi-codec/runtime in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  const run = async (script: string, expression: string): Promise<unknown> => {
    await page.evaluate(`(() => { ${script}; globalThis.__entry = __entry; return true; })()`);
    return JSON.parse(await page.evaluate<string>(expression)) as unknown;
  };

  beforeAll(async () => {
    const stale = runtimeStaleness();
    if (stale) throw new Error(stale);
    browser = Browser.launch(CHROMIUM!);
    page = await browser.page(800, 600);
    // a file: page is a secure context, where Web Crypto's subtle (the pipeline's MLS signatures) exists
    const dir = mkdtempSync(join(tmpdir(), "mimi-browser-"));
    writeFileSync(join(dir, "blank.html"), "<!doctype html><title>mimi-codec</title>");
    await page.goto(pathToFileURL(join(dir, "blank.html")).href);
    expect(await page.evaluate<boolean>("isSecureContext && typeof crypto.subtle === 'object'")).toBe(true);
    expect(await page.evaluate<string>("typeof Buffer + ' ' + typeof process + ' ' + typeof require")).toBe("undefined undefined undefined");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("the runtime entry: CBOR items, hex, CodecError", async () => {
    const script = await bundle('export * from "@mimi-codec/runtime";');
    const r = await run(
      script,
      `JSON.stringify((() => {
        const item = { type: "array", items: [{ type: "uint", value: 1n }, { type: "text", value: "é" }] };
        const bytes = __entry.encodeItem(item);
        const back = __entry.decodeItem(bytes);
        let error = null;
        try { __entry.decodeItem(bytes.subarray(0, 3)); } catch (e) { error = [e.name, __entry.isCodecError(e), e.offset]; }
        return { hex: __entry.toHex(bytes), back: back.items.map((i) => String(i.value)), error };
      })())`,
    );
    expect(r).toEqual({ hex: "820162c3a9", back: ["1", "é"], error: ["CodecError", true, 2] });
  });

  it("the cddl entry validates an item against a portable schema", async () => {
    const script = await bundle('export * from "@mimi-codec/runtime/cddl";');
    const schema = JSON.stringify(toPortableSchema(schemaOf("msg = [kind: 1, text: tstr .size (1..8)]\n"), "msg"));
    const r = await run(script, `JSON.stringify([new Uint8Array([0x82, 1, 0x61, 0x78]), new Uint8Array([0x82, 2, 0x61, 0x78])].map((b) => __entry.validateItemBytes(${schema}, "msg", b).map((d) => d.path + ": " + d.message)))`);
    expect(r).toEqual([[], ["msg[0].kind: expected 1, got 2"]]);
  });

  describe.each(BUILTIN_DOCUMENTS)("%s", (doc) => {
    let cases: Case[] = [];
    beforeAll(async () => {
      cases = await casesOf(doc);
    }, 120_000);

    it.each(["", "/tpl", "/cbor"])(`every codec of @mimi-codec/runtime/${doc}%s decodes what Node encoded and encodes it again byte for byte`, async (entry) => {
      const mine = cases.filter((c) => entry === "" || `/${c.format}` === entry);
      const types = new Set(mine.map((c) => c.type));
      expect(types.size).toBeGreaterThan(10);
      const script = await bundle(`export * from "@mimi-codec/runtime/${doc}${entry}";`);
      const r = (await run(script, `(${ROUND_TRIP})(${JSON.stringify(mine)})`)) as { ok: number; bad: string[]; refused: number };
      expect(r.bad).toEqual([]);
      expect(r.ok).toBe(mine.length);
      // an empty input is an error for every type that cannot be empty, and it is a CodecError
      expect(r.refused).toBeGreaterThan(mine.length / 2);
    }, 120_000);

    it(`@mimi-codec/runtime/${doc}/internal loads (what generated modules import)`, async () => {
      const script = await bundle(`export * from "@mimi-codec/runtime/${doc}/internal";`);
      const names = (await run(script, "JSON.stringify(Object.keys(__entry))")) as string[];
      expect(names.filter((n) => n.startsWith("tplRead$")).length).toBeGreaterThan(10);
    });
  });

  it("mimi-codec/pipeline runs the draft's conversation over MLS in the page; each message ID is the draft's, as in Node", async () => {
    const script = await bundle(`export { runDraftConversation, reproducesDraft } from "./src/pipeline/index.ts";`);
    const r = (await run(
      script,
      `__entry.runDraftConversation().then((run) => JSON.stringify({ steps: run.steps.length, differs: run.steps.filter((s) => !__entry.reproducesDraft(s)).map((s) => s.example) }))`,
    )) as { steps: number; differs: string[] };
    expect(r.steps).toBe(13);
    // the attachment is encrypted under a fresh key, so its ID cannot be the draft's (test/pipeline/conversation.test.ts)
    expect(r.differs).toEqual(["attachment"]);
  }, 120_000);
});
