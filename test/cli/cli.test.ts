import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { runCli } from "../helpers/run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "mimi-cli-"));
const tls = join(scratch, "demo.tls");
writeFileSync(
  tls,
  ["enum { red(0), green(1), (255) } Color;", "struct {", "    Color color;", "    opaque name<V>;", "    uint64 at;", "} Paint;", ""].join("\n"),
);

describe("mimi-codec CLI", () => {
  it("prints usage and exits 2 without a command, 0 with --help", async () => {
    expect((await runCli([])).code).toBe(2);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("commands:");
    const decodeHelp = await runCli(["decode", "--help"]);
    expect(decodeHelp.out).toContain("--hex-lines");
  });

  it("reports a user mistake as one line and a non-zero exit, no stack", async () => {
    for (const args of [["frobnicate"], ["decode", "--schema", "rfc9420"], ["decode", "--schema", "rfc9420", "--type", "Nope", "--hex", "00"], ["lint", "/no/such/draft.md"], ["decode", "--bogus"]]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBeGreaterThan(0);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(/^mimi-codec: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it("suggests the right spelling of a type name", async () => {
    const r = await runCli(["decode", "--schema", "rfc9420", "--type", "keypackage", "--hex", "00"]);
    expect(r.err).toContain("did you mean KeyPackage?");
  });

  it("decodes a built-in type to JSON with bytes as hex and uint64 as decimal", async () => {
    const r = await runCli(["decode", "--schema", "rfc9420", "--type", "Lifetime", "--hex", "0000000000000001ffffffffffffffff"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ not_before: "1", not_after: "18446744073709551615" });
  });

  it("fails with offset and field path on bad input", async () => {
    const r = await runCli(["decode", "--schema", "rfc9420", "--type", "SenderData", "--hex", "0000000100000002aabbcc"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("at offset 8 (SenderData.reuse_guard)");
  });

  it("decodes many inputs with --hex-lines and --roundtrip", async () => {
    const lines = join(scratch, "inputs.hex");
    writeFileSync(lines, ["# two good, one truncated, one non-minimal varint", "0003616263", "00 00", "0005ab", "004003616263"].join("\n"));
    const r = await runCli(["decode", "--schema", "rfc9420", "--type", "SignContent", "--hex-lines", lines, "--roundtrip"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${lines}:2: roundtrip identical`);
    expect(r.out).toContain(`${lines}:3: roundtrip identical`);
    expect(r.err).toMatch(/inputs\.hex:4: error: .*truncated/);
    expect(r.err).toMatch(/inputs\.hex:5: error: non-minimal varint/);
    expect(r.out).toContain("2 of 4 inputs ok");
    const json = JSON.parse((await runCli(["decode", "--schema", "rfc9420", "--type", "SignContent", "--hex-lines", lines, "--roundtrip", "--json"])).out) as { ok: number; inputs: Array<{ error?: string; roundtrip?: string }> };
    expect(json.ok).toBe(2);
    expect(json.inputs.map((i) => i.roundtrip ?? (i.error ? "error" : ""))).toEqual(["identical", "identical", "error", "error"]);
  });

  it("passes codec context for selects on values outside the struct", async () => {
    // PrivateMessageContent, application arm: application_data<V>, signature<V>, no confirmation tag, zero padding
    const hex = "026869" + "0100" + "0000";
    const withCtx = await runCli(["decode", "--schema", "rfc9420", "--type", "PrivateMessageContent", "--hex", hex, "--context", "PrivateMessage.content_type=application"]);
    expect(withCtx.code).toBe(0);
    expect(JSON.parse(withCtx.out)).toEqual({ application_data: "6869", auth: { signature: "00" }, padding: "0000" });
    const without = await runCli(["decode", "--schema", "rfc9420", "--type", "PrivateMessageContent", "--hex", hex]);
    expect(without.code).toBe(1);
    expect(without.err).toContain("the codec context must give PrivateMessage.content_type");
  });

  it("encodes JSON from stdin and round-trips through decode", async () => {
    const value = { not_before: "5", not_after: "7" };
    const enc = await runCli(["encode", "--schema", "rfc9420", "--type", "Lifetime"], JSON.stringify(value));
    expect(enc.code).toBe(0);
    expect(enc.out.trim()).toBe("00000000000000050000000000000007");
    const bad = await runCli(["encode", "--schema", "rfc9420", "--type", "Lifetime"], JSON.stringify({ not_before: "x", not_after: "7" }));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("/not_before");
  });

  it("compiles a bare .tls file on the fly for decode and encode", async () => {
    const enc = await runCli(["encode", "--schema", tls, "--type", "Paint"], JSON.stringify({ color: "green", name: "6869", at: "1" }));
    expect(enc.code).toBe(0);
    expect(enc.out.trim()).toBe("01" + "026869" + "0000000000000001");
    const dec = await runCli(["decode", "--schema", tls, "--type", "Paint", "--hex", enc.out.trim()]);
    expect(JSON.parse(dec.out)).toEqual({ color: "green", name: "6869", at: "1" });
    const badEnum = await runCli(["decode", "--schema", tls, "--type", "Paint", "--hex", "07026869" + "0000000000000001"]);
    expect(badEnum.err).toContain("unknown Color value 7 at offset 0 (Paint.color)");
  });

  it("lints a file with located diagnostics and a caret", async () => {
    const bad = join(scratch, "bad.md");
    writeFileSync(bad, ["# Demo", "", "~~~ tls", "enum {", "    a(0);", "    b(1)", "} E;", "struct {", "    E e;", "    Missing m;", "} S;", "~~~", ""].join("\n"));
    const lenient = await runCli(["lint", bad]);
    expect(lenient.code).toBe(1);
    expect(lenient.out).toContain(`${bad}:5:9: warning tpl/enum-semicolon`);
    expect(lenient.out).toContain(`${bad}:10:5: error ir/undefined-type: type Missing is not defined; S cannot be compiled`);
    expect(lenient.out).toMatch(/ {6}Missing m;\n {6}\^/);
    const strict = await runCli(["lint", "--strict", bad]);
    expect(strict.out).toContain(`${bad}:5:9: error tpl/enum-semicolon`);
    const json = await runCli(["lint", "--json", bad]);
    const parsed = JSON.parse(json.out) as Array<{ summary: { errors: number; warnings: number } }>;
    expect(parsed[0]!.summary).toMatchObject({ errors: 1, warnings: 1 });
  });

  it("generates TypeScript for a draft into --out", async () => {
    const out = join(scratch, "gen");
    const r = await runCli(["gen", tls, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("demo: 1 TPL + 0 CDDL blocks, 2/2 definitions generated");
  });
});

describe.skipIf(!HAVE_DRAFTS)("mimi-codec lint on the reference documents", () => {
  it("RFC 9420 and RFC 8446 lint strictly with zero errors", async () => {
    const mls = await runCli(["lint", "--strict", join(DRAFTS, "mls/rfc9420.md")]);
    expect(mls.code).toBe(0);
    expect(mls.out).toMatch(/rfc9420\.md: 48 TPL blocks, 0 CDDL blocks, \d+ definitions \(\d+ compiled\), 0 errors/);
    const tlsDoc = await runCli(["lint", "--strict", "rfc8446"]);
    expect(tlsDoc.code).toBe(0);
    expect(tlsDoc.out).toMatch(/rfc8446: 30 TPL blocks, 0 CDDL blocks, 51 definitions \(51 compiled\), 0 errors/);
  });
});

describe.skipIf(!HAVE_DRAFTS)("lint of a draft that defines its data model twice", () => {
  it("includes the TPL-vs-CDDL alignment findings, located at the TPL and citing the CDDL", async () => {
    const r = await runCli(["lint", join(DRAFTS, "mimi-content/03/draft-ietf-mimi-content.md")]);
    expect(r.out).toMatch(/draft-ietf-mimi-content\.md:305:5: warning align\/limit: MimiContent\.extensions\{value\}: TPL allows 0\.\.65535 bytes, CDDL 0\.\.4095 bytes/);
    expect(r.out).toMatch(/see also .*mimi-content\.cddl:68:1/);
    // and what the merged module's codecs refuse that the other side allows
    expect(r.out).toMatch(/draft-ietf-mimi-content\.md:405:3: note merge\/narrowed: Disposition: TPL rejects 9\.\.255 and values it does not name/);
    expect(r.out).toMatch(/mimi-content\.cddl:49:3: note merge\/narrowed: inReplyTo\.hashAlg: CBOR rejects 2\.\.2\^64-1/);
  });
});
