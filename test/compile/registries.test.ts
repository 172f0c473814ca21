import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBuiltinConfig } from "../../src/compile/builtin.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { readRegistries, registryAliasFor } from "../../src/compile/read-registries.js";
import type { IRType } from "../../src/ir/types.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { readFileSync } from "node:fs";

/** IANA registries read from the drafts' IANA Considerations, as open enums of their integer aliases. */
const dir = mkdtempSync(join(tmpdir(), "mimi-iana-"));
const enumValues = (t: IRType | undefined) => (t && t.kind === "enum" ? Object.fromEntries(t.values.map((v) => [v.name, v.value])) : undefined);

describe("reading registry tables and lists", () => {
  it("markdown: a Value | Name table under its heading; GREASE and ranges left out; RESERVED in the table's case", () => {
    const md = ["# IANA Considerations", "", "## MLS Widget Types", "", "| Value | Name | R | Ref |", "|:--|:--|:--|:--|", "| 0x0000 | RESERVED | - | RFC X |", "| 0x0001 | small_widget | Y | RFC X |", "| 0x0A0A | GREASE | Y | RFC X |", "| 0xF000 - 0xFFFF | Reserved for Private Use | - | RFC X |", ""].join("\n");
    const [reg] = readRegistries("x.md", md, "markdown");
    expect(reg!.names).toEqual(["MLS Widget Types"]);
    expect(reg!.entries.map((e) => [e.name, e.value, e.loc.line])).toEqual([["reserved", 0, 7], ["small_widget", 1, 8]]);
    expect(registryAliasFor(reg!, ["Widget", "WidgetType"])).toEqual({ alias: "WidgetType", registry: "MLS Widget Types" });
  });

  it("a list of Value/Name items under 'This document registers the following ...', TBD with a suggested value", () => {
    const md = ["# IANA Considerations", "", "This document registers the following two MLS Gadget Types per RFC X.", "", "## first", "", "- Value: TBD0 (suggested value 0x0024)", "- Name: first_gadget", "", "## second", "", "- Value: 7", "- Name: second_gadget", ""].join("\n");
    const regs = readRegistries("x.md", md, "markdown");
    expect(regs.map((r) => r.entries.map((e) => `${e.name}=${e.value}`))).toEqual([["first_gadget=36"], ["second_gadget=7"]]);
    expect(regs[0]!.names).toContain("MLS Gadget Types");
    expect(registryAliasFor(regs[0]!, ["GadgetType"])?.alias).toBe("GadgetType");
  });

  it("xml2rfc tables and plain-text tables", () => {
    const xml = '<rfc><middle><section><name>IANA Considerations</name><section><name>MLS Widget Types</name><table><thead><tr><th>Value</th><th>Name</th></tr></thead><tbody><tr><td>0x0002</td><td>big_widget</td></tr></tbody></table></section></section></middle></rfc>';
    expect(readRegistries("x.xml", xml, "xml").map((r) => [r.names, r.entries.map((e) => `${e.name}=${e.value}`)])).toEqual([[["MLS Widget Types"], ["big_widget=2"]]]);
    const txt = ["17.  IANA Considerations", "", "17.2.  MLS Widget Types", "", "   | Value  | Name       |", "   +========+============+", "   | 0x0003 | odd_widget |", ""].join("\n");
    expect(readRegistries("x.txt", txt, "text").map((r) => r.entries.map((e) => `${e.name}=${e.value}`))).toEqual([["odd_widget=3"]]);
  });
});

describe.skipIf(!HAVE_DRAFTS)("RFC 9420 with no hand-written registries", () => {
  it("its config has none, and §17 gives the five integer aliases their values", () => {
    expect(loadBuiltinConfig("rfc9420").registries).toBeUndefined();
    const c = compileWithImports("rfc9420", { strict: true, drafts: DRAFTS });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(c.ir.definitions.length - c.broken.size).toBe(82);
    const def = (n: string) => c.ir.definitions.find((d) => d.name === n)?.type;
    expect(enumValues(def("WireFormat"))).toEqual({ reserved: 0, mls_public_message: 1, mls_private_message: 2, mls_welcome: 3, mls_group_info: 4, mls_key_package: 5 });
    expect(enumValues(def("ProposalType"))).toEqual({ reserved: 0, add: 1, update: 2, remove: 3, psk: 4, reinit: 5, external_init: 6, group_context_extensions: 7 });
    expect(enumValues(def("ExtensionType"))).toEqual({ reserved: 0, application_id: 1, ratchet_tree: 2, required_capabilities: 3, external_pub: 4, external_senders: 5 });
    expect(enumValues(def("CredentialType"))).toEqual({ reserved: 0, basic: 1, x509: 2 });
    expect(Object.keys(enumValues(def("CipherSuite"))!)).toEqual([
      "RESERVED",
      "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
      "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
      "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
      "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
      "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
      "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448",
      "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
    ]);
    for (const n of ["WireFormat", "ProposalType", "ExtensionType", "CredentialType", "CipherSuite"]) expect(def(n)).toMatchObject({ kind: "enum", open: true });
  });
});

describe("a draft that registers values in an imported registry can select on them", () => {
  const draft = join(dir, "draft-self-remove.md");
  writeFileSync(
    draft,
    [
      "---",
      "docname: draft-example-self-remove-00",
      "---",
      "# Messages",
      "",
      "~~~ tls",
      "struct {",
      "    ProposalType proposal_type;",
      "    select (proposal_type) {",
      "        case self_remove: struct {};",
      "        case add: KeyPackage key_package;",
      "    };",
      "} SomeProposal;",
      "",
      "struct {",
      "    WireFormat wire_format;",
      "    select (wire_format) {",
      "        case mls_semiprivate_message: opaque data<V>;",
      "    };",
      "} Framed;",
      "~~~",
      "",
      "# IANA Considerations",
      "",
      "## MLS Proposal Types",
      "",
      "This document registers the self_remove proposal in the \"MLS Proposal Types\" registry.",
      "",
      "| Value  | Name        | R | Ext | Path | Ref      |",
      "|:-------|:------------|:--|:----|:-----|:---------|",
      "| 0x0008 | self_remove | Y | N   | Y    | RFC XXXX |",
      "",
      "## New wire format",
      "",
      "This document registers the following MLS Wire Formats per RFC 9420.",
      "",
      "- Value: TBD (suggested value 0x0006)",
      "- Name: mls_semiprivate_message",
      "",
    ].join("\n"),
  );

  it("compiles against RFC 9420 (shipped), with ProposalType and WireFormat extended for this draft", () => {
    const c = compileWithImports(draft, { cache: new Map() });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(c.broken.size).toBe(0);
    const pt = c.ir.definitions.find((d) => d.name === "ProposalType");
    expect(enumValues(pt?.type)).toMatchObject({ add: 1, group_context_extensions: 7, self_remove: 8 });
    expect(pt?.loc).toMatchObject({ file: draft, line: 31 });
    expect(enumValues(c.ir.definitions.find((d) => d.name === "WireFormat")?.type)).toMatchObject({ mls_key_package: 5, mls_semiprivate_message: 6 });
    expect(c.diagnostics.find((d) => d.code === "iana/extends")?.message).toBe(
      "this draft registers self_remove (8) in the MLS Proposal Types registry: its ProposalType is rfc9420's plus these",
    );
  });

  it("without the registration the select is an error; the config still overrides what the draft says", () => {
    const bare = join(dir, "bare.md");
    writeFileSync(bare, readFileSync(draft, "utf8").split("# IANA Considerations")[0]!);
    expect(compileWithImports(bare, { cache: new Map() }).diagnostics.map((d) => d.code)).toContain("tpl/unknown-case-label");
    writeFileSync(join(dir, "draft-self-remove.mimi-codec.json"), JSON.stringify({ registries: { ProposalType: { open: false, values: { add: 1, self_remove: 9 } } } }));
    const c = compileWithImports(draft, { cache: new Map() });
    expect(c.ir.definitions.find((d) => d.name === "ProposalType")?.type).toMatchObject({ kind: "enum", open: false, values: [{ name: "add", value: 1 }, { name: "self_remove", value: 9 }] });
    expect(c.diagnostics.filter((d) => d.code === "iana/extends").map((d) => d.message)).toEqual([expect.stringContaining("mls_semiprivate_message (6) in the MLS Wire Formats registry")]);
  });
});
