import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Start-up: which modules a run of the real CLI loads. A module hook
 * (node:module register) records every module Node resolves; `--help` must
 * not load the compiler or the code generator, and `lint` must parse with
 * the generated parsers, without loading peggy or the code generator.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "mimi-lazy-"));
const hook = join(scratch, "record-hook.mjs");
writeFileSync(
  hook,
  [
    'import { appendFileSync } from "node:fs";',
    "export async function resolve(specifier, context, next) {",
    "  const r = await next(specifier, context);",
    '  appendFileSync(process.env.MIMI_MODULE_LOG, r.url + "\\n");',
    "  return r;",
    "}",
    "",
  ].join("\n"),
);
const register = `data:text/javascript,import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hook).href)});`;
const tls = join(scratch, "paint.tls");
writeFileSync(tls, ["struct {", "    uint8 color;", "    opaque name<V>;", "} Paint;", ""].join("\n"));

function modulesLoadedBy(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const log = join(scratch, `modules-${args[0]}.log`);
  writeFileSync(log, "");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", register, "src/cli/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, MIMI_MODULE_LOG: log },
      stdio: ["ignore", "ignore", "ignore"],
    });
    child.on("exit", (code) => resolve({ code, modules: [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))] }));
  });
}

const matching = (modules: readonly string[], re: RegExp) => modules.filter((m) => re.test(m));

describe("what a run of the CLI loads", () => {
  it("--help loads neither the compiler nor the code generator, ts-morph, prettier or peggy", async () => {
    const { code, modules } = await modulesLoadedBy(["--help"]);
    expect(code).toBe(0);
    expect(matching(modules, /src\/cli\/(main|help)\.ts$/)).toHaveLength(2); // the hook did see the run
    expect(matching(modules, /src\/(compile|codegen|tpl|cddl|report|pipeline)\/|src\/cli\/commands\/|node_modules\/(ts-morph|prettier|peggy)\//)).toEqual([]);
  }, 60_000);

  it("lint parses with the generated parsers: no peggy, no grammar file, no code generator", async () => {
    const { code, modules } = await modulesLoadedBy(["lint", tls]);
    expect(code).toBe(0);
    expect(matching(modules, /src\/parsers\/tpl-parser\.js$/)).toHaveLength(1);
    expect(matching(modules, /src\/cli\/commands\/lint\.ts$/)).toHaveLength(1);
    expect(matching(modules, /node_modules\/(peggy|ts-morph|prettier)\/|\.peggy$|src\/codegen\/|src\/cli\/commands\/(?!lint|align)/)).toEqual([]);
  }, 60_000);
});
