import { describe, expect, it } from "vitest";
import { align, renderAlignText } from "../../src/compare/align.js";
import { formatLoc } from "../../src/diagnostics/index.js";
import { show, stubCache, writeTemp } from "./helpers.js";

/**
 * src/compare/align.ts on a TPL file and a CDDL file written to a temporary
 * directory and compiled with compileWithImports: the same model written
 * twice, with one disagreement of each common sort, located on both sides.
 */

const files = writeTemp({
  "model.tls": [
    "enum { red(0), green(1), (255) } Color;", // 1
    "",
    "struct {",
    "    uint8 id;", // 4
    "    opaque data<0..255>;", // 5
    "    optional<Color> color;", // 6
    "    uint16 count;", // 7
    "    Point where;", // 8
    "} Thing;", // 9
    "",
    "struct {",
    "    uint32 x;",
    "    uint32 y;",
    "} Point;", // 14
    "",
  ].join("\n"),
  "model.cddl": [
    "thing = [", // 1
    "  id: uint .size 2,", // 2
    "  data: bstr .size (0..100),", // 3
    "  color: null / colour,", // 4
    "  total: uint .size 2,", // 5
    "  x: uint .size 4,", // 6
    "  y: uint .size 4,", // 7
    "]",
    "",
    "colour = &( red: 0, green: 1, blue: 2 )", // 10
    "",
  ].join("\n"),
});
const T = files["model.tls"]!;
const C = files["model.cddl"]!;

describe("align: a TPL file with a CDDL file", () => {
  const r = align(T, C, { cache: stubCache() });

  it("pairs by name ignoring case, and infers Color ~ colour through Thing.color", () => {
    expect(r.labels).toEqual(["TPL", "CDDL"]);
    expect(r.pairs.map((p) => `${p.left}~${p.right} ${p.by}${p.via ? " " + p.via : ""}`)).toEqual([
      "Color~colour inferred Thing.color",
      "Thing~thing name-case",
    ]);
  });

  it("reports every disagreement at the TPL and the CDDL line", () => {
    expect(show(r.findings)).toEqual([
      `enum-value-added Color.blue [left-to-right left-to-right] ${T}:1:34 ${C}:10:1`,
      `nesting Thing.where [both neither] ${T}:8:5 ${C}:6:3`,
      `int-width Thing.id [neither left-to-right] ${T}:4:5 ${C}:2:3`,
      `framing Thing.data [neither both] ${T}:5:5 ${C}:3:3`,
      `limit Thing.data [right-to-left right-to-left] ${T}:5:5 ${C}:3:3`,
      `field-renamed Thing.count [both both] ${T}:7:5 ${C}:5:3`,
    ]);
    expect(r.counts).toEqual({
      findings: 6,
      incompatible: 5,
      byKind: { "enum-value-added": 1, nesting: 1, "int-width": 1, framing: 1, limit: 1, "field-renamed": 1 },
    });
  });

  it("lists definitions with no partner, and where they were compared anyway", () => {
    expect(r.leftOnly.map((u) => `${u.name} ${formatLoc(u.loc)} ${u.comparedAt.join(",")}`)).toEqual([`Point ${T}:14:3 Thing.where`]);
    expect(r.rightOnly).toEqual([]);
  });

  it("an explicit mapping pairs what names cannot", () => {
    const mapped = align(T, C, { cache: stubCache(), mapping: { Point: "colour" } });
    expect(mapped.pairs.find((p) => p.left === "Point")).toMatchObject({ right: "colour", by: "mapping" });
    expect(mapped.pairs.find((p) => p.left === "Color")).toBeUndefined();
    expect(align(T, C, { cache: stubCache(), mapping: { Nope: "colour" } }).mappingErrors).toEqual([`no definition Nope in ${T}`]);
  });

  it("renders text naming both locations", () => {
    const text = renderAlignText(r, []);
    expect(text).toContain("Alignment of");
    expect(text).toContain(
      `  limit Thing.data: TPL allows 0..255 bytes, CDDL 0..100 bytes\n    TPL   ${T}:5:5\n    CDDL  ${C}:3:3\n    incompatible: TPL CDDL→TPL only, CBOR CDDL→TPL only`,
    );
    expect(text).toContain(`Only in TPL (1):\n  Point  ${T}:14:3  (compared where used: Thing.where)`);
  });
});
