import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkRules } from "../../src/cddl/check-rules.js";
import { parseCddl } from "../../src/cddl/parse-cddl.js";
import { PRELUDE_TEXT, preludeNames, preludeRules } from "../../src/cddl/prelude.js";
import { strip } from "./helpers.js";
import { draft, hasDrafts } from "../extract/drafts-dir.js";

describe("the RFC 8610 Appendix D prelude", () => {
  it("parses every rule without errors", () => {
    const file = parseCddl(PRELUDE_TEXT);
    expect(file.errors).toEqual([]);
    expect(file.rules).toHaveLength(40);
    expect(preludeRules()).toHaveLength(40);
  });

  it("defines the names of Appendix D, in order", () => {
    expect(preludeRules().map((r) => r.name.name)).toEqual([
      "any", "uint", "nint", "int", "bstr", "bytes", "tstr", "text",
      "tdate", "time", "number", "biguint", "bignint", "bigint", "integer", "unsigned",
      "decfrac", "bigfloat", "eb64url", "eb64legacy", "eb16", "encoded-cbor", "uri", "b64url",
      "b64legacy", "regexp", "mime-message", "cbor-any",
      "float16", "float32", "float64", "float16-32", "float32-64", "float",
      "false", "true", "bool", "nil", "null", "undefined",
    ]);
    expect(preludeNames().has("float16-32")).toBe(true);
  });

  it("reads each kind of prelude rule as expected", () => {
    const byName = new Map(preludeRules().map((r) => [r.name.name, strip(r)]));
    expect(byName.get("any")).toMatchObject({ type: { kind: "any" } });
    expect(byName.get("nint")).toMatchObject({ type: { kind: "major", major: 1, ai: null } });
    expect(byName.get("decfrac")).toMatchObject({ type: { kind: "tag", tag: { value: 4n }, type: { kind: "array" } } });
    expect(byName.get("cbor-any")).toMatchObject({ type: { kind: "tag", tag: { value: 55799n } } });
    expect(byName.get("float16")).toMatchObject({ type: { kind: "major", major: 7, ai: { value: 25n } } });
    expect(byName.get("bool")).toMatchObject({ type: { kind: "type-choice", alternatives: [{ name: { name: "false" } }, { name: { name: "true" } }] } });
  });

  it("is self-contained: every name it uses it defines", () => {
    expect(checkRules(preludeRules(), [])).toEqual([]);
  });

  it.skipIf(!hasDrafts)("is the text of cddl.prelude in the RFC 8610 sources", () => {
    const path = draft("cddl-spec/rfc8610/cddl.prelude");
    if (existsSync(path)) expect(PRELUDE_TEXT).toBe(readFileSync(path, "utf8"));
  });
});
