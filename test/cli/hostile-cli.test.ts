import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cborZeros, ednNesting, regexpDataHex, regexpSchema, tplHugeBound } from "../../bench/hostile-inputs.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * The CLI on hostile input (issue 15): located diagnostics or one line
 * `mimi-codec: ...`, never an internal error (runCli would throw: main
 * rethrows what is not a user's mistake).
 */
const root = mkdtempSync(join(tmpdir(), "mimi-hostile-cli-"));
const drafts = join(root, "drafts");
const elsewhere = join(root, "elsewhere");
mkdirSync(drafts);
mkdirSync(elsewhere);
writeFileSync(join(elsewhere, "secret.cddl"), "secret = 4242424242\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (name: string, text: string | Uint8Array): string => {
  const path = join(drafts, name);
  writeFileSync(path, text);
  return path;
};

describe("hostile input on the command line", () => {
  it("lint refuses an include outside the draft's folder without printing it, and --allow-include allows it", async () => {
    const draft = write("escape.md", "# T\n\n{::include ../elsewhere/secret.cddl}\n");
    const r = await runCli(["lint", draft]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${draft}:3:1: error extract/include-outside: include of "../elsewhere/secret.cddl" refused`);
    expect(r.out + r.err).not.toContain("4242424242");
    const allowed = await runCli(["lint", draft, "--allow-include", elsewhere]);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toBe(`${draft}: 0 TPL blocks, 1 CDDL blocks, 1 definitions (1 compiled), 0 errors, 0 warnings\n`); // secret = 4242424242 is a constant
  });

  it("a draft read from stdin (lint -) is confined to the working directory, and --allow-include still allows", async () => {
    // includes are relative to the including file; stdin's is in the working directory
    const secret = relative(process.cwd(), join(elsewhere, "secret.cddl"));
    const r = await runCli(["lint", "-"], `# T\n\n{::include ${secret}}\n`);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`<stdin>.md:3:1: error extract/include-outside: include of "${secret}" refused`);
    expect(r.out + r.err).not.toContain("4242424242");
    const allowed = await runCli(["lint", "-", "--allow-include", elsewhere], `# T\n\n{::include ${secret}}\n`);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("<stdin>.md: 0 TPL blocks, 1 CDDL blocks, 1 definitions (1 compiled), 0 errors, 0 warnings");
  });

  it("lint reports a TPL bound too large for a BigInt as a located error", async () => {
    const draft = write("bound.md", tplHugeBound(5));
    const r = await runCli(["lint", draft]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${draft}:5:5: error tpl/expression: value larger than 2^1024`);
  });

  it("edn2cbor of 100,000 nested arrays is one line with the place", async () => {
    const file = write("deep.edn", ednNesting(100_000));
    const r = await runCli(["edn2cbor", file]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`mimi-codec: ${file}:1:257: nested deeper than 256 levels (maxNesting)`);
  });

  it("cbor2edn --annotate of 130,000 zeros", async () => {
    const file = write("zeros.cbor", cborZeros(130_000));
    const r = await runCli(["cbor2edn", "--annotate", file]);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")).toHaveLength(130_002); // a line per item and the array, and the final newline
  });

  it('validate with .regexp "(a+)+" against 10,000 a\'s and a b', async () => {
    const schema = write("s.cddl", regexpSchema());
    const r = await runCli(["validate", "--schema", schema, "--type", "s", "--hex", regexpDataHex(10_000)]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^s \(offset 0\): "a{10}.* does not match the regexp "\(a\+\)\+"/);
  });
});
