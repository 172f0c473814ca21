import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildPlayground, NodeModuleInPageError } from "../../src/playground/build.js";

/**
 * The compile path runs in a browser: the playground's bundle (esbuild,
 * platform browser) takes the compiler core, codegen, runtime and built-ins
 * and reaches no Node module; the two Node edges are the page's own; neither
 * prettier nor TypeScript is in it. A page entry that does reach one fails.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("the playground's browser bundle", () => {
  it("holds the compile path and no Node module, prettier or TypeScript", async () => {
    const built = await buildPlayground({ root });
    const inputs = [...built.inputs.keys()];
    for (const core of ["src/compile/compile-document.ts", "src/extract/extract-markdown.ts", "src/compile/classify-blocks.ts", "src/tpl/parse-tpl.ts", "src/cddl/parse-cddl.ts", "src/ir/lower-tpl.ts", "src/ir/lower-cddl.ts", "src/ir/resolve-names.ts", "src/codegen/emit-module.ts", "src/report/ir-walk.ts", "generated/mimi-content-03/internal.ts"]) {
      expect(inputs).toContain(core);
    }
    expect(inputs).toContain("src/playground/browser/node-io.ts");
    expect(inputs).toContain("src/playground/browser/format-module.ts");
    expect(inputs).not.toContain("src/extract/node-io.ts");
    expect(inputs).not.toContain("src/codegen/format-module.ts");
    expect(inputs.filter((f) => /node_modules\/(prettier|typescript|ts-morph|@ts-morph|ajv)\//.test(f))).toEqual([]);
    expect(inputs.filter((f) => f.startsWith("node:") || f.includes("(disabled)"))).toEqual([]);
    expect([...built.files.keys()].sort()).toEqual(["index.html", "playground.css", "playground.js"]);
    // page weight: generous bound that catches prettier or TypeScript creeping in (each alone is several hundred KB gzipped)
    expect(built.gzippedTotal).toBeLessThan(600 * 1024);
    console.log(`playground page weight: ${(built.gzippedTotal / 1024).toFixed(0)} KB gzipped (${[...built.gzipped].map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(", ")})`);
  });

  it("fails, naming the module and who imports it, when the page reaches a Node module", async () => {
    const err = await buildPlayground({ root, entry: "test/fixtures/playground/imports-node.ts" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeModuleInPageError);
    expect((err as Error).message).toMatch(/^node:(fs|path|url) is a Node module; the page cannot have it \(imported by src\/compile\/builtin\.ts\)$/);
  });
});
