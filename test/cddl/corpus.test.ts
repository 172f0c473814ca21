import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRules } from "../../src/cddl/check-rules.js";
import { parseCddl } from "../../src/cddl/parse-cddl.js";
import { preludeRules } from "../../src/cddl/prelude.js";
import { draft, hasDrafts } from "../extract/drafts-dir.js";
import { cddlFences } from "./fences.js";

/**
 * Every CDDL block of the corpus: the fences of the two CDDL RFC sources
 * (kramdown `{::include file}` resolved), and every .cddl file of the MIMI
 * drafts. The numbers are what the parser measured; a change in them is a
 * change in what the parser accepts.
 */

interface Measured {
  readonly blocks: number;
  readonly clean: number;
  readonly rules: number;
  /** Blocks with errors: the 1-based line of the block's first line in the draft, and where the first error is. */
  readonly failures: readonly { readonly line: number; readonly at: string; readonly why: string }[];
}

function measureFences(rel: string, info = "cddl"): Measured & { errors: Map<number, string> } {
  const path = draft(rel);
  const fences = cddlFences(readFileSync(path, "utf8"), info);
  let clean = 0;
  let rules = 0;
  const failures: { line: number; at: string; why: string }[] = [];
  const errors = new Map<number, string>();
  for (const fence of fences) {
    const include = /^\{::include (.+)\}$/.exec(fence.text.trim());
    const text = include?.[1] ? readFileSync(join(dirname(path), include[1]), "utf8") : fence.text;
    const file = parseCddl(text);
    rules += file.rules.length;
    const first = file.errors[0];
    if (!first) clean++;
    else {
      failures.push({ line: fence.line, at: `${first.at.line}:${first.at.col}`, why: "" });
      errors.set(fence.line, first.message);
    }
  }
  return { blocks: fences.length, clean, rules, failures, errors };
}

function expectMeasured(got: Measured, want: Measured): void {
  expect({ blocks: got.blocks, clean: got.clean, rules: got.rules }).toEqual({ blocks: want.blocks, clean: want.clean, rules: want.rules });
  expect(got.failures.map((f) => ({ line: f.line, at: f.at }))).toEqual(want.failures.map((f) => ({ line: f.line, at: f.at })));
}

describe.skipIf(!hasDrafts)("CDDL fences of RFC 8610 (draft-ietf-cbor-cddl.md)", () => {
  it("parses all 46 CDDL fences (166 rules), the prelude includes among them", () => {
    expectMeasured(measureFences("cddl-spec/rfc8610/draft-ietf-cbor-cddl.md"), { blocks: 46, clean: 46, rules: 166, failures: [] });
  });

  it("parses 2 of the 3 CDDLx fences: the third is a lone group entry, not a rule", () => {
    const got = measureFences("cddl-spec/rfc8610/draft-ietf-cbor-cddl.md", "cddlx");
    expectMeasured(got, {
      blocks: 3,
      clean: 2,
      rules: 2,
      failures: [{ line: 703, at: "1:3", why: "`  ? bedroom: size,` is a fragment of a map, shown in the prose" }],
    });
  });

  it("parses all 5 fences of the JSON examples appendix (cddl-examples.md)", () => {
    expectMeasured(measureFences("cddl-spec/rfc8610/cddl-examples.md"), { blocks: 5, clean: 5, rules: 24, failures: [] });
  });
});

describe.skipIf(!hasDrafts)("CDDL fences of RFC 9682 (draft-ietf-cbor-update-8610-grammar.md)", () => {
  it("parses 3 of 4: the fourth is the RFC's own example of an apostrophe that ends h'..' inside a comment", () => {
    const got = measureFences("cddl-spec/rfc9682/draft-ietf-cbor-update-8610-grammar.md");
    expectMeasured(got, {
      blocks: 4,
      clean: 3,
      rules: 10,
      failures: [{ line: 504, at: "2:16", why: "Appendix A: `; 'CBOR'` inside h'..' ends the string; the next block escapes it" }],
    });
    expect(got.errors.get(504)).toContain("a byte string ends at the ' at 2:15");
  });

  it("decodes the string examples of section 2.2 to the same text", () => {
    const { rules } = measureFencesRules("cddl-spec/rfc9682/draft-ietf-cbor-update-8610-grammar.md", 0);
    const values = rules.filter((r) => r.kind === "type-rule").map((r) => (r.type.kind === "text" || r.type.kind === "bytes" ? ("value" in r.type ? r.type.value : r.type.content) : null));
    expect(values.slice(1)).toEqual(Array(6).fill("Domino's \u{1F073} + \u2318"));
  });
});

function measureFencesRules(rel: string, index: number) {
  const fence = cddlFences(readFileSync(draft(rel), "utf8"))[index];
  if (!fence) throw new Error(`no fence ${index} in ${rel}`);
  return parseCddl(fence.text);
}

describe.skipIf(!hasDrafts)("CDDL fences of the other MIMI drafts", () => {
  it("mimi-av-metadata: its one block uses `&(x: n) : T`, which CDDL does not allow (needs =>)", () => {
    const got = measureFences("mimi-other/mimi-av-metadata/draft-mahy-mimi-av-metadata.md");
    expectMeasured(got, { blocks: 1, clean: 0, rules: 5, failures: [{ line: 81, at: "6:22", why: "`:` after a non-literal key" }] });
    expect(got.errors.get(81)).toContain('other keys need "=>"');
  });

  it("mimi-content-more-extensions and mimi-message-status parse cleanly", () => {
    expectMeasured(measureFences("mimi-other/mimi-content-more-extensions/draft-mimi-content-more-extensions.md"), {
      blocks: 5,
      clean: 5,
      rules: 32,
      failures: [],
    });
    expectMeasured(measureFences("mimi-other/mimi-message-status/draft-mahy-mimi-message-status.md"), { blocks: 1, clean: 1, rules: 5, failures: [] });
  });
});

/** Every .cddl file of the MIMI drafts, with the number of rules each defines. */
const CDDL_FILES: Record<string, number> = {
  "mimi-content/03/delivery-report.cddl": 6,
  "mimi-content/03/implied.cddl": 3,
  "mimi-content/03/mimi-content.cddl": 19,
  "mimi-content/04/delivery-report.cddl": 6,
  "mimi-content/04/implied.cddl": 3,
  "mimi-content/04/mimi-content.cddl": 19,
  "mimi-content/main-2026-03/implied.cddl": 8,
  "mimi-content/main-2026-03/mimi-content.cddl": 21,
  "mimi-other/mimi-content-more-extensions/extensions.cddl": 16,
  "mimi-other/mimi-message-status/status.cddl": 5,
};

describe.skipIf(!hasDrafts)(".cddl files of the MIMI drafts", () => {
  it("finds exactly the files listed", () => {
    const found: string[] = [];
    for (const dir of ["mimi-content/03", "mimi-content/04", "mimi-content/main-2026-03"]) {
      for (const f of readdirSync(draft(dir))) if (f.endsWith(".cddl")) found.push(`${dir}/${f}`);
    }
    for (const sub of readdirSync(draft("mimi-other"))) {
      for (const f of readdirSync(draft(`mimi-other/${sub}`))) if (f.endsWith(".cddl")) found.push(`mimi-other/${sub}/${f}`);
    }
    expect(found.sort()).toEqual(Object.keys(CDDL_FILES).sort());
  });

  it.each(Object.entries(CDDL_FILES))("%s parses with zero syntax errors (%i rules)", (rel, count) => {
    const file = parseCddl(readFileSync(draft(rel), "utf8"));
    expect(file.errors).toEqual([]);
    expect(file.rules).toHaveLength(count);
  });

  it("checks each draft version's files together: repeated definitions, one conflicting", () => {
    const codes = (dir: string) => {
      const rules = readdirSync(draft(dir))
        .filter((f) => f.endsWith(".cddl"))
        .sort()
        .flatMap((f) => parseCddl(readFileSync(draft(`${dir}/${f}`), "utf8")).rules);
      return checkRules(rules, preludeRules()).map((d) => `${d.code} ${d.message.split(" ")[0]}`);
    };
    const repeated03 = [
      "cddl/duplicate-rule-identical MessageId",
      "cddl/duplicate-rule-identical Timestamp",
      "cddl/duplicate-rule-identical MessageId",
    ];
    expect(codes("mimi-content/03").sort()).toEqual(repeated03.sort());
    expect(codes("mimi-content/04").sort()).toEqual(repeated03.sort());
    // implied.cddl says `value = any .size (0..4095)`, mimi-content.cddl `value = any`
    expect(codes("mimi-content/main-2026-03").sort()).toEqual(
      ["cddl/duplicate-rule value", "cddl/duplicate-rule-identical MessageId", "cddl/duplicate-rule-identical name"].sort(),
    );
    expect(codes("mimi-other/mimi-message-status")).toEqual([]);
    // MessageId comes from the MIMI content draft
    expect(codes("mimi-other/mimi-content-more-extensions")).toEqual(["cddl/undefined-name MessageId"]);
  });
});
