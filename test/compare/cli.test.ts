import { describe, expect, it } from "vitest";
import { ALIGN_HELP, alignCommand, parseAlignArgs } from "../../src/cli/commands/align.js";
import { DIFF_HELP, diffCommand, parseDiffArgs } from "../../src/cli/commands/diff.js";
import { UsageError } from "../../src/cli/cli-error.js";
import type { CliIo } from "../../src/cli/io.js";
import { HAVE_DRAFTS, writeTemp } from "./helpers.js";

/**
 * src/cli/commands/align.ts and diff.ts: argument parsing (no corpus
 * needed), then runs through a captured CliIo (bare files import rfc9420,
 * which compiles from the corpus, so those skip without it).
 */

function capture(): { io: CliIo; out: () => string } {
  let out = "";
  return { io: { out: (t) => void (out += t + "\n"), err: () => {}, readStdin: async () => "" }, out: () => out };
}

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error("no usage error");
};

describe("parsing", () => {
  it("align: two documents, repeatable --map A=B", () => {
    expect(parseAlignArgs(["a.tls", "b.cddl", "--map", "NestablePart=NestedPart", "--map", "X=y", "--json"])).toEqual({
      left: "a.tls",
      right: "b.cddl",
      mapping: { NestablePart: "NestedPart", X: "y" },
      json: true,
      check: false,
    });
    expect(usage(() => parseAlignArgs([]))).toBe("align takes a draft, or two documents: <tpl document> <cddl document>");
    // one draft that carries both languages: its built-in TPL and CDDL pair
    expect(parseAlignArgs(["mimi-content-03"])).toEqual({ left: "mimi-content-03", mapping: {}, json: false, check: false });
    expect(usage(() => parseAlignArgs(["a", "b", "--map", "=x"]))).toBe('--map wants TplName=CddlName, got "=x"');
    expect(usage(() => parseAlignArgs(["a", "b", "--frobnicate"]))).toMatch(/frobnicate/);
  });

  it("diff: two documents, text by default, --md or --json", () => {
    expect(parseDiffArgs(["old", "new"])).toEqual({ old: "old", new: "new", format: "text", check: false });
    expect(parseDiffArgs(["old", "new", "--md", "--check"])).toEqual({ old: "old", new: "new", format: "md", check: true });
    expect(usage(() => parseDiffArgs(["old", "new", "--md", "--json"]))).toBe("choose one of --md and --json");
    expect(usage(() => parseDiffArgs(["old"]))).toBe("diff takes two documents: <old> <new>");
  });

  it("help texts name the usage and the exit status", () => {
    expect(ALIGN_HELP).toMatch(/^usage: mimi-codec align <tpl document> <cddl document>/);
    expect(ALIGN_HELP).toContain("--check");
    expect(DIFF_HELP).toMatch(/^usage: mimi-codec diff <old document> <new document>/);
  });

  it("a missing file is a usage error", () => {
    expect(usage(() => alignCommand(parseAlignArgs(["/nonexistent/a.tls", "/nonexistent/b.cddl"]), capture().io))).toBe("no such file: /nonexistent/a.tls");
  });
});

describe.skipIf(!HAVE_DRAFTS)("running", () => {
  const f = writeTemp({
    "a.tls": "struct {\n    uint8 id;\n} Thing;\n",
    "b.cddl": "thing = [\n  id: uint .size 2,\n]\n",
    "c.cddl": "thing = [\n  id: uint .size 1,\n]\n",
  });

  it("align prints located findings; exit 0, or 1 with --check when the sides disagree", () => {
    const c = capture();
    expect(alignCommand(parseAlignArgs([f["a.tls"]!, f["b.cddl"]!]), c.io)).toBe(0);
    expect(c.out()).toContain(`  int-width Thing.id: TPL uint8, CDDL uint16\n    TPL   ${f["a.tls"]}:2:5\n    CDDL  ${f["b.cddl"]}:2:3`);
    expect(alignCommand(parseAlignArgs([f["a.tls"]!, f["b.cddl"]!, "--check"]), capture().io)).toBe(1);
    expect(alignCommand(parseAlignArgs([f["a.tls"]!, f["c.cddl"]!, "--check"]), capture().io)).toBe(0);
  });

  it("align --json, and a --map naming nothing", () => {
    const c = capture();
    alignCommand(parseAlignArgs([f["a.tls"]!, f["b.cddl"]!, "--json"]), c.io);
    expect(JSON.parse(c.out())).toMatchObject({ counts: { findings: 1, incompatible: 1 }, labels: ["TPL", "CDDL"] });
    expect(usage(() => alignCommand(parseAlignArgs([f["a.tls"]!, f["b.cddl"]!, "--map", "Nope=thing"]), capture().io))).toBe(
      `--map: no definition Nope in ${f["a.tls"]}`,
    );
  });

  it("diff in its three forms; --check fails when old bytes stop decoding", () => {
    const md = capture();
    expect(diffCommand(parseDiffArgs([f["c.cddl"]!, f["b.cddl"]!, "--md"]), md.io)).toBe(0);
    expect(md.out()).toContain("| `thing` | changed | id: width | no | yes | no | no |");
    const json = capture();
    diffCommand(parseDiffArgs([f["c.cddl"]!, f["b.cddl"]!, "--json"]), json.io);
    expect(JSON.parse(json.out())).toMatchObject({ summary: { changed: 1 } });
    const text = capture();
    diffCommand(parseDiffArgs([f["c.cddl"]!, f["b.cddl"]!]), text.io);
    expect(text.out()).toContain("thing: changed; old bytes decode: TPL no, CBOR yes");
    expect(diffCommand(parseDiffArgs([f["c.cddl"]!, f["b.cddl"]!, "--check"]), capture().io)).toBe(1);
    expect(diffCommand(parseDiffArgs([f["c.cddl"]!, f["c.cddl"]!, "--check"]), capture().io)).toBe(0);
  });

  it("the built-in pair", () => {
    const c = capture();
    expect(alignCommand(parseAlignArgs(["mimi-content-03", "mimi-content-03-cddl"]), c.io)).toBe(0);
    expect(c.out()).toMatch(/^Alignment of mimi-content-03 \(TPL\) with mimi-content-03-cddl \(CDDL\)\n12 paired definitions, 21 findings/);
  });
});
