/**
 * The report's conclusion in plain language, generated from its numbers:
 * nothing here is typed in except the wording, so regenerating the report
 * after a draft or codec change updates every claim (and the verdict on the
 * 2024 finding) with it.
 */
import type { Row } from "./breakdown.js";
import type { Measurement } from "./measure.js";
import type { GroupSummary, SizeReport } from "./report.js";
import type { MetricResult, SeriesResult } from "./scaling.js";

export type Verdict = "confirmed" | "refuted" | "confirmed, but not slight";

export interface Conclusion {
  /** the answer in one sentence: the first thing every rendering shows */
  readonly headline: string;
  readonly finding2024: { readonly verdict: Verdict; readonly text: string };
  readonly paragraphs: readonly string[];
}

/** "Slightly": within this many percent of the CBOR size. */
export const SLIGHT_PERCENT = 10;

const pct = (x: number) => `${x > 0 ? "+" : ""}${(Math.round(x * 10) / 10).toFixed(1)} %`;
const bytes = (n: number) => `${n} byte${Math.abs(n) === 1 ? "" : "s"}`;
const signed = (n: number) => `${n > 0 ? "+" : ""}${n}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function counts(g: GroupSummary): string {
  return `TPL is smaller in ${g.tplSmaller} of ${g.messages} messages, equal in ${g.equal}, larger in ${g.cborSmaller}; in total ${g.tpl} vs ${g.cbor} bytes (${pct(g.diffPercent)}), per message from ${signed(g.minDiff)} to ${signed(g.maxDiff)} bytes`;
}

export function conclude(r: Omit<SizeReport, "conclusion">): Conclusion {
  const group = (id: string) => r.groups.find((g) => g.id === id);
  const sent = (id: string) => r.messages.filter((m) => m.group === id && m.kind !== "implied");
  const paragraphs: string[] = [];

  // -- the 2024 finding, on the version it was about
  const g03 = group("03-tpl");
  const m03 = sent("03-tpl");
  const smaller03 = m03.filter((m) => m.diff < 0);
  const largestGain = smaller03.reduce((a, m) => (m.diffPercent < a.diffPercent ? m : a), smaller03[0] ?? m03[0]!);
  const verdict: Verdict = !g03 || g03.tplSmaller === 0 ? "refuted" : Math.abs(largestGain.diffPercent) <= SLIGHT_PERCENT ? "confirmed" : "confirmed, but not slight";
  const finding =
    `The 2024-04-10 interim found TPL slightly smaller than CBOR in some cases. On draft-03's examples, each format as draft-03 defines it (TPL by its TPL structs, CBOR by its CDDL), this is ${verdict}: ` +
    (g03
      ? `${counts(g03)}. ` +
        (smaller03.length > 0
          ? `Where TPL wins it wins by a median of ${bytes(-median(smaller03.map((m) => m.diff)))} and at most ${bytes(-largestGain.diff)} (${pct(largestGain.diffPercent)}, ${largestGain.label}).`
          : "TPL is never smaller.")
      : "there are no draft-03 messages to measure.");
  paragraphs.push(finding);

  // -- the later, CDDL-defined versions
  const later = ["03-cddl", "04", "main"].map(group).filter((g): g is GroupSummary => !!g);
  if (later.length > 0) {
    paragraphs.push(
      `Where the draft defines the types in CDDL, TPL means mimi-codec's canonical TPL image of them (README, "Both encodings"). ` +
        later.map((g) => `${g.title}: ${counts(g)}.`).join(" "),
    );
  }

  // -- where the bytes go
  paragraphs.push(whereBytesGo(r.constructs, r.groups));

  // -- MLS framing
  const mlsText = mlsParagraph(r.groups, r.messages, r.scaling);
  if (mlsText) paragraphs.push(mlsText);

  // -- scaling
  paragraphs.push(...scalingParagraphs(r.scaling));

  // -- TPL-native messages
  const proto = group("protocol");
  if (proto && proto.messages > 0) {
    const ms = sent("protocol");
    paragraphs.push(
      `The same question on TPL-native types (RFC 9420 and mimi-protocol-06, where CBOR is the canonical image): ${counts(proto)}. ` +
        ms.map((m) => `${m.label} ${m.tpl} vs ${m.cbor}`).join(", ") +
        `. String and byte contents (keys, signatures, ciphertexts, identities) are ${(Math.round((proto.categories.tpl.content / Math.max(1, proto.tpl)) * 1000) / 10).toFixed(1)} % of the TPL bytes, and both formats frame each with a few bytes.`,
    );
  }

  // -- the overall answer
  const o = overall(r.messages);
  paragraphs.push(
    `In short: across ${plural(o.count, "content message")} of mimi-content ${o.versions} the two formats differ by at most ${bytes(o.maxBytes)} (${o.maxPercent} of the CBOR size)` +
      (o.overhead !== null && o.maxBytes > 0 ? `, while MLS framing alone adds ${bytes(o.overhead)} to every message (median, no padding), ${Math.round((o.overhead / o.maxBytes) * 10) / 10} times the largest difference` : "") +
      `. Which format is smaller depends on the constructs a version uses (see above), not on the format as such` +
      (o.decides ? `, and some messages differ by more than ${SLIGHT_PERCENT} %.` : `; at these sizes encoded size does not decide between TPL and CBOR.`),
  );

  return { headline: headline(o, verdict), finding2024: { verdict, text: finding }, paragraphs };
}

interface Overall {
  readonly count: number;
  /** "03, 04, main" */
  readonly versions: string;
  readonly maxBytes: number;
  /** "9.5 %" */
  readonly maxPercent: string;
  /** median bytes MLS framing (no padding) adds to a main-2026-03 message */
  readonly overhead: number | null;
  /** some message differs by more than SLIGHT_PERCENT */
  readonly decides: boolean;
}

/** The largest difference over the content examples (each version once; the conversation re-sends main's), against the MLS overhead. */
function overall(messages: readonly Measurement[]): Overall {
  const content = messages.filter((m) => m.kind !== "implied" && m.kind !== "protocol" && m.group !== "conversation");
  const maxAbs = content.reduce((a, m) => Math.max(a, Math.abs(m.diffPercent)), 0);
  const overheads = messages.filter((m) => m.mls && m.group === "main").map((m) => m.mls!.none.cbor - m.cbor);
  return {
    count: content.length,
    versions: [...new Set(content.map((m) => m.document.replace(/^mimi-content-/, "").replace(/-cddl$/, "")))].join(", "),
    maxBytes: content.reduce((a, m) => Math.max(a, Math.abs(m.diff)), 0),
    maxPercent: `${(Math.round(maxAbs * 10) / 10).toFixed(1)} %`,
    overhead: overheads.length > 0 ? median(overheads) : null,
    decides: maxAbs > SLIGHT_PERCENT,
  };
}

/** The verdict in one sentence, for the top of every rendering. */
function headline(o: Overall, verdict: Verdict): string {
  const mls = o.overhead !== null && o.overhead > o.maxBytes ? `, less than MLS framing adds (${bytes(o.overhead)})` : "";
  return (
    `TPL and CBOR differ by at most ${bytes(o.maxBytes)} or ${o.maxPercent} per message${mls}, so size ${o.decides ? "can decide" : "does not decide"} between them; ` +
    `the 2024 finding (TPL slightly smaller in some cases) is ${verdict}.`
  );
}

function net(row: Row): number {
  return row.tpl.framing + row.tpl.payload - (row.cbor.framing + row.cbor.payload);
}

function whereBytesGo(constructs: readonly Row[], groups: readonly GroupSummary[]): string {
  const all = groups.filter((g) => g.id !== "conversation");
  const tf = all.reduce((a, g) => a + g.framing.tpl.framing, 0);
  const tt = all.reduce((a, g) => a + g.framing.tpl.framing + g.framing.tpl.payload, 0);
  const cf = all.reduce((a, g) => a + g.framing.cbor.framing, 0);
  const ct = all.reduce((a, g) => a + g.framing.cbor.framing + g.framing.cbor.payload, 0);
  const share = (a: number, b: number) => `${(Math.round((a / Math.max(1, b)) * 1000) / 10).toFixed(1)} %`;
  const describe = (row: Row) => {
    const n = net(row);
    const per = Math.round((Math.abs(n) / row.occurrences) * 10) / 10;
    return `${row.name} (${plural(row.occurrences, "occurrence")}, ${bytes(Math.abs(n))}, ${per} per occurrence)`;
  };
  const forCbor = constructs.filter((c) => net(c) > 0).slice(0, 4);
  const forTpl = [...constructs]
    .filter((c) => net(c) < 0)
    .sort((a, b) => net(a) - net(b))
    .slice(0, 4);
  const even = constructs.filter((c) => net(c) === 0).map((c) => c.name);
  return (
    `Where the bytes go: over the corpus (the conversation left out, as it re-sends main's examples), framing is ${share(tf, tt)} of the TPL bytes and ${share(cf, ct)} of the CBOR bytes. ` +
    `CBOR spends framing TPL does not: ${forTpl.map(describe).join("; ")}. ` +
    `TPL spends bytes CBOR does not: ${forCbor.map(describe).join("; ")}. ` +
    (even.length > 0 ? `The same in both: ${even.join("; ")}.` : "")
  );
}

function mlsParagraph(groups: readonly GroupSummary[], messages: readonly Measurement[], scaling: readonly SeriesResult[]): string | null {
  const framed = messages.filter((m) => m.mls && m.group !== "conversation");
  if (framed.length === 0) return null;
  const differing = framed.filter((m) => m.diff !== 0);
  const survivesNone = differing.filter((m) => Math.sign(m.mls!.none.tpl - m.mls!.none.cbor) === Math.sign(m.diff)).length;
  const exactNone = differing.filter((m) => m.mls!.none.tpl - m.mls!.none.cbor === m.diff).length;
  const survivesDefault = differing.filter((m) => m.mls!.default.tpl - m.mls!.default.cbor !== 0).length;
  void groups;
  let text =
    `After MLS framing (PrivateMessage, ts-mls): of the ${plural(differing.length, "message")} whose encodings differ in size, ` +
    `without padding the difference keeps its sign in ${survivesNone} and its exact size in ${exactNone} (a length varint may grow on one side); ` +
    `with ts-mls's default padding (content padded to 256 bytes) it survives in only ${survivesDefault}: every smaller message of either format becomes the same size.`;
  const threshold = scaling
    .filter((s) => s.kind === "body")
    .map((s) => ({ s, m: s.metrics.find((m) => m.metric === "mls-default") }))
    .filter((x): x is { s: SeriesResult; m: MetricResult } => !!x.m);
  if (threshold.length > 0) {
    const parts = threshold.map(({ s, m }) => {
      const firstNonZero = m.segments.find((g) => g.diffFrom !== 0 || g.diffTo !== 0);
      const at = firstNonZero ? firstNonZero.from : null;
      const point = at === null ? undefined : s.points.find((p) => p.n >= at);
      return at === null ? `${s.version}: never within ${s.to} bytes` : `${s.version} from a ${at}-byte body (a ${point?.cbor ?? "?"}-byte CBOR message)`;
    });
    text += ` In the body-length series the padded sizes first differ at: ${parts.join("; ")}.`;
  }
  return text;
}

/** "TPL smaller for 1..300, equal at 0", from the sign runs. */
export function describeRuns(m: MetricResult): string {
  const name = (sign: number) => (sign < 0 ? "TPL smaller" : sign > 0 ? "CBOR smaller" : "equal");
  const span = (a: number, b: number) => (a === b ? `at ${a}` : `for ${a}..${b}`);
  return m.runs.map((r) => `${name(r.sign)} ${span(r.from, r.to)}`).join(", ");
}

function scalingParagraphs(series: readonly SeriesResult[]): string[] {
  const out: string[] = [];
  const content = (s: SeriesResult) => s.metrics.find((m) => m.metric === "content")!;
  const body = series.filter((s) => s.kind === "body");
  if (body.length > 0) {
    const items = body.map((s) => {
      const m = content(s);
      const lo = Math.min(...m.segments.map((g) => Math.min(g.diffFrom, g.diffTo)));
      const hi = Math.max(...m.segments.map((g) => Math.max(g.diffFrom, g.diffTo)));
      const grow = s.growth ? ` (the TPL length prefix grows at ${s.growth.tpl.join(", ") || "no point"}, the CBOR head at ${s.growth.cbor.join(", ") || "no point"})` : "";
      return `${s.version}: TPL - CBOR stays within ${signed(lo)}..${signed(hi)} bytes from 0 to ${s.to} bytes${grow}; ${describeRuns(m)}`;
    });
    out.push(`Body length: the body's bytes cost both formats the same and only their length framing differs. ${items.join(". ")}.`);
  }
  const linear = series.filter((s) => s.kind !== "body");
  if (linear.length > 0) {
    const items = linear.map((s) => {
      const m = content(s);
      const last = m.segments[m.segments.length - 1]!;
      // the slope that holds over most of the range (a boundary can leave a one-point piece at the end)
      const main = m.segments.reduce((a, g) => (g.to - g.from > a.to - a.from ? g : a), m.segments[0]!);
      const per = main.slope === 0 ? "no bytes per unit either way" : `${bytes(Math.abs(main.slope))} per unit in favour of ${main.slope < 0 ? "TPL" : "CBOR"}`;
      return `${s.title} (${s.version}): ${per}, ${signed(last.diffTo)} byte${Math.abs(last.diffTo) === 1 ? "" : "s"} at ${last.to}; ${describeRuns(m)}`;
    });
    out.push(`Counts: ${items.join(". ")}.`);
  }
  return out;
}
