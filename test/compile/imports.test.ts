import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { runCli } from "../helpers/run-cli.js";
import { writeTplDraft } from "../helpers/tpl-draft.js";

/** Cross-draft imports by path, and drafts given together linking their definitions. */
const dir = mkdtempSync(join(tmpdir(), "mimi-imports-"));
const write = (name: string, tls: string[]) => writeTplDraft(dir, name, tls);
const base = write("base.md", ["enum { low(0), high(1), (255) } Level;", "struct { Level level; opaque note<V>; } Tag;"]);
const user = write("user.md", ["struct { Tag tag; uint16 n; } Tagged;", "struct { KeyPackage kp; Tagged t; } Joined;"]);
const loopA = write("loop-a.md", ["struct { B b; } A;", "struct { uint8 x; } A2;"]);
const loopB = write("loop-b.md", ["struct { A2 a; } B;"]);

describe("imports by path", () => {
  it("--import <file>: the draft's undefined names come from the other draft, compiled with its own config", () => {
    const cache = new Map<string, CompiledDocument>();
    const alone = compileWithImports(user, { cache: new Map() });
    expect(alone.broken.has("Tagged")).toBe(true);
    const c = compileWithImports(user, { cache, imports: [base] });
    expect(c.broken.size).toBe(0);
    expect(c.ir.imports).toEqual(["rfc9420", "base"]);
    // RFC 9420 is its shipped IR: no drafts folder involved
    expect(cache.get("rfc9420")?.path).toBe("mls/rfc9420.md");
    const tagged = c.ir.definitions.find((d) => d.name === "Tagged")!;
    expect(JSON.stringify(tagged.type)).toContain('{"kind":"ref","name":"Tag","document":"base"}');
  });

  it("an import that is neither a built-in nor a file is one line", async () => {
    const r = await runCli(["lint", user, "--import", join(dir, "nope.md")]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toMatch(/^mimi-codec: user imports .*nope\.md, which is neither a built-in document \(rfc9420, .*\) nor a file$/);
  });

  it("drafts given together link: lint user.md base.md compiles user.md against base.md", async () => {
    const r = await runCli(["lint", user, base]);
    expect(r.out).toContain(`${user}:1:1: note import/sibling: imports ${base} (given on the same command line) for Tag`);
    expect(r.out).toContain(`${user}: 1 TPL blocks, 0 CDDL blocks, 2 definitions (2 compiled), 0 errors`);
    expect(r.code).toBe(0);
  });

  it("gen of linked drafts: the user's module imports the other's; an imported draft file is generated too", async () => {
    const out = join(dir, "out");
    const r = await runCli(["gen", user, "--import", base, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("base: 1 TPL + 0 CDDL blocks, 2/2 definitions generated");
    // the whole module imports the others' internal entries: the draft file's beside it, RFC 9420's from the runtime package
    const module = readFileSync(join(out, "generated", "user", "internal.ts"), "utf8");
    expect(module).toMatch(/from "\.\.\/base\/internal\.js"/);
    expect(module).toMatch(/from "@mimi-codec\/runtime\/rfc9420\/internal"/);
  });

  it("decode with a type from an imported draft file", async () => {
    // Tagged: Tag { level: high, note: 0xab } then n = 7
    const r = await runCli(["decode", "--schema", user, "--import", base, "--type", "Tagged", "--hex", "01" + "01ab" + "0007"]);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toEqual({ tag: { level: "high", note: "ab" }, n: 7 });
  });

  it("diff --import: both versions see the imported definitions", async () => {
    const v2 = write("user-2.md", ["struct { Tag tag; uint32 n; } Tagged;", "struct { KeyPackage kp; Tagged t; } Joined;"]);
    const r = await runCli(["diff", user, v2, "--import", base, "--json"]);
    const diff = JSON.parse(r.out) as { summary: { changed: number; affected: number } };
    expect(diff.summary).toMatchObject({ changed: 1, affected: 1 });
  });

  it("two drafts that use each other's definitions are an error, not a loop", async () => {
    const r = await runCli(["lint", loopA, loopB]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error import\/cycle: .*loop-b\.md and .*loop-a\.md use each other's definitions/);
    // imported one way only, B (which needs A2) is not compiled in loop-b, so neither is A, which uses it
    const c = compileWithImports(loopA, { imports: [loopB] });
    expect(c.broken.get("A")).toBe("uses B from loop-b, which is not compiled there");
  });
});
