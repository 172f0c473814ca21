import { beforeAll, describe, expect, it } from "vitest";
import * as main from "../../generated/mimi-content-main/index.js";
import { collectCorpus } from "../../src/report/corpus.js";
import { loadDraftExamples } from "../../src/report/examples.js";
import {
  README_BEGIN,
  README_END,
  REPORT_SCHEMA,
  buildReport,
  readmeSummaryStatus,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReadmeSummary,
  spliceReadmeSummary,
  type SizeReport,
} from "../../src/report/index.js";
import { MlsRoom } from "../../src/report/mls-framing.js";
import { HAVE_DRAFTS } from "../helpers/drafts.js";

describe.skipIf(!HAVE_DRAFTS)("size report", () => {
  let report: SizeReport;
  beforeAll(async () => {
    report = await buildReport({ quick: true, kinds: ["depth"], limit: 4 });
  });

  it("measures every example of 03 (TPL and CDDL), 04 and main, the conversation and the TPL-native messages", () => {
    const ids = new Set(report.messages.map((m) => m.id));
    for (const id of ["03-tpl/original", "03-tpl/report", "03-tpl/implied-original", "03-cddl/implied-original", "04/report", "04/multipart-3", "main/multipart-3", "main/implied-original"]) expect(ids).toContain(id);
    for (const t of ["KeyPackage", "Welcome", "MLSMessage", "SubmitMessageRequest", "FanoutMessage"]) expect(ids).toContain(`protocol/${t}`);
    const count = (g: string) => report.messages.filter((m) => m.group === g).length;
    expect([count("03-tpl"), count("03-cddl"), count("04"), count("main"), count("conversation"), count("protocol")]).toEqual([12, 12, 16, 15, 13, 5]);
    expect(report.groups.map((g) => g.id)).toEqual(["03-tpl", "03-cddl", "04", "main", "conversation", "protocol"]);
  });

  it("checks framing + payload against the encoded size of every message, both formats", () => {
    expect(report.checked.messages).toBe(report.messages.length);
    for (const m of report.messages) {
      expect(m.framing.tpl.framing + m.framing.tpl.payload, m.id).toBe(m.tpl);
      expect(m.framing.cbor.framing + m.framing.cbor.payload, m.id).toBe(m.cbor);
      expect(m.diff, m.id).toBe(m.tpl - m.cbor);
      // the generated encoders write preferred serialization; deterministic order changes no size
      expect(m.cborDeterministic, m.id).toBe(m.cbor);
    }
  });

  it("frames every sent content message in MLS, with and without padding", () => {
    for (const m of report.messages.filter((x) => x.kind !== "implied" && x.kind !== "protocol")) {
      expect(m.mls, m.id).toBeDefined();
      // no padding: the MLS overhead is the same for both encodings up to a varint byte or two
      expect(Math.abs(m.mls!.none.tpl - m.mls!.none.cbor - m.diff), m.id).toBeLessThanOrEqual(2);
      // default padding: never smaller than 256 bytes of padded content
      expect(m.mls!.default.tpl, m.id).toBeGreaterThanOrEqual(m.mls!.none.tpl);
    }
    const conv = report.groups.find((g) => g.id === "conversation")!;
    expect(conv.wire!.submit.tpl - conv.wire!.submit.cbor).toBe(conv.mls!.default.diff);
  });

  it("says where each example comes from: the .cbor where sound, else the EDN", () => {
    const source = (id: string) => report.messages.find((m) => m.id === id)!.source;
    expect(source("03-cddl/attachment")).toMatch(/^built from the EDN: .* it differs at \[6\]\[5\] \("https:example\.combigfile\.mp4"/);
    // 04's delete.cbor holds the unlike message and unlike.cbor the delete message
    expect(source("04/delete")).toMatch(/it is unlike\.edn's message: the two \.cbor files are swapped/);
    expect(source("main/implied-original")).toMatch(/only in the bytes of \[0\]/);
    expect(source("main/multipart-3")).toMatch(/its EDN does not parse/);
    expect(source("main/original")).toMatch(/identical to its EDN/);
    expect(loadDraftExamples("03").filter((e) => e.source === "edn").map((e) => e.name)).toEqual(["attachment", "conferencing", "implied-original"]);
  });

  it("generates a conclusion from the numbers, with a verdict on the 2024 finding", () => {
    const g = report.groups.find((x) => x.id === "03-tpl")!;
    const c = report.conclusion;
    expect(["confirmed", "refuted", "confirmed, but not slight"]).toContain(c.finding2024.verdict);
    expect(c.finding2024.verdict === "refuted").toBe(g.tplSmaller === 0);
    expect(c.finding2024.text).toContain(`TPL is smaller in ${g.tplSmaller} of ${g.messages} messages`);
    expect(c.finding2024.text).toContain(`${g.tpl} vs ${g.cbor} bytes`);
    expect(c.paragraphs.length).toBeGreaterThanOrEqual(5);
  });

  it("puts the answer in one sentence, from the numbers", () => {
    const h = report.conclusion.headline;
    const content = report.messages.filter((m) => m.kind !== "implied" && m.kind !== "protocol" && m.group !== "conversation");
    const maxBytes = Math.max(...content.map((m) => Math.abs(m.diff)));
    expect(h).toMatch(/^TPL and CBOR differ by at most \d+ bytes or \d+\.\d % per message/);
    expect(h).toContain(`at most ${maxBytes} bytes`);
    expect(h).toContain(`is ${report.conclusion.finding2024.verdict}.`);
    // one sentence: a single full stop, at the end (decimal points aside)
    expect(h.replace(/\d\.\d/g, "").match(/\./g)).toHaveLength(1);
    expect(h.endsWith(".")).toBe(true);
  });

  it("renders Markdown, JSON and HTML", () => {
    const md = renderMarkdown(report);
    // the verdict first, then the summary table, then the details
    expect(md.startsWith(`# ${report.title}\n\n**Verdict:** ${report.conclusion.headline}\n\n## Summary\n\n| corpus |`)).toBe(true);
    expect(md.indexOf("## Summary")).toBeLessThan(md.indexOf("## Conclusion"));
    expect(md).toContain("| corpus | types from | messages |");
    expect(md).toContain("### Per field: main/original (mimiContent)");
    expect(md).toContain("### nesting depth: main (0..4");
    const json = JSON.parse(renderJson(report)) as { schema: string; verdict: string; messages: unknown[]; scaling: unknown[] };
    expect(json.schema).toBe(REPORT_SCHEMA);
    expect(Object.keys(json).slice(0, 2)).toEqual(["schema", "verdict"]);
    expect(json.verdict).toBe(report.conclusion.headline);
    expect(json.messages).toHaveLength(report.messages.length);
    const html = renderHtml(report);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    // self-contained: nothing to fetch
    // nothing to fetch: in-page links (the contents) only
    expect(html).not.toMatch(/\s(?:src|href)\s*=\s*(?!["']?#)/i);
    expect(html).toMatch(/<a href="#findings">/);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    // the overview, sizes and differences per corpus, the constructs, one per scaling kind; each drawn wide and narrow
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(1 + 2 * report.groups.length + 1 + 1);
    expect((html.match(/<svg class="plot (?:wide|narrow)"/g) ?? []).length).toBe(2 * (1 + 2 * report.groups.length + 1 + 1));
    // the verdict, the summary table and the first chart come first, then the contents
    const order = ['id="verdict"', 'id="summary-table"', 'id="overview"', 'class="toc"', 'id="findings"'].map((s) => html.indexOf(s));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(html).toContain("@media print");
    expect(html).toContain("@media (max-width: 720px)");
  });

  it("renders the README summary between markers, and checks and splices it", () => {
    const block = renderReadmeSummary(report);
    expect(block.startsWith(README_BEGIN)).toBe(true);
    expect(block.endsWith(README_END)).toBe(true);
    expect(block).toContain(`**The 2024 finding (TPL slightly smaller in some cases): ${report.conclusion.finding2024.verdict}.**`);
    expect(block.indexOf(`**Verdict:** ${report.conclusion.headline}`)).toBeLessThan(block.indexOf("| corpus |"));
    const readme = `# x\n\nbefore\n\n${README_BEGIN}\nold\n${README_END}\n\nafter\n`;
    expect(readmeSummaryStatus(readme, block)).toBe("stale");
    const next = spliceReadmeSummary(readme, block);
    expect(readmeSummaryStatus(next, block)).toBe("current");
    expect(next).toMatch(/^# x\n\nbefore\n\n<!--/);
    expect(next.endsWith(`${README_END}\n\nafter\n`)).toBe(true);
    expect(readmeSummaryStatus("# no markers", block)).toBe("missing");
    expect(() => spliceReadmeSummary("# no markers", block)).toThrow(/has no/);
  });

  it("takes the conversation from a hook when one is given", async () => {
    const room = await MlsRoom.create();
    const [first] = loadDraftExamples("main-2026-03");
    const content = main.mimiContent.cbor.decode(first!.bytes);
    const corpus = await collectCorpus(room, { conversation: () => [{ label: "hello", sender: "bob", content }], conversationSource: "a test" });
    const conv = corpus.entries.filter((e) => e.group === "conversation");
    expect(conv.map((e) => [e.id, e.sender])).toEqual([["conversation/01-hello", "bob"]]);
    expect(corpus.conversationSource).toBe("a test");
  });
});
