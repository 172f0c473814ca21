import { describe, expect, it } from "vitest";
import { cborByteString, cborZeros, ednNesting } from "../../bench/hostile-inputs.js";
import { cborToEdn } from "../../src/edn/cbor-to-edn.js";
import { ednToCbor } from "../../src/edn/edn-to-cbor.js";
import { parseEdn } from "../../src/edn/parse-edn.js";
import { toHex } from "../../src/runtime/index.js";
import { withinCpu } from "../helpers/work-bound.js";

/**
 * EDN and EDN output on hostile input (issue 15). Nesting is bounded before
 * the recursive parser runs, with the error at the bracket; long strings
 * are lifted out of the parser's input (memory is measured by
 * bench/hostile.ts, not here; here the lifted strings must read exactly as
 * before); output is built in memory proportional to its size.
 */
describe("EDN input", () => {
  it("100,000 nested arrays: one error at the 257th bracket (was at 1:1, after the stack ran out)", () => {
    const r = parseEdn(ednNesting(100_000));
    expect(r.errors).toEqual([{ message: "nested deeper than 256 levels (maxNesting)", at: { line: 1, col: 257 } }]);
    expect(parseEdn(ednNesting(256)).errors).toEqual([]);
    expect(parseEdn(`[{1: <<(_ h'00')>>}, ${"1(".repeat(300)}0${")".repeat(300)}]`).errors[0]!.at).toEqual({ line: 1, col: 23 + 2 * 255 }); // the 256th "(" opens level 257
    expect(parseEdn(ednNesting(300), { maxNesting: 300 }).errors).toEqual([]);
  });

  it("long string literals of every kind read as before, and errors after them keep their place", () => {
    const long = "abcdefghij".repeat(400_000);
    const hex = "0123456789abcdef".repeat(100_000);
    const r = parseEdn(`["${long}", '${long}', h'${hex}', b64'${"QUJD".repeat(2000)}', "${long}"_2]`);
    expect(r.errors).toEqual([]);
    expect(r.items[0]).toMatchObject({ type: "array", items: [{ type: "text", value: long }, { type: "bytes" }, { type: "bytes" }, { type: "bytes" }, { type: "text", width: 4 }] });
    const bad = parseEdn(`[\n"${long}", h'0${"00".repeat(1000)}',\n  "\\q"]`);
    expect(bad.errors.map((e) => [e.message, e.at])).toEqual([
      ["h'' holds an odd number of hex digits (2001)", { line: 2, col: 4_000_005 }],
      ["invalid escape \\q in a text string", { line: 3, col: 4 }],
    ]);
    const syntax = parseEdn(`["${long}" 1]`);
    expect(syntax.errors[0]!.at).toEqual({ line: 1, col: 4_000_005 });
  });

  it("edn2cbor of a 4 MB string gives its bytes", () => {
    const text = "x".repeat(4_000_000);
    const cbor = withinCpu(5000, "4 MB string", () => ednToCbor(`"${text}"`));
    expect(cbor.length).toBe(5 + text.length);
    expect(toHex(cbor.subarray(0, 6))).toBe("7a003d090078");
  });

  it("an integer of more than 10,000 characters is an error, not a bignum computed in superlinear time", () => {
    expect(parseEdn(`[1, ${"7".repeat(20_000)}]`).errors).toEqual([
      { message: "an integer literal of 20000 characters; at most 10000 are read (a bignum of about 4 KB)", at: { line: 1, col: 5 } },
    ]);
  });
});

describe("EDN output", () => {
  it("cbor2edn --annotate of an array of 130,000 zeros (overflowed the stack)", () => {
    const out = withinCpu(10_000, "130,000 lines", () => cborToEdn(cborZeros(130_000), { annotate: true }));
    const lines = out.split("\n");
    expect(lines[0]).toBe("9a 0001fbd0 # array(130000)");
    expect(lines[1]).toBe("   00       # unsigned(0)");
    expect(lines).toHaveLength(130_002);
  });

  it("a 4 MB byte string in every mode", () => {
    const cbor = cborByteString(4_000_000);
    const compact = withinCpu(5000, "compact", () => cborToEdn(cbor));
    expect(compact.length).toBe(8_000_003);
    expect(compact.slice(0, 12)).toBe("h'232a31383f");
    expect(withinCpu(10_000, "annotate", () => cborToEdn(cbor, { annotate: true })).startsWith("5a 003d0900")).toBe(true);
    expect(withinCpu(10_000, "pretty", () => cborToEdn(cbor, { pretty: true })).startsWith("h'232a31383f")).toBe(true);
  });
});
