import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_DOCUMENTS } from "../../src/compile/builtin.js";
import { bundleSize, declaredDependencies, installApp, installSize, pack, ROOT, RUNTIME_PACKAGE, runtimeStaleness } from "../helpers/package-metrics.js";

/**
 * @mimi-codec/runtime as an application gets it (issue 13): `npm pack`,
 * installed from the tarball with npm offline into a scratch app. It
 * brings no other package; every entry loads with import and with require;
 * its types resolve under each moduleResolution a consumer may use; and a
 * browser bundle of one type stays small. Sizes are printed; the bound
 * asserted is a size, not a time.
 */
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const ONE_TYPE_BOUND = 15 * 1024;
let app = "";

/** Every subpath the package exports, as a consumer writes it. */
const ENTRIES = ["", "/cddl", ...BUILTIN_DOCUMENTS.flatMap((d) => [`/${d}`, `/${d}/tpl`, `/${d}/cbor`, `/${d}/internal`])].map((e) => `@mimi-codec/runtime${e}`);

describe("@mimi-codec/runtime, packed and installed", () => {
  beforeAll(() => {
    const stale = runtimeStaleness();
    if (stale) throw new Error(stale);
    const scratch = mkdtempSync(join(tmpdir(), "mimi-runtime-pkg-"));
    const tgz = pack(RUNTIME_PACKAGE, scratch);
    app = join(scratch, "app");
    execFileSync("mkdir", ["-p", app]);
    installApp(app, { dependencies: { "@mimi-codec/runtime": tgz } }, { offline: true });
  }, 300_000);

  it("declares no dependency and installs as the only package", () => {
    const installed = join(app, "node_modules", "@mimi-codec", "runtime");
    expect(declaredDependencies(installed)).toEqual([]);
    const { kib, packages } = installSize(app);
    expect(packages).toEqual(["@mimi-codec/runtime"]);
    console.log(`@mimi-codec/runtime installed: ${packages.length} package, ${(kib / 1024).toFixed(1)} MiB on disk (du -sk node_modules)`);
    // the tarball holds the built files and nothing from the repository's sources or tests
    const files = readdirSync(installed);
    expect(files.sort()).toEqual(["README.md", "dist", "package.json"]);
  });

  it("every entry loads with import and with require, the same names both ways", () => {
    const script = (kind: "import" | "require") =>
      kind === "import"
        ? `const out = {}; for (const e of ${JSON.stringify(ENTRIES)}) out[e] = Object.keys(await import(e)).sort(); console.log(JSON.stringify(out));`
        : `const out = {}; for (const e of ${JSON.stringify(ENTRIES)}) out[e] = Object.keys(require(e)).filter((k) => k !== "__esModule").sort(); console.log(JSON.stringify(out));`;
    writeFileSync(join(app, "esm.mjs"), script("import"));
    writeFileSync(join(app, "cjs.cjs"), script("require"));
    const esm = JSON.parse(execFileSync(process.execPath, ["esm.mjs"], { cwd: app, encoding: "utf8" })) as Record<string, string[]>;
    const cjs = JSON.parse(execFileSync(process.execPath, ["cjs.cjs"], { cwd: app, encoding: "utf8" })) as Record<string, string[]>;
    expect(Object.keys(esm)).toEqual(ENTRIES);
    for (const e of ENTRIES) expect(esm[e]!.length, e).toBeGreaterThan(0);
    expect(cjs).toEqual(esm);
    expect(esm["@mimi-codec/runtime/rfc9420"]).toContain("KeyPackage");
    expect(esm["@mimi-codec/runtime/rfc9420"]!.some((k) => k.includes("$"))).toBe(false);
    expect(esm["@mimi-codec/runtime/rfc9420/internal"]).toContain("tplRead$KeyPackage");
  });

  it("a value encoded through require decodes through import (one wire format, two module formats)", () => {
    writeFileSync(join(app, "enc.cjs"), 'const { Lifetime } = require("@mimi-codec/runtime/rfc9420"); process.stdout.write(Buffer.from(Lifetime.cbor.encode({ not_before: 5n, not_after: 9n })).toString("hex"));');
    const hex = execFileSync(process.execPath, ["enc.cjs"], { cwd: app, encoding: "utf8" });
    expect(hex).toBe("820509");
    writeFileSync(join(app, "dec.mjs"), `import { Lifetime } from "@mimi-codec/runtime/rfc9420/cbor"; import { isCodecError } from "@mimi-codec/runtime"; const v = Lifetime.cbor.decode(Uint8Array.from(Buffer.from("${hex}", "hex"))); let e; try { Lifetime.cbor.decode(new Uint8Array([0x82, 0x05])); } catch (x) { e = x; } console.log(v.not_after, isCodecError(e));`);
    expect(execFileSync(process.execPath, ["dec.mjs"], { cwd: app, encoding: "utf8" }).trim()).toBe("9n true");
  });

  it.each([
    ["node16, ES module", "NodeNext", "NodeNext", "module"],
    ["node16, CommonJS", "NodeNext", "NodeNext", "commonjs"],
    ["bundler", "ESNext", "Bundler", "module"],
    ["node10 (typesVersions)", "CommonJS", "Node10", "commonjs"],
  ])("types resolve under %s, and a wrong field type is caught", (_name, module, moduleResolution, type) => {
    const dir = mkdtempSync(join(app, "types-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type }));
    const use = [
      'import { Lifetime, KeyPackage } from "@mimi-codec/runtime/rfc9420";',
      'import { Lifetime as TplLifetime } from "@mimi-codec/runtime/rfc9420/tpl";',
      'import { MimiContent, DOCUMENT_LIMITS } from "@mimi-codec/runtime/mimi-content-03";',
      'import { CodecError, type CborItem } from "@mimi-codec/runtime";',
      'import { validateItem, type PortableSchema } from "@mimi-codec/runtime/cddl";',
      "const life: Lifetime = { not_before: 1n, not_after: 2n };",
      "export const n: number = Lifetime.tpl.encode(life).length + TplLifetime.tpl.encodedSize(life) + KeyPackage.tpl.encodedSize({} as KeyPackage);",
      "export const m: MimiContent | undefined = undefined;",
      "export const d: number | undefined = DOCUMENT_LIMITS.maxDepth;",
      "export const e: typeof CodecError = CodecError;",
      "export const i: CborItem = { type: \"uint\", value: 1n };",
      "export const v = (s: PortableSchema): number => validateItem(s, s.root, i).length;",
      // the one error: a wrong field type must be caught, or the check proves nothing
      "export const bad: Lifetime = { not_before: 1, not_after: 2n };",
      "",
    ].join("\n");
    const options = { module, moduleResolution, target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ["ES2022", "DOM"] };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: ["use.ts"] }));
    writeFileSync(join(dir, "use.ts"), use);
    let out = "";
    try {
      out = execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout);
    }
    const errors = out.split("\n").filter((l) => /error TS/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/(^|\/)use\.ts\(13,\d+\): error TS2322: .*bigint/);
  }, 120_000);

  it(`one small type bundles under ${ONE_TYPE_BOUND / 1024} KiB minified through a one-format entry; sizes printed`, async () => {
    const sizes: Array<[string, Awaited<ReturnType<typeof bundleSize>>]> = [];
    for (const [what, source] of [
      ["Lifetime from /rfc9420/tpl", 'import { Lifetime } from "@mimi-codec/runtime/rfc9420/tpl"; console.log(Lifetime.tpl.encode({ not_before: 1n, not_after: 2n }));'],
      ["Lifetime from /rfc9420/cbor", 'import { Lifetime } from "@mimi-codec/runtime/rfc9420/cbor"; console.log(Lifetime.cbor.encode({ not_before: 1n, not_after: 2n }));'],
      ["Lifetime from /rfc9420 (both codecs)", 'import { Lifetime } from "@mimi-codec/runtime/rfc9420"; console.log(Lifetime.tpl.encode({ not_before: 1n, not_after: 2n }));'],
      ["all of /rfc9420", 'import * as m from "@mimi-codec/runtime/rfc9420"; console.log(m);'],
    ] as const) {
      sizes.push([what, await bundleSize(app, source)]);
    }
    for (const [what, s] of sizes) console.log(`bundle, ${what}: ${s.min} B minified, ${s.gzip} B gzip`);
    const [tplOne, cborOne, bothOne, whole] = sizes.map(([, s]) => s);
    expect(tplOne!.min).toBeLessThan(ONE_TYPE_BOUND);
    // tree-shaking works: one type is a small part of the module, and leaving a format out shrinks it
    expect(bothOne!.min).toBeLessThan(whole!.min / 4);
    expect(tplOne!.min).toBeLessThan(bothOne!.min);
    expect(cborOne!.min).toBeLessThan(bothOne!.min);
    // what makes the bound possible: nothing of the CBOR runtime (its reader class) in the TPL-only bundle
    expect(tplOne!.text).not.toMatch(/indefinite-length/);
    expect(bothOne!.text).toMatch(/indefinite-length/);
    for (const [what, s] of sizes) expect(s.text, what).not.toMatch(/["']node:|\brequire\(/);
  }, 120_000);
});
