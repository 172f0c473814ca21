import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUsageError } from "../../src/cli/cli-error.js";
import { parseValidateArgs, VALIDATE_HELP, VALIDATE_OPTIONS, validateCommand, type ValidateCommandOptions } from "../../src/cli/commands/validate.js";
import { toHex } from "../../src/runtime/index.js";
import { DRAFTS, encode, HAVE_DRAFTS } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mimi-validate-cli-"));
const cddl = join(dir, "msg.cddl");
writeFileSync(cddl, ["msg = [", "  id: uint .size 2,", "  tags: {* tstr => int},", '  f: tstr .feature "x",', "]", "broken = [", ""].join("\n"));

async function run(opts: Partial<ValidateCommandOptions>): Promise<{ code: number; out: string }> {
  let out = "";
  const io = { out: (t: string) => void (out += t.endsWith("\n") ? t : t + "\n"), err: (t: string) => void (out += t), readStdin: async () => "" };
  const code = await validateCommand({ schema: cddl, type: "msg", json: false, ...opts }, io);
  return { code, out };
}

/** The caret line under column `col` of a source line printed with 4 spaces of indent. */
function caret(col: number): string {
  return " ".repeat(4 + col - 1) + "^";
}

async function usage(opts: Partial<ValidateCommandOptions>): Promise<string> {
  try {
    await run(opts);
  } catch (e) {
    if (isUsageError(e)) return e.message;
    throw e;
  }
  return "no error";
}

describe("mimi-codec validate", () => {
  it("prints valid (and notes) and exits 0", async () => {
    const r = await run({ hex: toHex(encode([7, new Map([["a", 1]]), "s"])) });
    expect(r.code).toBe(0);
    expect(r.out).toBe(`msg[2].f (offset 6): note: uses the feature "x"\n  at ${cddl}:4:11\n      f: tstr .feature "x",\n${caret(11)}\nvalid\n`);
  });

  it("prints each mismatch with its path, offset, CDDL location and source line, and exits 1", async () => {
    const file = join(dir, "bad.cbor");
    writeFileSync(file, encode([70000, new Map([["a", "one"]]), "s"]));
    const r = await run({ file });
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        `msg[0].id (offset 1): 70000 needs 3 bytes, more than .size 2 allows`,
        `  violates ${cddl}:2:12`,
        `      id: uint .size 2,`,
        caret(12),
        `msg[1].tags{"a"} (offset 9): expected int, got "one"`,
        `  violates ${cddl}:3:20`,
        `      tags: {* tstr => int},`,
        caret(20),
        "",
      ].join("\n"),
    );
  });

  it("--json gives the mismatches as data", async () => {
    const r = await run({ hex: toHex(encode([1, new Map(), 2])), json: true });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      schema: cddl,
      type: "msg",
      valid: false,
      mismatches: [{ path: "msg[2].f", offset: 3, message: "expected tstr, got 2", cddl: { file: cddl, line: 4, col: 6 }, severity: "error" }],
    });
  });

  it("says when the input is not well-formed CBOR", async () => {
    const r = await run({ hex: "82 01" });
    expect(r.code).toBe(1);
    // an error, on stderr (this capture appends stderr to the same text)
    expect(r.out).toBe("error: the input is not well-formed CBOR: array count 2 exceeds remaining 1 bytes at offset 0");
  });

  it("turns user mistakes into usage errors", async () => {
    expect(await usage({})).toBe("give exactly one input: a .cbor file or --hex <hex>");
    expect(await usage({ hex: "00", file: "x.cbor" })).toBe("give exactly one input: a .cbor file or --hex <hex>");
    expect(await usage({ hex: "zz" })).toMatch(/^--hex: /);
    expect(await usage({ hex: "00", type: "Msg" })).toBe(`${cddl} has no rule Msg (did you mean msg?)`);
    expect(await usage({ hex: "00", type: "broken" })).toMatch(
      new RegExp(`^${cddl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: rule broken does not parse: .*\\(${cddl}:6:11\\)$`),
    );
    expect(await usage({ hex: "00", schema: join(dir, "missing.cddl") })).toBe(`no such file: ${join(dir, "missing.cddl")}`);
  });

  it("validates a draft example against a built-in document, whose CDDL is read where $MIMI_DRAFTS says", { skip: !HAVE_DRAFTS }, async () => {
    const file = join(DRAFTS, "mimi-content/main-2026-03/examples/reply.cbor");
    const before = process.env["MIMI_DRAFTS"];
    try {
      delete process.env["MIMI_DRAFTS"];
      await expect(run({ schema: "mimi-content-main", type: "mimiContent", file })).rejects.toThrow(/needs its source mimi-content\/main-2026-03\/draft-ietf-mimi-content\.md.*set \$MIMI_DRAFTS/);
      process.env["MIMI_DRAFTS"] = DRAFTS;
      expect(await run({ schema: "mimi-content-main", type: "mimiContent", file })).toEqual({ code: 0, out: "valid\n" });
    } finally {
      if (before === undefined) delete process.env["MIMI_DRAFTS"];
      else process.env["MIMI_DRAFTS"] = before;
    }
  });

  it("parses its own arguments", () => {
    expect(parseValidateArgs(["--schema", "s.cddl", "--type", "t", "x.cbor", "--json"])).toEqual({ schema: "s.cddl", type: "t", file: "x.cbor", json: true });
    expect(parseValidateArgs(["--schema", "s.cddl", "--type", "t", "--hex", "00"])).toEqual({ schema: "s.cddl", type: "t", hex: "00", json: false });
    expect(parseValidateArgs(["--schema", "s.md", "--type", "t", "--hex", "00", "--allow-include", "a", "--allow-include", "b"])).toMatchObject({ allowInclude: ["a", "b"] });
    for (const [args, message] of [
      [["--type", "t", "--hex", "00"], "missing --schema"],
      [["--schema", "s", "--hex", "00"], "missing --type"],
      [["--schema", "s", "--type", "t", "a.cbor", "b.cbor"], "validate takes one .cbor file"],
    ] as const) {
      expect(() => parseValidateArgs(args)).toThrow(message);
    }
    expect(() => parseValidateArgs(["--schema", "s", "--type", "t", "--bogus"])).toThrow(/Unknown option '--bogus'/);
  });

  it("documents itself for the command table", () => {
    expect(VALIDATE_HELP).toMatch(/^usage: mimi-codec validate --schema <document> --type <rule> \(<file\.cbor> \| --hex <hex>\) \[--json\]/);
    expect(Object.keys(VALIDATE_OPTIONS)).toEqual(["schema", "type", "hex", "json", "allow-include"]);
  });
});
