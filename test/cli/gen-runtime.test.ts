import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { regenerateCommand } from "../../src/cli/regenerate-command.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * What `gen --out` writes imports the runtime package, not the compiler:
 * `@mimi-codec/runtime` by default, another specifier with `--runtime`, or
 * a copy of the runtime beside the output with `--standalone`, which then
 * type-checks strictly and runs with nothing installed. Each module's
 * header holds the command that writes it again.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const scratch = mkdtempSync(join(tmpdir(), "mimi-gen-runtime-"));
const draft = join(scratch, "join.tls");
writeFileSync(draft, ["struct {", "    opaque group_id<V>;", "    uint32 epoch;", "} JoinState;", "", "struct {", "    JoinState state;", "    KeyPackage key_package;", "} JoinRequest;", ""].join("\n"));

// names a draft may give that the entries themselves use or that JavaScript reserves
const HOSTILE = ["delete", "await", "Map", "Uint8Array", "TYPE_NAMES", "CONTEXT_KEYS", "internal", "TplCodec", "CborCodec", "tplCodec_Foo", "constructor"];
const hostile = join(scratch, "hostile.cddl");
writeFileSync(hostile, [...HOSTILE.map((n) => `${n} = [ a: uint .size 1, b: tstr ]`), ""].join("\n"));

const read = (out: string, file: string) => readFileSync(join(out, "generated", "join", file), "utf8");
const importsOf = (text: string) => [...text.matchAll(/^(?:import|export)[^;]*? from "([^"]+)";/gms)].map((m) => m[1]!);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe("gen --out: which runtime the modules import", () => {
  it("imports @mimi-codec/runtime and RFC 9420's internal entry by default; the header holds the exact command; --check agrees", async () => {
    const out = join(scratch, "default");
    const r = await runCli(["gen", draft, "--out", out, "--quiet"]);
    expect(r.code, r.err).toBe(0);
    const internal = read(out, "internal.ts");
    expect(importsOf(internal)).toEqual(["@mimi-codec/runtime", "@mimi-codec/runtime/rfc9420/internal"]);
    expect(internal.split("\n")[1]).toBe(`// Regenerate with \`mimi-codec gen ${draft} --out ${out}\`.`);
    for (const entry of ["index.ts", "tpl.ts", "cbor.ts"]) expect(read(out, entry).split("\n")[1], entry).toBe(internal.split("\n")[1]);
    expect(importsOf(read(out, "index.ts"))).toEqual(["./internal.js"]);
    expect(importsOf(read(out, "tpl.ts"))).toEqual(["@mimi-codec/runtime", "./internal.js", "./internal.js"]);
    // the header does not depend on flags that do not change the files
    const check = await runCli(["gen", draft, "--out", out, "--check", "--quiet"]);
    expect(check.out).toContain("0 of 6 files out of date");
    expect(check.code).toBe(0);
  });

  it("--runtime names another specifier, for the runtime and the built-ins", async () => {
    const out = join(scratch, "named");
    const r = await runCli(["gen", draft, "--out", out, "--runtime", "@acme/mimi-runtime", "--quiet"]);
    expect(r.code, r.err).toBe(0);
    const internal = read(out, "internal.ts");
    expect(importsOf(internal)).toEqual(["@acme/mimi-runtime", "@acme/mimi-runtime/rfc9420/internal"]);
    expect(internal).toContain(`// Regenerate with \`mimi-codec gen ${draft} --out ${out} --runtime @acme/mimi-runtime\`.`);
  });

  it("refuses --runtime with --standalone, and either with --builtin, in one line", async () => {
    for (const args of [
      ["gen", draft, "--out", join(scratch, "x"), "--runtime", "r", "--standalone"],
      ["gen", "--builtin", "--standalone"],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(/^mimi-codec: give --runtime or --standalone, not both|^mimi-codec: --runtime and --standalone are for gen/);
      expect(existsSync(join(scratch, "x"))).toBe(false);
    }
  });

  it("--standalone copies the runtime and RFC 9420 beside the output: no import leaves it, tsc --strict is clean (hostile names too), node runs it", async () => {
    const out = join(scratch, "standalone");
    const r = await runCli(["gen", draft, hostile, "--out", out, "--standalone", "--quiet"]);
    expect(r.code, r.err).toBe(0);
    expect(importsOf(read(out, "internal.ts"))).toEqual(["../../runtime/index.js", "../../runtime/rfc9420/internal.js"]);
    const sources = filesUnder(out).filter((f) => f.endsWith(".ts"));
    expect(sources.map((f) => relative(out, f))).toEqual(expect.arrayContaining(["runtime/index.ts", "runtime/cddl/index.ts", "runtime/rfc9420/internal.ts", "runtime/rfc9420/index.ts"]));
    // RFC 9420 imports nothing else, so no other built-in is copied
    expect(readdirSync(join(out, "runtime")).filter((d) => statSync(join(out, "runtime", d)).isDirectory()).sort()).toEqual(["cddl", "rfc9420"]);
    for (const f of sources) {
      for (const spec of importsOf(readFileSync(f, "utf8"))) {
        expect(spec.startsWith("."), `${relative(out, f)} imports ${spec}`).toBe(true);
        const target = resolve(dirname(f), spec).replace(/\.js$/, ".ts");
        expect(existsSync(target), `${relative(out, f)} imports ${spec}`).toBe(true);
      }
    }
    expect(readFileSync(join(out, "runtime", "rfc9420", "internal.ts"), "utf8").split("\n")[1]).toBe(
      `// Copied from mimi-codec's generated/rfc9420 by \`mimi-codec gen ${draft} ${hostile} --out ${out} --standalone\`.`,
    );

    writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(out, "app.ts"),
      [
        'import { JoinState } from "./generated/join/index.js";',
        'import { KeyPackage } from "./runtime/rfc9420/index.js";',
        'import * as all from "./generated/hostile/index.js";',
        'import * as tplOnly from "./generated/hostile/tpl.js";',
        'import * as cborOnly from "./generated/hostile/cbor.js";',
        "const h: all.delete$ = { a: 1, b: \"x\" };",
        "const names = [all.TYPE_NAMES.length, Object.keys(all).length, Object.keys(tplOnly).length, Object.keys(cborOnly).length];",
        "const hostile = toHex(cborOnly.TplCodec.cbor.encode(h)) + toHex(tplOnly.await$.tpl.encode(h)) + toHex(all.TYPE_NAMES$.cbor.encode(h));",
        "const bytes = JoinState.tpl.encode({ group_id: new Uint8Array([1, 2]), epoch: 7 });",
        "const back = JoinState.tpl.decode(bytes);",
        'function toHex(b: Uint8Array): string { return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""); }',
        "console.log(JSON.stringify({ hex: toHex(bytes), epoch: back.epoch, kp: typeof KeyPackage.tpl.decode, names, hostile }));",
        "",
      ].join("\n"),
    );
    const options = { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noUnusedLocals: true, noUnusedParameters: true, noUncheckedIndexedAccess: true, types: [], lib: ["ES2022", "DOM"], outDir: "js" };
    writeFileSync(join(out, "tsconfig.json"), JSON.stringify({ compilerOptions: options, include: ["app.ts", "generated", "runtime"] }));
    expect(execFileSync(process.execPath, [tsc, "-p", out], { encoding: "utf8" })).toBe("");
    writeFileSync(join(out, "js", "package.json"), '{ "type": "module" }\n');
    const run = JSON.parse(execFileSync(process.execPath, [join(out, "js", "app.js")], { cwd: out, encoding: "utf8" })) as unknown;
    // every name kept: 11 types plus TYPE_NAMES and CONTEXT_KEYS in each entry
    expect(run).toEqual({ hex: "02010200000007", epoch: 7, kp: "function", names: [11, 13, 13, 13], hostile: "82016178" + "010178" + "82016178" });
  }, 120_000);
});

describe("regenerateCommand", () => {
  it("quotes what a shell would split or expand, and writes stdin as -", () => {
    expect(regenerateCommand({ drafts: ["my draft.md", "<stdin>.md"], out: "it's", imports: ["rfc9420"], allowErrors: true, standalone: true })).toBe(
      "mimi-codec gen 'my draft.md' - --out 'it'\\''s' --import rfc9420 --allow-errors --standalone",
    );
    expect(regenerateCommand({ drafts: ["a.md"], out: "out", configFile: "c.json", cddlPath: ["x", "$HOME"], runtime: "@acme/rt" })).toBe(
      "mimi-codec gen a.md --out out --config c.json --cddl-path x --cddl-path '$HOME' --runtime @acme/rt",
    );
  });
});
