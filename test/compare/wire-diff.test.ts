import { describe, expect, it } from "vitest";
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from "../../src/compare/render-diff.js";
import { wireDiff, type TypeChange, type WireDiff } from "../../src/compare/wire-diff.js";
import { show, stubCache, writeTemp } from "./helpers.js";

/**
 * src/compare/wire-diff.ts on two versions of a TPL file and of a CDDL
 * file: per-type status, per-format verdicts (old bytes under the new
 * schema and the reverse), propagation through used types, and renderers.
 */

const f = writeTemp({
  "v1.tls": [
    "enum { a(0), b(1), (255) } Kind;",
    "",
    "struct {",
    "    uint16 id;",
    "    Kind kind;",
    "    opaque note<V>;",
    "} Msg;",
    "",
    "struct {",
    "    Msg msg;",
    "    uint32 ts;",
    "} Envelope;",
    "",
    "struct {",
    "    uint8 y;",
    "} Old;",
    "",
  ].join("\n"),
  "v2.tls": [
    "enum { a(0), b(1), c(2), (255) } Kind;",
    "",
    "struct {",
    "    uint32 id;",
    "    Kind kind;",
    "    opaque note<V>;",
    "    uint8 flags;",
    "} Msg;",
    "",
    "struct {",
    "    Msg msg;",
    "    uint32 ts;",
    "} Envelope;",
    "",
    "struct {",
    "    uint8 x;",
    "} Extra;",
    "",
  ].join("\n"),
  "v1.cddl": ["m = [", "  a: uint .size 1,", "  b: tstr,", "]", ""].join("\n"),
  "v2.cddl": ["m = [", "  a: uint .size 2,", "  b: tstr,", "  ? c: bstr,", "]", ""].join("\n"),
});

const byName = (d: WireDiff, name: string): TypeChange => {
  const t = d.types.find((x) => x.name === name);
  if (!t) throw new Error(`no type ${name}`);
  return t;
};
const verdict = (t: TypeChange) =>
  `${t.status} old->new tpl:${t.oldBytesDecode.tpl} cbor:${t.oldBytesDecode.cbor} new->old tpl:${t.newBytesDecodeUnderOld.tpl} cbor:${t.newBytesDecodeUnderOld.cbor}`;

describe("wire diff of two TPL versions", () => {
  const d = wireDiff(f["v1.tls"]!, f["v2.tls"]!, { cache: stubCache() });
  const [v1, v2] = [f["v1.tls"]!, f["v2.tls"]!];

  it("an enum value added: old bytes still decode, old decoders reject the new value", () => {
    expect(verdict(byName(d, "Kind"))).toBe("changed old->new tpl:yes cbor:yes new->old tpl:no cbor:no");
    expect(show(byName(d, "Kind").findings)).toEqual([`enum-value-added Kind.c [left-to-right left-to-right] ${v1}:1:28 ${v2}:1:34`]);
  });

  it("a field added and a uint widened: TPL breaks; CBOR breaks on the item count", () => {
    const msg = byName(d, "Msg");
    expect(verdict(msg)).toBe("changed old->new tpl:no cbor:no new->old tpl:no cbor:no");
    expect(show(msg.findings)).toEqual([
      `field-added Msg.flags [neither neither] ${v1}:7:3 ${v2}:7:5`,
      `field-count Msg [neither neither] ${v1}:7:3 ${v2}:8:3`,
      `int-width Msg.id [neither left-to-right] ${v1}:4:5 ${v2}:4:5`,
    ]);
  });

  it("a type that did not change breaks through one it uses", () => {
    const env = byName(d, "Envelope");
    expect(verdict(env)).toBe("affected old->new tpl:no cbor:no new->old tpl:no cbor:no");
    expect(env.via).toEqual({ tpl: ["Msg"], cbor: ["Msg"] });
    expect(env.findings).toEqual([]);
  });

  it("new and removed types", () => {
    expect(d.types.filter((t) => t.status === "added" || t.status === "removed").map((t) => `${t.status} ${t.name}`)).toEqual(["added Extra", "removed Old"]);
    expect(d.summary).toEqual({ compared: 3, unchanged: 0, changed: 2, affected: 1, added: 1, removed: 1, renamed: 0, oldBytesDecode: { tpl: 1, cbor: 1 } });
  });

  it("renders Markdown: a summary table per type, then details", () => {
    const md = renderDiffMarkdown(d, []);
    expect(md).toContain("| Type | Status | Changes | Old bytes decode: TPL | CBOR | New bytes decode under old: TPL | CBOR |");
    expect(md).toContain("| `Kind` | changed | +value c | yes | yes | no | no |");
    expect(md).toContain("| `Msg` | changed | +flags; id: width | no | no | no | no |");
    expect(md).toContain("| `Envelope` | affected | uses changed types | no (via Msg) | no (via Msg) | no | no |");
    expect(md).toContain(
      `- **width** \`Msg.id\`: old uint16, new uint32. Old bytes: TPL fail, CBOR decode; new bytes under old: TPL fail, CBOR fail. (old \`${v1}:4:5\`, new \`${v2}:4:5\`)`,
    );
    expect(md).toContain(`Removed types:\n\n- \`Old\` \`${v1}:16:3\``);
    expect(md).toContain("### How the verdicts are decided");
  });

  it("renders text and JSON", () => {
    expect(renderDiffText(d, [])).toContain("Msg: changed; old bytes decode: TPL no, CBOR no");
    const json = JSON.parse(renderDiffJson(d)) as WireDiff;
    expect(json.summary.changed).toBe(2);
    expect(json.types.map((t) => t.name)).toEqual(["Kind", "Msg", "Envelope", "Extra", "Old"]);
  });
});

describe("wire diff of two CDDL versions", () => {
  const d = wireDiff(f["v1.cddl"]!, f["v2.cddl"]!, { cache: stubCache() });

  it("a trailing omittable field and a wider uint keep old CBOR bytes, not old TPL bytes", () => {
    const m = byName(d, "m");
    expect(verdict(m)).toBe("changed old->new tpl:no cbor:yes new->old tpl:no cbor:no");
    expect(show(m.findings)).toEqual([
      `field-added m.c [neither left-to-right] ${f["v1.cddl"]}:1:1 ${f["v2.cddl"]}:4:3`,
      `field-count m [neither left-to-right] ${f["v1.cddl"]}:1:1 ${f["v2.cddl"]}:1:1`,
      `int-width m.a [neither left-to-right] ${f["v1.cddl"]}:2:3 ${f["v2.cddl"]}:2:3`,
    ]);
  });

  it("a document diffed with itself has nothing to say", () => {
    const same = wireDiff(f["v1.tls"]!, f["v1.tls"]!, { cache: stubCache() });
    expect(same.types.every((t) => t.status === "unchanged" && t.findings.length === 0)).toBe(true);
  });
});
