import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { joinDraft } from "../helpers/package-metrics.js";

/**
 * The package as a user gets it: `npm pack`, unpacked into a scratch
 * project's node_modules, then a type-checked import of a generated
 * document through its subpath, and a run of the CLI from the tarball.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
let scratch = "";

describe("npm pack", () => {
  beforeAll(() => {
    // one level down in a folder of our own, so no `shared` folder can sit beside it (a stray /tmp/shared would)
    scratch = join(mkdtempSync(join(tmpdir(), "mimi-pack-")), "app");
    mkdirSync(scratch);
    // `npm pack` runs the prepare script, which builds dist/
    execFileSync("npm", ["pack", "--silent", "--pack-destination", scratch], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const tgz = readdirSync(scratch).find((f) => f.endsWith(".tgz"));
    if (!tgz) throw new Error("npm pack produced no tarball");
    const dest = join(scratch, "node_modules", "mimi-codec");
    mkdirSync(dest, { recursive: true });
    execFileSync("tar", ["xzf", join(scratch, tgz), "-C", dest, "--strip-components=1"]);
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", type: "module", private: true }));
    // what `npm install` would add: the package's dependencies (linked from ours)
    const deps = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
    for (const dep of deps) {
      mkdirSync(dirname(join(scratch, "node_modules", dep)), { recursive: true });
      symlinkSync(join(root, "node_modules", dep), join(scratch, "node_modules", dep));
    }
  }, 300_000);

  it("type-checks `import { KeyPackage } from \"mimi-codec/rfc9420\"` in a scratch project", () => {
    writeFileSync(
      join(scratch, "use.ts"),
      [
        'import { KeyPackage, MLSMessage, type Lifetime } from "mimi-codec/rfc9420";',
        'import { ClientHello } from "mimi-codec/rfc8446";',
        'import { MimiContent } from "mimi-codec/mimi-content-03";',
        'import { CodecError } from "mimi-codec/runtime";',
        'import { validateItem, type PortableSchema } from "mimi-codec/runtime/cddl";',
        "const life: Lifetime = { not_before: 1n, not_after: 2n };",
        "export const bytes: Uint8Array = KeyPackage.tpl.encode({} as KeyPackage);",
        "export const n: number = MLSMessage.tpl.encodedSize({} as MLSMessage) + ClientHello.tpl.encodedSize({} as ClientHello);",
        "export const m: MimiContent | undefined = undefined;",
        "export const e: typeof CodecError = CodecError;",
        "export const v: (s: PortableSchema) => number = (s) => validateItem(s, s.root, { type: \"uint\", value: 1n }).length;",
        "export { life };",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2022", "DOM"] }, files: ["use.ts"] }),
    );
    const out = execFileSync(process.execPath, [tsc, "-p", scratch], { encoding: "utf8" });
    expect(out).toBe("");
    // the same under moduleResolution node10, through typesVersions
    writeFileSync(
      join(scratch, "tsconfig.node10.json"),
      JSON.stringify({ compilerOptions: { module: "CommonJS", moduleResolution: "Node10", target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2022", "DOM"] }, files: ["use.ts"] }),
    );
    expect(execFileSync(process.execPath, [tsc, "-p", join(scratch, "tsconfig.node10.json")], { encoding: "utf8" })).toBe("");
    // a wrong field type must be caught, or the check above proves nothing
    writeFileSync(join(scratch, "use.ts"), 'import type { Lifetime } from "mimi-codec/rfc9420";\nexport const bad: Lifetime = { not_before: 1, not_after: 2n };\n');
    let diagnostics = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", scratch], { encoding: "utf8" });
    } catch (e) {
      diagnostics = String((e as { stdout?: string }).stdout);
    }
    expect(diagnostics).toMatch(/use\.ts\(2,\d+\): error TS2322: .*bigint/);
  });

  it("works on a user's drafts with no drafts folder anywhere: lint, gen, diff, decode; RFC 9420 types come from the package", () => {
    const cli = join(scratch, "node_modules", "mimi-codec", "dist", "src", "cli", "main.js");
    // nothing beside the scratch project or the package: the drafts are not there
    expect(existsSync(join(scratch, "..", "shared"))).toBe(false);
    const env = { ...process.env };
    delete env["MIMI_DRAFTS"];
    const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: scratch, env, encoding: "utf8" });
    writeFileSync(join(scratch, "join-00.md"), joinDraft("00", ""));
    writeFileSync(join(scratch, "join-01.md"), joinDraft("01", "    uint16 flags;"));

    const lint = run(["lint", "join-00.md"]);
    expect(lint.stderr).toBe("");
    expect(lint.stdout).toContain("join-00.md: 1 TPL blocks, 0 CDDL blocks, 2 definitions (2 compiled), 0 errors");
    expect(lint.status).toBe(0);

    const gen = run(["gen", "join-00.md", "--out", "out"]);
    expect(gen.status).toBe(0);
    // the module imports the runtime package (and RFC 9420's internal entry), not the compiler
    const module = readFileSync(join(scratch, "out", "generated", "join-00", "internal.ts"), "utf8");
    expect(module).toContain('from "@mimi-codec/runtime/rfc9420/internal"');
    expect(module).toContain('from "@mimi-codec/runtime"');
    expect(module).not.toMatch(/from "mimi-codec/);
    expect(module).toMatch(/KeyPackage/);
    expect(module).toContain("// Regenerate with `mimi-codec gen join-00.md --out out`.");

    const diff = run(["diff", "join-00.md", "join-01.md"]);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/1 changed/);

    const decode = run(["decode", "--schema", "join-00.md", "--type", "JoinState", "--hex", "02abcd00000007", "--quiet"]);
    expect(decode.stderr).toBe("");
    expect(JSON.parse(decode.stdout)).toEqual({ group_id: "abcd", epoch: 7 });

    // built-ins by name: their shipped IR and lint results
    const builtinDiff = run(["diff", "mimi-content-04", "mimi-content-main"]);
    expect(builtinDiff.stdout).toContain("19 types in both");
    const builtinLint = run(["lint", "rfc9420"]);
    expect(builtinLint.stdout).toContain("rfc9420: 48 TPL blocks, 0 CDDL blocks, 82 definitions (82 compiled), 0 errors");
    // a built-in's source is needed only to compile it: one line says which file and how
    const missing = run(["gen", "mimi-content-04", "--out", "out", "--quiet"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(
      "mimi-codec: mimi-content-04 needs its source mimi-content/04/draft-ietf-mimi-content.md, which mimi-codec does not ship: set $MIMI_DRAFTS to the folder that holds it, or pass the draft's path",
    );
  });

  it("runs the packed CLI and a generated codec under plain node", () => {
    const cli = join(scratch, "node_modules", "mimi-codec", "dist", "src", "cli", "main.js");
    const out = execFileSync(process.execPath, [cli, "decode", "--schema", "rfc9420", "--type", "Lifetime", "--hex", "00000000000000010000000000000002"], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ not_before: "1", not_after: "2" });
    writeFileSync(
      join(scratch, "run.mjs"),
      'import { Lifetime } from "mimi-codec/rfc9420";\nconsole.log(Buffer.from(Lifetime.tpl.encode({ not_before: 3n, not_after: 4n })).toString("hex"));\n',
    );
    expect(execFileSync(process.execPath, [join(scratch, "run.mjs")], { cwd: scratch, encoding: "utf8" }).trim()).toBe("00000000000000030000000000000004");
    // the same entries from CommonJS, and the same objects as the runtime package's (re-exports, not copies)
    writeFileSync(
      join(scratch, "run.cjs"),
      'const { Lifetime } = require("mimi-codec/rfc9420");\nconst runtime = require("@mimi-codec/runtime/rfc9420");\nconsole.log(Buffer.from(Lifetime.tpl.encode({ not_before: 5n, not_after: 6n })).toString("hex"), Lifetime === runtime.Lifetime, typeof require("mimi-codec/runtime").isCodecError);\n',
    );
    expect(execFileSync(process.execPath, [join(scratch, "run.cjs")], { cwd: scratch, encoding: "utf8" }).trim()).toBe("00000000000000050000000000000006 true function");
  });
});
