import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MimiContent } from "../../generated/mimi-content-03/index.js";
import { classifyBlocks } from "../../src/compile/classify-blocks.js";
import { hexFromAnnotatedDump } from "../../src/extract/annotated-hex.js";
import { extractFile } from "../../src/extract/index.js";
import { buildPlayground } from "../../src/playground/build.js";
import { decodeItemWithOffsets } from "../../src/runtime/cddl/index.js";
import { isCodecError, toHex } from "../../src/runtime/index.js";
import { Browser, findChromium, type Page } from "../helpers/chromium.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { PageDriver } from "../helpers/page-driver.js";

/**
 * The built playground (dist/playground's files, built once here into a
 * temporary folder) in headless Chromium, opened from file://, driven as a
 * person would: the draft's Reply as CBOR hex, a hovered field and its
 * bytes, the conversion to TPL; one of the draft's annotated TPL dumps and
 * the codec's verdict; a pasted struct with an error; a shared link.
 * Screenshots of each state go to test-artifacts/playground/.
 */
const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn("skipping the playground's browser tests: no chromium on PATH (apt-get install -y chromium, or set CHROMIUM)");
if (!HAVE_DRAFTS) console.warn("skipping the playground's browser tests: the drafts folder is absent (they paste the draft's own examples)");

const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/playground/", import.meta.url));
const DRAFT03 = join(DRAFTS, "mimi-content/03");

describe.skipIf(!CHROMIUM || !HAVE_DRAFTS)("the playground in headless Chromium", () => {
  let dir: string;
  let url: string;
  let browser: Browser;
  let page: Page;
  let ui: PageDriver;
  const reply = HAVE_DRAFTS ? new Uint8Array(readFileSync(join(DRAFT03, "examples/reply.cbor"))) : new Uint8Array();

  const shot = async (name: string) => writeFileSync(join(ARTIFACTS, `${name}.png`), await page.screenshot());
  const open = async (href: string) => {
    await page.goto(href);
    await ui.until("document.querySelectorAll('#types li').length > 0 || document.querySelector('#load-error')", "the page to load a document");
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mimi-playground-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildPlayground({ outDir: dir });
    url = pathToFileURL(join(dir, "index.html")).href;
    browser = Browser.launch(CHROMIUM!);
    page = await browser.page(1400, 1000);
    ui = new PageDriver(page);
    console.log(`playground screenshots: ${ARTIFACTS}`);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("decodes the draft's Reply pasted as CBOR hex; hovering inReplyTo highlights its bytes; converting to TPL gives the TPL size", async () => {
    await open(url);
    expect(await page.evaluate("document.querySelector('#doc-select').value")).toBe("mimi-content-03");
    await ui.choose("#format", "cbor");
    await ui.type("#bytes-input", toHex(reply).replace(/(..)/g, "$1 "));
    const node = await ui.until<{ start: number; end: number }>(
      "(() => { const n = [...document.querySelectorAll('#tree-primary .node')].find((x) => x.dataset.path === 'MimiContent.inReplyTo'); return n && { start: +n.dataset.start, end: +n.dataset.end }; })()",
      "inReplyTo in the tree",
    );
    // the oracle: the generic CBOR decoder's offsets of the top-level array's 4th item and the next one
    const { item, offsets } = decodeItemWithOffsets(reply);
    if (item.type !== "array") throw new Error("the Reply is an array");
    expect(node).toEqual({ start: offsets.get(item.items[3]!), end: offsets.get(item.items[4]!) });
    await ui.hover("[...document.querySelectorAll('#tree-primary .node')].find((x) => x.dataset.path === 'MimiContent.inReplyTo')");
    const lit = await page.evaluate<number[]>("[...document.querySelectorAll('#hex-primary .b.hl')].map((b) => +b.dataset.i)");
    expect(lit).toEqual(Array.from({ length: node.end - node.start }, (_, i) => node.start + i));
    await shot("1-reply-cbor-inReplyTo-hovered");

    // and the other way: a byte of replyToHash highlights its node
    await ui.hover(`document.querySelector('#hex-primary .b[data-i="${node.end - 1}"]')`);
    expect(await page.evaluate("document.querySelector('#tree-primary .node.hl')?.dataset.path")).toBe("MimiContent.inReplyTo.replyToHash");

    const tplSize = MimiContent.tpl.encode(MimiContent.cbor.decode(reply)).length;
    expect(await page.evaluate("document.querySelector('#size-tpl').dataset.bytes")).toBe(String(tplSize));
    expect(await page.evaluate("document.querySelector('#size-cbor').dataset.bytes")).toBe(String(reply.length));
    await ui.click("#convert");
    await ui.until(`document.querySelector('#format').value === 'tpl' && document.querySelector('#tree-primary .node')?.dataset.end === '${tplSize}'`, "the TPL encoding in the bytes pane");
    expect(await page.evaluate("document.querySelectorAll('#hex-primary .b').length")).toBe(tplSize);
    expect(await page.evaluate("document.querySelector('#size-cbor').dataset.bytes")).toBe(String(reply.length));
    await shot("2-reply-converted-to-tpl");
  });

  it("gives the codec's verdict on an annotated TPL dump from the draft, the offending offset marked", async () => {
    // the first of draft-03's TPL dumps that does not decode, and what the codec says of it
    const dumps = classifyBlocks(extractFile(join(DRAFT03, "draft-ietf-mimi-content.md")).blocks).filter((b) => b.lang === "hex");
    let failing: { text: string; offset: number; path: string } | undefined;
    for (const b of dumps) {
      try {
        MimiContent.tpl.decode(hexFromAnnotatedDump(b.text).bytes);
      } catch (e) {
        if (!isCodecError(e)) throw e;
        failing = { text: b.text, offset: e.offset, path: e.path };
        break;
      }
    }
    expect(failing).toBeDefined();
    await open(url);
    await ui.choose("#format", "tpl");
    await ui.type("#bytes-input", failing!.text);
    const shown = await ui.until<{ offset: string; path: string; marked: string }>(
      "(() => { const e = document.querySelector('#decode-error'); return e && { offset: e.dataset.offset, path: e.dataset.path, marked: document.querySelector('#hex-primary .b.err')?.dataset.i }; })()",
      "the decode error",
    );
    expect(shown).toEqual({ offset: String(failing!.offset), path: failing!.path, marked: String(failing!.offset) });
    expect(await page.evaluate("document.querySelector('#decode-error').textContent")).toContain(failing!.path);
    await shot("3-draft-tpl-dump-verdict");
  });

  it("compiles a pasted TPL struct with an error in the page and shows the diagnostic at its line", async () => {
    await open(url);
    const source = ["struct {", "  uint16 version;", "  strng name<V>;", "  opaque payload<V>;", "} Broken;", "", "struct {", "  uint8 a;", "  opaque b<V>;", "} Fine;"].join("\n");
    await ui.type("#source-text", source);
    await ui.click("#compile");
    const errors = await ui.until<{ line: string; col: string; code: string }[]>(
      "(() => { const li = [...document.querySelectorAll('#diagnostics li[data-severity=error]')]; return li.length > 0 && li.map((x) => ({ line: x.dataset.line, col: x.dataset.col, code: x.dataset.code })); })()",
      "the pasted source's diagnostics",
    );
    expect(errors[0]).toMatchObject({ line: "3", col: "3" });
    await ui.click("#diagnostics li[data-severity=error]");
    expect(await page.evaluate("document.querySelector('#source-view .line.hl')?.dataset.line")).toBe("3");
    expect(await page.evaluate("document.querySelector('#source-view .line.hl mark')?.textContent")).toBe("s");
    // what does compile works: Fine decodes with the codecs generated in the page
    await ui.until("[...document.querySelectorAll('#types li')].some((x) => x.dataset.type === 'Fine')", "the type Fine");
    await ui.click("#types li[data-type=Fine]");
    await ui.choose("#format", "tpl");
    await ui.type("#bytes-input", "07 02 aa bb");
    await ui.until("document.querySelector('#tree-primary .node[data-path=\"Fine.b\"]')", "Fine decoded");
    expect(await page.evaluate("document.querySelector('#size-cbor').dataset.bytes")).toBe("5");
    await shot("4-pasted-struct-diagnostic");

    // edit the value as JSON: the encodings follow, and a value out of range is refused at its field
    await ui.type("#json-edit", JSON.stringify({ a: 300, b: "aabb" }));
    expect(await ui.until("document.querySelector('#edit-error')?.dataset.pointer", "the edit's error")).toBe("/a");
    await ui.type("#json-edit", JSON.stringify({ a: 9, b: "aabbcc" }));
    await ui.until("document.querySelector('#edit-tpl')?.dataset.bytes === '5'", "the edited TPL encoding");
    expect(await page.evaluate("document.querySelector('#edit-tpl').textContent")).toContain("0903aabbcc");
    expect(await page.evaluate("document.querySelector('#edit-cbor').dataset.bytes")).toBe("6");
    await shot("5-edited-value");
  });

  it("reloads from a shared URL with the same state", async () => {
    await open(url);
    await ui.choose("#doc-select", "mimi-content-03");
    await ui.choose("#format", "cbor");
    await ui.type("#bytes-input", toHex(reply));
    await ui.until("document.querySelector('#tree-primary .node')", "the decoded tree");
    const before = await pageState();
    await ui.click("#share");
    const link = await ui.until<string>("document.querySelector('#share-url')?.value", "the share link");
    expect(link.startsWith(url + "#s=")).toBe(true);
    await page.goto("about:blank");
    await open(link);
    await ui.until("document.querySelector('#tree-primary .node')", "the decoded tree after the reload");
    expect(await pageState()).toEqual(before);
    await shot("6-shared-link-reloaded");

    // a pasted source travels in the link too
    await ui.type("#source-text", "struct { uint8 a; opaque b<V>; } Shared;");
    await ui.click("#compile");
    await ui.until("[...document.querySelectorAll('#types li')].some((x) => x.dataset.type === 'Shared')", "the pasted type");
    await ui.click("#types li[data-type=Shared]");
    await ui.choose("#format", "tpl");
    await ui.type("#bytes-input", "05 01 ff");
    await ui.until("document.querySelector('#tree-primary .node[data-path=\"Shared.b\"]')", "Shared decoded");
    const pasted = await pageState();
    await ui.click("#share");
    const link2 = await ui.until<string>(`(() => { const v = document.querySelector('#share-url')?.value; return v !== ${JSON.stringify(link)} && v; })()`, "the second share link");
    await page.goto("about:blank");
    await open(link2);
    await ui.until("document.querySelector('#tree-primary .node[data-path=\"Shared.b\"]')", "Shared decoded after the reload");
    expect(await pageState()).toEqual(pasted);
  });

  /** What a shared link must reproduce: document, source, type, input, format, and what the page shows of them. */
  function pageState(): Promise<unknown> {
    return page.evaluate(`({
      doc: document.querySelector('#doc-select').value,
      source: document.querySelector('#source-text').value,
      type: document.querySelector('#types li.on')?.dataset.type,
      input: document.querySelector('#bytes-input').value,
      format: document.querySelector('#format').value,
      tree: [...document.querySelectorAll('#tree-primary .node')].map((n) => n.dataset.path + ' ' + n.dataset.start + '..' + n.dataset.end),
      sizes: [document.querySelector('#size-tpl')?.dataset.bytes, document.querySelector('#size-cbor')?.dataset.bytes],
    })`);
  }
});
