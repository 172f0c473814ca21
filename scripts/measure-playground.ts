/**
 * Measures the built playground in headless Chromium (from file://): page
 * weight gzipped, and the time to first decode when a shared link opens it
 * with a built-in document and bytes, and with a pasted draft (RFC 9420's
 * markdown, compiled, generated, type-stripped and loaded in the page) or a
 * pasted struct. Medians of N fresh page loads. Needs ../shared/drafts and
 * chromium. Usage: npx tsx scripts/measure-playground.ts [N]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPlayground } from "../src/playground/build.js";
import { stateToFragment, type PlaygroundState } from "../src/playground/share-state.js";
import { toHex } from "../src/runtime/index.js";
import { Browser, findChromium } from "../test/helpers/chromium.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const drafts = process.env["MIMI_DRAFTS"] ?? join(root, "..", "shared", "drafts");
const runs = Number(process.argv[2] ?? 5);
const chromium = findChromium();
if (!chromium) throw new Error("no chromium on PATH");

const dir = mkdtempSync(join(tmpdir(), "mimi-playground-measure-"));
const built = await buildPlayground({ outDir: dir, root });
console.log(`page weight: ${(built.gzippedTotal / 1024).toFixed(1)} KB gzipped (${[...built.gzipped].map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(", ")}); ${(([...built.files.values()].reduce((a, b) => a + b.length, 0)) / 1024).toFixed(0)} KB raw`);

const scenarios: Record<string, PlaygroundState> = {
  "built-in mimi-content-03, the Reply as CBOR": { doc: "mimi-content-03", type: "MimiContent", input: toHex(readFileSync(join(drafts, "mimi-content/03/examples/reply.cbor"))), format: "cbor" },
  "pasted struct (3 fields)": { source: "struct { uint16 a; opaque b<V>; optional<uint8> c; } Foo;", sourceName: "foo.tls", type: "Foo", input: "0102 02aabb 0107", format: "tpl" },
  "pasted draft: RFC 9420 markdown (48 TPL blocks)": { source: readFileSync(join(drafts, "mls/rfc9420.md"), "utf8"), sourceName: "rfc9420.md", type: "Lifetime", input: "0000000000000001ffffffffffffffff", format: "tpl" },
};

interface Marks {
  ready?: number;
  firstDecode?: { at: number; ms: number };
  compile?: { compile: number; emit: number; strip: number; load: number };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const browser = Browser.launch(chromium);
try {
  for (const [name, state] of Object.entries(scenarios)) {
    const href = pathToFileURL(join(dir, "index.html")).href + (await stateToFragment(state));
    const samples: Marks[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.page(1400, 1000);
      await page.goto(href);
      const end = Date.now() + 60_000;
      let m: Marks = {};
      while (Date.now() < end) {
        m = await page.evaluate<Marks>("globalThis.__playground");
        if (m.firstDecode) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      if (!m.firstDecode) throw new Error(`${name}: no decode within 60 s`);
      samples.push(m);
    }
    const at = median(samples.map((s) => s.firstDecode!.at));
    const decode = median(samples.map((s) => s.firstDecode!.ms));
    const c = samples[0]!.compile ? ["compile", "emit", "strip", "load"].map((k) => `${k} ${median(samples.map((s) => (s.compile as Record<string, number>)[k]!)).toFixed(0)} ms`).join(", ") : "";
    console.log(`${name}: first decode ${at.toFixed(0)} ms after navigation (decode itself ${decode.toFixed(1)} ms)${c ? `; ${c}` : ""}; median of ${runs}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
