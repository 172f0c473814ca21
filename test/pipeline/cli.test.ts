/** `mimi-codec pipeline` and `mimi-codec message-id` (the command functions; main.ts wires the flags). */
import { describe, expect, it } from "vitest";
import { MESSAGE_ID_HELP, PIPELINE_HELP, messageIdCommand, pipelineCommand } from "../../src/cli/commands/pipeline.js";
import { UsageError } from "../../src/cli/cli-error.js";
import { Composer, RULES, encodeContent } from "../../src/pipeline/index.js";
import { fromHex, toHex } from "../../src/runtime/index.js";

function capture() {
  const lines: string[] = [];
  return { lines, io: { out: (t: string) => void lines.push(...t.split("\n")), err: (t: string) => void lines.push(t), readStdin: async () => "" } };
}

describe("mimi-codec pipeline", () => {
  it("prints every message with kind, sender, ID, sizes, then the identical final views", async () => {
    const c = capture();
    expect(await pipelineCommand(c.io)).toBe(0);
    const text = c.lines.join("\n");
    expect(text).toMatch(/^ 1 +original +alice +017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4 +same +193 +186 +\d+ +\d+ +\d+$/m);
    expect(text).toMatch(/^13 +expiring +alice +01e59db8173939facc2c8a4a0f0ae8d0c7a11a81239626630c9464a8d6717a03 +same /m);
    expect(text).toMatch(/^ 8 +attachment +bob +01[0-9a-f]{62} +differs /m);
    expect(text).toContain("all accepted");
    expect(text).toContain("views at 2022-02-09T07:00:05.000Z: identical for alice, bob, cathy");
  });

  it("--rules lists every rule with its source", async () => {
    const c = capture();
    expect(await pipelineCommand(c.io, { rules: true })).toBe(0);
    expect(c.lines).toHaveLength(Object.keys(RULES).length);
    expect(c.lines).toContain('body/too-deep: NestedParts nested more than 4 levels deep [content, "Depth restrictions" and "General handling" (more than 4 levels)]');
  });

  it("--format must be cbor or tpl", async () => {
    await expect(pipelineCommand(capture().io, { format: "json" })).rejects.toBeInstanceOf(UsageError);
  });

  it("help texts name the options", () => {
    expect(PIPELINE_HELP).toMatch(/^usage: mimi-codec pipeline/);
    expect(MESSAGE_ID_HELP).toContain("--sender <uri> --room <uri>");
  });
});

describe("mimi-codec message-id --hex", () => {
  const content = new Composer({ senderUri: "mimi://a.example/u/x", roomUri: "mimi://a.example/r/y" }).original("hi", { salt: fromHex("000102030405060708090a0b0c0d0e0f") });
  const hex = toHex(encodeContent(content));

  it("prints the ID; TPL input works with --format tpl", async () => {
    const c = capture();
    expect(await messageIdCommand({ sender: "mimi://a.example/u/x", room: "mimi://a.example/r/y", hex }, c.io)).toBe(0);
    expect(c.lines[0]).toMatch(/^01[0-9a-f]{62}$/);
    const t = capture();
    expect(await messageIdCommand({ sender: "mimi://a.example/u/x", room: "mimi://a.example/r/y", hex: toHex(encodeContent(content, "tpl")), format: "tpl" }, t.io)).toBe(0);
    expect(t.lines[0]).not.toBe(c.lines[0]);
  });

  it("usage errors: two inputs, no input, bad hex, not MIMI content", async () => {
    const io = capture().io;
    const base = { sender: "mimi://a.example/u/x", room: "mimi://a.example/r/y" };
    await expect(messageIdCommand({ ...base }, io)).rejects.toThrow(/exactly one input/);
    await expect(messageIdCommand({ ...base, hex, file: "x" }, io)).rejects.toThrow(/exactly one input/);
    await expect(messageIdCommand({ ...base, hex: "zz" }, io)).rejects.toThrow(/bad hex/);
    await expect(messageIdCommand({ ...base, hex: "a0" }, io)).rejects.toThrow(/not a MIMI content message: cddl\/invalid/);
    await expect(messageIdCommand({ ...base, hex, format: "xml" }, io)).rejects.toThrow(/--format/);
  });
});
