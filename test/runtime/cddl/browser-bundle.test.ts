import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { toPortableSchema } from "../../../src/validate/index.js";
import { schemaOf } from "../../validate/helpers.js";

/**
 * src/runtime/cddl runs where the generated modules run: bundled for the
 * browser by esbuild, it resolves with no Node built-in, reaches nothing
 * outside src/runtime, and the bundle alone, in a realm without Node's
 * globals, validates an item against a portable schema.
 */
const root = fileURLToPath(new URL("../../..", import.meta.url));

function bundle(format: "esm" | "iife") {
  return build({
    entryPoints: [join(root, "src/runtime/cddl/index.ts")],
    bundle: true,
    platform: "browser",
    format,
    globalName: "cddl",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
}

describe("src/runtime/cddl bundled for the browser", () => {
  it("resolves with no Node built-in and reaches nothing outside src/runtime", async () => {
    const result = await bundle("esm");
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs).map((f) => relative(root, join(root, f)));
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((f) => !f.startsWith("src/runtime/"))).toEqual([]);
    // nothing left to import
    expect(Object.values(result.metafile.outputs)[0]!.imports).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/\brequire\(|["']node:/);
  });

  it("runs with only the globals a browser has (no Buffer, no process)", async () => {
    const result = await bundle("iife");
    const schema = JSON.stringify(toPortableSchema(schemaOf("msg = [kind: 1, text: tstr .size (1..8)]\n"), "msg"));
    // A fresh realm: the language's built-ins plus the Web APIs the runtime uses; Node's globals are absent.
    const context = createContext({ TextEncoder, TextDecoder, atob });
    expect(runInContext("typeof Buffer + typeof process + typeof require", context)).toBe("undefinedundefinedundefined");
    runInContext(result.outputFiles[0]!.text, context);
    const run = (bytes: number[]): unknown =>
      JSON.parse(runInContext(`JSON.stringify(cddl.validateItemBytes(JSON.parse(${JSON.stringify(schema)}), "msg", new Uint8Array(${JSON.stringify(bytes)})))`, context) as string);
    expect(run([0x82, 0x01, 0x61, 0x78])).toEqual([]);
    expect(run([0x82, 0x02, 0x61, 0x78])).toEqual([
      { path: "msg[0].kind", offset: 1, message: "expected 1, got 2", cddl: { file: "t.cddl", line: 1, col: 14 }, severity: "error" },
    ]);
    expect(run([0x82, 0x01, 0x60])).toEqual([
      { path: "msg[1].text", offset: 2, message: "text string (UTF-8) is 0 bytes long, not in .size (1..8)", cddl: { file: "t.cddl", line: 1, col: 28 }, severity: "error" },
    ]);
  });
});
