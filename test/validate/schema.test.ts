import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRELUDE_TEXT } from "../../src/cddl/prelude.js";
import { cddlSchemaFromText, isSchemaError, loadCddlSchema, PRELUDE_FILE, suggestRules, validate, validateBytes } from "../../src/validate/index.js";
import { cbor, DRAFTS, encode, HAVE_DRAFTS } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mimi-validate-"));

describe("loadCddlSchema", () => {
  it("reads a bare .cddl file, with the prelude", () => {
    const file = join(dir, "bare.cddl");
    writeFileSync(file, "a = [x: uint, y: text]\n");
    const s = loadCddlSchema(file);
    expect(s.rules.get("a")).toMatchObject({ kind: "type", prelude: false, loc: { file, line: 1, col: 1 } });
    expect(s.rules.get("uint")).toMatchObject({ prelude: true, loc: { file: PRELUDE_FILE, line: 3, col: 1 } });
    expect(s.sourceLine({ file, line: 1, col: 1 })).toBe("a = [x: uint, y: text]");
    expect(s.sourceLine({ file: PRELUDE_FILE, line: 3, col: 1 })).toBe(PRELUDE_TEXT.split("\n")[2]);
  });

  it("takes a draft's included .cddl files before the CDDL in its prose, and maps positions into each file", () => {
    const md = join(dir, "draft.md");
    writeFileSync(join(dir, "defs.cddl"), "; the normative CDDL\nval = tstr\n");
    writeFileSync(md, ["# Intro", "", "~~~ cddl", "val = int", "pair = [val, val]", "~~~", "", "# Appendix", "", "<{{defs.cddl}}", ""].join("\n"));
    const s = loadCddlSchema(md);
    expect(s.rules.get("val")!.loc).toEqual({ file: join(dir, "defs.cddl"), line: 2, col: 1 });
    expect(s.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([["cddl/duplicate-rule", 4]]);
    expect(validateBytes(s, "pair", encode(["a", "b"]))).toEqual([]);
    const [m] = validateBytes(s, "pair", encode([1, "b"]));
    expect(m).toMatchObject({ path: "pair[0]", cddl: { file: md, line: 5, col: 9 } });
  });

  it("collects /= and //= parts from every block, and keeps going past a rule that does not parse", () => {
    const s = cddlSchemaFromText("$t /= int\nbroken = [\nok = $t\n$t /= tstr\n", "x.cddl");
    expect(s.rules.get("$t")!.parts).toHaveLength(2);
    expect(s.broken.get("broken")).toMatchObject({ code: "cddl/syntax" });
    expect(validate(s, "ok", cbor("s"))).toEqual([]);
  });

  it("loads the built-in documents' CDDL from the drafts folder", { skip: !HAVE_DRAFTS }, () => {
    const s = loadCddlSchema("mimi-content-main", { draftsDir: DRAFTS });
    expect(s.rules.get("mimiContent")!.loc).toEqual({ file: join(DRAFTS, "mimi-content/main-2026-03/mimi-content.cddl"), line: 1, col: 1 });
    // implied.cddl's MessageDerivedValues comes before the prose copy in the draft, which differs from it.
    expect(s.rules.get("MessageDerivedValues")!.loc.file).toBe(join(DRAFTS, "mimi-content/main-2026-03/implied.cddl"));
    expect(s.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const xml = loadCddlSchema(join(DRAFTS, "mimi-content/04/draft-ietf-mimi-content-04.xml"));
    const bytes = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/04/examples/attachment.cbor")));
    expect(validateBytes(xml, "mimiContent", bytes)).toEqual([]);
  });

  it("says why a schema cannot be loaded", () => {
    const attempt = (name: string): string => {
      try {
        loadCddlSchema(name);
        return "loaded";
      } catch (e) {
        expect(isSchemaError(e)).toBe(true);
        return (e as Error).message;
      }
    };
    if (HAVE_DRAFTS) expect(attempt("rfc9420")).toBe("built-in document rfc9420 has no CDDL");
    expect(attempt("mimi-content-03")).toBe('built-in document mimi-content-03 has no CDDL (its CDDL is the built-in "mimi-content-03-cddl")');
    expect(attempt(join(dir, "nope.cddl"))).toBe(`no such file: ${join(dir, "nope.cddl")}`);
    const prose = join(dir, "prose.md");
    writeFileSync(prose, "# Nothing\n\nNo code here.\n");
    expect(attempt(prose)).toBe(`${prose} has no CDDL blocks`);
  });
});

describe("rule names", () => {
  const s = cddlSchemaFromText("mimiContent = int\nNestedPart = int\nnestedThing = int\n", "n.cddl");
  it("suggests close spellings", () => {
    expect(suggestRules(s, "mimicontent")).toEqual(["mimiContent"]);
    expect(suggestRules(s, "NestedPrt")).toEqual(["NestedPart"]);
    expect(suggestRules(s, "zzzzzz")).toEqual([]);
  });
  it("an unknown rule is a SchemaError naming them", () => {
    expect(() => validate(s, "NestdPart", cbor(1))).toThrow("n.cddl has no rule NestdPart (did you mean NestedPart?)");
  });
});
