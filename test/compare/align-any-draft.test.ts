import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { runCli } from "../helpers/run-cli.js";

/** `mimi-codec align <draft>` on any draft that writes its data model in both TPL and CDDL. */
const dir = mkdtempSync(join(tmpdir(), "mimi-align-"));
const both = join(dir, "both.md");
writeFileSync(
  both,
  [
    "# Messages",
    "",
    "~~~ tls",
    "struct {",
    "    opaque id<V>;",
    "    uint16 count;",
    "    Entry entries<V>;",
    "} Message;",
    "",
    "struct {",
    "    uint8 kind;",
    "    opaque data<V>;",
    "} Entry;",
    "~~~",
    "",
    "~~~ cddl",
    "message = [",
    "  id: bstr,",
    "  count: uint .size 4,",
    "  entries: [* item],",
    "]",
    "item = [ kind: uint .size 1, data: bstr ]",
    "~~~",
    "",
  ].join("\n"),
);
type Aligned = { pairs: Array<{ left: string; right: string; by: string }>; findings: Array<{ kind: string; path: string }>; leftOnly: unknown[]; rightOnly: unknown[] };

describe("align <draft>", () => {
  it("pairs the draft's TPL with its own CDDL by name (ignoring case) and through fields, with every disagreement", async () => {
    const r = await runCli(["align", both, "--json"]);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as Aligned;
    expect(a.pairs.map((p) => `${p.left}~${p.right} ${p.by}`)).toEqual(["Message~message name-case", "Entry~item inferred"]);
    expect(a.findings.map((f) => `${f.kind} ${f.path}`)).toEqual(["int-width Message.count"]);
    expect(a.leftOnly).toEqual([]);
    expect(a.rightOnly).toEqual([]);
  });

  it("--map pairs what names and fields do not; --check fails on bytes the sides do not both accept", async () => {
    const mapped = JSON.parse((await runCli(["align", both, "--map", "Entry=item", "--json"])).out) as Aligned;
    expect(mapped.pairs.find((p) => p.left === "Entry")).toMatchObject({ right: "item", by: "mapping" });
    expect((await runCli(["align", both, "--check"])).code).toBe(1);
  });

  it("a draft with one language only is one line saying so", async () => {
    const tplOnly = join(dir, "tpl-only.md");
    writeFileSync(tplOnly, ["# T", "", "~~~ tls", "struct { uint8 a; } A;", "~~~", ""].join("\n"));
    const r = await runCli(["align", tplOnly]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`mimi-codec: ${tplOnly} has 1 TPL and 0 CDDL definitions: align needs both; give two documents (<tpl document> <cddl document>)`);
  });
});

describe.skipIf(!HAVE_DRAFTS)("align on a copy of mimi-content-03", () => {
  const copy = mkdtempSync(join(tmpdir(), "mimi-align-03-"));
  if (HAVE_DRAFTS) cpSync(join(DRAFTS, "mimi-content/03"), copy, { recursive: true });

  it("recognised as the built-in: its two halves, the same findings as align mimi-content-03", async () => {
    const builtin = JSON.parse((await runCli(["align", "mimi-content-03", "--json"])).out) as Aligned;
    const copied = JSON.parse((await runCli(["align", join(copy, "draft-ietf-mimi-content.md"), "--json"])).out) as Aligned;
    expect(copied.findings.map((f) => `${f.kind} ${f.path}`)).toEqual(builtin.findings.map((f) => `${f.kind} ${f.path}`));
    expect(copied.pairs.length).toBe(12);
  });

  it("with a config of its own (not the built-in's): its TPL and its CDDL compiled from the copy", async () => {
    writeFileSync(join(copy, "draft-ietf-mimi-content.mimi-codec.json"), JSON.stringify({ document: "content", text: ["Utf8", "IdUrl"] }));
    const r = await runCli(["align", join(copy, "draft-ietf-mimi-content.md"), "--map", "NestablePart=NestedPart", "--json"]);
    const a = JSON.parse(r.out) as Aligned & { left: { name: string }; right: { name: string } };
    expect([a.left.name, a.right.name]).toEqual(["content", "content"]);
    expect(a.pairs.find((p) => p.left === "NestablePart")).toMatchObject({ right: "NestedPart", by: "mapping" });
    expect(a.pairs.length).toBeGreaterThanOrEqual(12);
  });
});
