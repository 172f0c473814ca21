import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { writeTplDraft } from "../helpers/tpl-draft.js";

/** Exit codes and silence: nothing is dropped without a word, errors go to stderr, --json and - everywhere. */
const dir = mkdtempSync(join(tmpdir(), "mimi-exit-"));
const draft = (name: string, tls: string[]) => writeTplDraft(dir, name, tls);
const broken = draft("broken.md", ["struct { uint8 a; } Good;", "struct { Missing m; } Bad;"]);
const generic = draft("generic.md", ["struct { uint8 a; } Good;", "struct { T item; uint8 n; } Box<T>;"]);
const empty = join(dir, "empty.md");
writeFileSync(empty, "# Nothing here\n\nJust prose.\n");

describe("gen and lint fail when a definition does not compile", () => {
  it("gen writes nothing and exits 1, naming each definition on stderr; --allow-errors generates the rest", async () => {
    const out = join(dir, "out1");
    const r = await runCli(["gen", broken, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("broken: Bad is not generated (uses undefined type Missing)");
    expect(r.err).toMatch(/mimi-codec: nothing written: .*--allow-errors/);
    expect(existsSync(join(out, "generated", "broken", "index.ts"))).toBe(false);
    const allowed = await runCli(["gen", broken, "--out", out, "--allow-errors"]);
    expect(allowed.code).toBe(0);
    expect(allowed.err).toContain("broken: Bad is not generated");
    expect(allowed.out).toContain("broken: 1 TPL + 0 CDDL blocks, 1/2 definitions generated");
    expect(readFileSync(join(out, "generated", "broken", "index.ts"), "utf8")).toMatch(/Good/);
    expect((await runCli(["lint", broken])).code).toBe(1);
  });

  it("a generic struct is an error, located, not a silent drop", async () => {
    const lint = await runCli(["lint", generic]);
    expect(lint.code).toBe(1);
    expect(lint.out).toContain(`${generic}:5:29: error tpl/generic: struct Box<T> is generic, which TPL does not have (only the built-in optional<T>): not compiled`);
    const gen = await runCli(["gen", generic, "--out", join(dir, "out2")]);
    expect(gen.code).toBe(1);
    expect(gen.err).toContain(`generic: ${generic}:5:29: struct Box<T> is generic`);
  });

  it("a draft with no definitions, or a missing one, is an error, not an empty module", async () => {
    const r = await runCli(["gen", empty, "--out", join(dir, "out3")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`empty: no definitions found in ${empty} (no TPL or CDDL block compiles)`);
    expect(existsSync(join(dir, "out3"))).toBe(false);
    const missing = await runCli(["gen", join(dir, "nope.md")]);
    expect(missing.code).toBe(2);
    expect(missing.err.trim()).toBe(`mimi-codec: no such file: ${join(dir, "nope.md")}`);
  });
});

describe("--version, --json, - for stdin", () => {
  it("--version", async () => {
    const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    expect((await runCli(["--version"])).out.trim()).toBe(`mimi-codec ${version}`);
  });

  it("--json on gen, encode, convert, edn2cbor, cbor2edn", async () => {
    const gen = JSON.parse((await runCli(["gen", broken, "--out", join(dir, "out4"), "--allow-errors", "--json"])).out) as { documents: Array<{ document: string; notCompiled: Record<string, string> }> };
    expect(gen.documents[0]).toMatchObject({ document: "broken", generated: 1, notCompiled: { Bad: "uses undefined type Missing" } });
    expect(JSON.parse((await runCli(["encode", "--schema", "rfc9420", "--type", "Lifetime", "--json"], '{"not_before":"5","not_after":"7"}')).out)).toEqual({
      type: "Lifetime",
      format: "tpl",
      hex: "00000000000000050000000000000007",
    });
    expect(JSON.parse((await runCli(["edn2cbor", "--json"], "[1, h'ff']")).out)).toEqual({ hex: "8201" + "41ff" });
    expect(JSON.parse((await runCli(["cbor2edn", "--hex", "820141ff", "--json"])).out)).toEqual({ edn: "[1, h'ff']" });
    expect(JSON.parse((await runCli(["convert", "--schema", "rfc9420", "--type", "Lifetime", "--from", "tpl", "--to", "cbor", "--hex", "00000000000000050000000000000007", "--json"])).out)).toEqual({
      format: "cbor",
      hex: "820507",
    });
  });

  it("- reads stdin: a draft for lint, bytes for decode and cbor2edn, text for edn2cbor", async () => {
    const md = readFileSync(broken, "utf8");
    const lint = await runCli(["lint", "-"], md);
    expect(lint.out).toContain("<stdin>.md:5:10: error ir/undefined-type: type Missing is not defined; Bad cannot be compiled");
    expect(lint.out).toContain("<stdin>.md: 1 TPL blocks, 0 CDDL blocks, 2 definitions (1 compiled), 1 errors");
    const bytes = String.fromCharCode(0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0xff);
    expect(JSON.parse((await runCli(["decode", "--schema", "rfc9420", "--type", "Lifetime", "-"], bytes)).out)).toEqual({ not_before: "5", not_after: "255" });
    expect((await runCli(["cbor2edn", "-"], String.fromCharCode(0x82, 1, 2))).out.trim()).toBe("[1, 2]");
    expect((await runCli(["edn2cbor", "-"], "[1, 2]")).out.trim()).toBe("820102");
  });
});
