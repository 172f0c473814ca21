/**
 * The TPL-vs-CBOR size report as data: every message of the corpus measured,
 * totals per corpus group, the constructs that favour each format, the
 * scaling series with their crossovers, and a conclusion generated from
 * those numbers. The renderers (Markdown, JSON, HTML) only format this.
 */
import { byConstruct, splitBytes, totalsOf, type Category, type Charge, type Row, type Split } from "./breakdown.js";
import { collectCorpus, codecsOf, type CorpusGroup, type CorpusOptions, type GroupId } from "./corpus.js";
import { conclude, type Conclusion } from "./conclusion.js";
import { measureEntry, percent, type Measurement, type Pair } from "./measure.js";
import { MLS_SUITE, MlsRoom, describePadding, type Padding } from "./mls-framing.js";
import { runSeries, type ScalingOptions, type SeriesKind, type SeriesResult } from "./scaling.js";
import { mainInputs, v03TplInputs, v04Inputs, type VersionInputs } from "./scaling-inputs.js";
import { SchemaSet } from "./schemas.js";
import type * as v03tpl from "../../generated/mimi-content-03/index.js";
import type * as v04 from "../../generated/mimi-content-04/index.js";
import type * as main from "../../generated/mimi-content-main/index.js";

export interface MlsTotals {
  readonly tpl: number;
  readonly cbor: number;
  readonly diff: number;
  readonly tplSmaller: number;
  readonly equal: number;
  readonly cborSmaller: number;
}

export interface GroupSummary extends CorpusGroup {
  /** messages that travel (implied values excluded) */
  readonly messages: number;
  readonly tpl: number;
  readonly cbor: number;
  readonly cborDeterministic: number;
  readonly diff: number;
  readonly diffPercent: number;
  readonly tplSmaller: number;
  readonly equal: number;
  readonly cborSmaller: number;
  readonly minDiff: number;
  readonly maxDiff: number;
  readonly medianDiff: number;
  readonly framing: { readonly tpl: Split; readonly cbor: Split };
  readonly categories: { readonly tpl: Record<Category, number>; readonly cbor: Record<Category, number> };
  readonly constructs: readonly Row[];
  readonly mls?: Readonly<Record<Padding, MlsTotals>>;
  readonly wire?: { readonly submit: Pair; readonly fanout: Pair };
}

export interface SizeReport {
  readonly title: string;
  readonly inputs: {
    readonly mls: string;
    readonly padding: Readonly<Record<Padding, string>>;
    readonly conversation: string;
    readonly percentBase: string;
  };
  readonly groups: readonly GroupSummary[];
  readonly messages: readonly Measurement[];
  /** over every travelling message of every group but the conversation */
  readonly constructs: readonly Row[];
  readonly scaling: readonly SeriesResult[];
  readonly conclusion: Conclusion;
  /** every message's framing + payload equals its encoded size in both formats */
  readonly checked: { readonly messages: number; readonly bytes: number };
}

/** How far buildReport is; it prints nothing itself (the CLI shows this on stderr). */
export interface ReportProgress {
  readonly stage: "setting up" | "measuring messages" | "scaling series";
  readonly done: number;
  readonly total: number;
  /** what comes next, e.g. `main/original` or `body/main` */
  readonly item?: string;
}

export interface ReportOptions extends CorpusOptions, ScalingOptions {
  /** skip the scaling series (fast; the README summary does not need them) */
  readonly scaling?: boolean;
  readonly kinds?: readonly SeriesKind[];
  readonly onProgress?: (p: ReportProgress) => void;
}

export async function buildReport(options: ReportOptions = {}): Promise<SizeReport> {
  const progress = options.onProgress ?? (() => {});
  const set = new SchemaSet();
  progress({ stage: "setting up", done: 0, total: 2, item: "MLS group" });
  const room = await MlsRoom.create();
  progress({ stage: "setting up", done: 1, total: 2, item: "examples and conversation" });
  const corpus = await collectCorpus(room, options);
  progress({ stage: "setting up", done: 2, total: 2 });
  const measured: Array<{ measurement: Measurement; charges: readonly Charge[] }> = [];
  for (const [i, e] of corpus.entries.entries()) {
    progress({ stage: "measuring messages", done: i, total: corpus.entries.length, item: e.id });
    measured.push(await measureEntry(e, set, room, { wire: e.group === "conversation" }));
  }
  progress({ stage: "measuring messages", done: corpus.entries.length, total: corpus.entries.length });
  const messages = measured.map((m) => m.measurement);

  const travelling = measured.filter((m) => m.measurement.kind !== "implied");
  const groups = corpus.groups.map((g) => summarise(g, travelling.filter((m) => m.measurement.group === g.id)));

  const scaling: SeriesResult[] = [];
  if (options.scaling !== false) {
    const original = (group: GroupId) => {
      const e = corpus.entries.find((x) => x.group === group && x.label === "original");
      if (!e) throw new Error(`no original message in ${group}`);
      return e.value;
    };
    const inputs: VersionInputs[] = [
      mainInputs(original("main") as main.mimiContent),
      v04Inputs(original("04") as v04.mimiContent),
      v03TplInputs(original("03-tpl") as v03tpl.MimiContent),
    ];
    const plan = (options.kinds ?? (["body", "ids", "parts", "depth", "extensions"] as const)).flatMap((kind) => inputs.map((i) => ({ kind, i })));
    for (const [n, { kind, i }] of plan.entries()) {
      progress({ stage: "scaling series", done: n, total: plan.length, item: `${kind}/${i.version}` });
      scaling.push(await runSeries(kind, i, codecsOf(i.document, i.typeName), room, options));
    }
    progress({ stage: "scaling series", done: plan.length, total: plan.length });
  }

  const report = {
    title: "TPL vs CBOR: encoded sizes of the MIMI drafts' messages",
    inputs: {
      mls: `ts-mls 1.6.4, ${MLS_SUITE}, a three-member group`,
      padding: { none: describePadding("none"), default: describePadding("default") },
      conversation: corpus.conversationSource,
      percentBase: "(TPL - CBOR) / CBOR",
    },
    groups,
    messages,
    // the conversation re-sends main-2026-03's examples: left out here so they do not count twice
    constructs: byConstruct(travelling.filter((m) => m.measurement.group !== "conversation").flatMap((m) => m.charges)),
    scaling,
    checked: { messages: messages.length, bytes: messages.reduce((a, m) => a + m.tpl + m.cbor, 0) },
  };
  return { ...report, conclusion: conclude(report) };
}

function summarise(g: CorpusGroup, ms: ReadonlyArray<{ measurement: Measurement; charges: readonly Charge[] }>): GroupSummary {
  const list = ms.map((m) => m.measurement);
  const sum = (f: (m: Measurement) => number) => list.reduce((a, m) => a + f(m), 0);
  const diffs = list.map((m) => m.diff).sort((a, b) => a - b);
  const tpl = sum((m) => m.tpl);
  const cbor = sum((m) => m.cbor);
  const totals = totalsOf(ms.flatMap((m) => m.charges));
  const framed = list.filter((m) => m.mls);
  const mlsTotals = (p: Padding): MlsTotals => {
    const pairs = framed.map((m) => m.mls![p]);
    const t = pairs.reduce((a, x) => a + x.tpl, 0);
    const c = pairs.reduce((a, x) => a + x.cbor, 0);
    return { tpl: t, cbor: c, diff: t - c, tplSmaller: pairs.filter((x) => x.tpl < x.cbor).length, equal: pairs.filter((x) => x.tpl === x.cbor).length, cborSmaller: pairs.filter((x) => x.tpl > x.cbor).length };
  };
  const wired = list.filter((m) => m.wire);
  const pairSum = (f: (m: Measurement) => Pair) => ({ tpl: wired.reduce((a, m) => a + f(m).tpl, 0), cbor: wired.reduce((a, m) => a + f(m).cbor, 0) });
  return {
    ...g,
    messages: list.length,
    tpl,
    cbor,
    cborDeterministic: sum((m) => m.cborDeterministic),
    diff: tpl - cbor,
    diffPercent: percent(tpl - cbor, cbor),
    tplSmaller: list.filter((m) => m.diff < 0).length,
    equal: list.filter((m) => m.diff === 0).length,
    cborSmaller: list.filter((m) => m.diff > 0).length,
    minDiff: diffs[0] ?? 0,
    maxDiff: diffs[diffs.length - 1] ?? 0,
    medianDiff: diffs.length === 0 ? 0 : diffs.length % 2 === 1 ? diffs[(diffs.length - 1) / 2]! : (diffs[diffs.length / 2 - 1]! + diffs[diffs.length / 2]!) / 2,
    framing: { tpl: splitBytes(totals.tpl), cbor: splitBytes(totals.cbor) },
    categories: totals,
    constructs: byConstruct(ms.flatMap((m) => m.charges)),
    ...(framed.length > 0 ? { mls: { none: mlsTotals("none"), default: mlsTotals("default") } } : {}),
    ...(wired.length > 0 ? { wire: { submit: pairSum((m) => m.wire!.submit), fanout: pairSum((m) => m.wire!.fanout) } } : {}),
  };
}
