/**
 * The corpus of the size report: every example message of mimi-content 03
 * (its TPL and its CDDL), 04 and main-2026-03, their status reports and
 * implied values, a conversation, and the TPL-native MLS and MIMI protocol
 * messages around them (KeyPackage, Welcome, MLSMessage, SubmitMessageRequest,
 * FanoutMessage), each a value with the generated codecs of its type.
 */
import * as v03tpl from "../../generated/mimi-content-03/index.js";
import * as v03cddl from "../../generated/mimi-content-03-cddl/index.js";
import * as v04 from "../../generated/mimi-content-04/index.js";
import * as main from "../../generated/mimi-content-main/index.js";
import * as protocol from "../../generated/mimi-protocol-06/index.js";
import * as rfc9420 from "../../generated/rfc9420/index.js";
import { decodeItem, encodeItem, type CborCodec, type CodecContext, type TplCodec } from "../runtime/index.js";
import { PIPELINE_CONVERSATION_NOTE, pipelineConversation, type ConversationMessage, type ConversationSource } from "./conversation.js";
import { loadDraftExamples, type ContentVersion, type DraftExample } from "./examples.js";
import { MLS10_CONTEXT, MLS_SUITE, type MemberName, type MlsRoom } from "./mls-framing.js";

export interface Codecs {
  readonly tpl: TplCodec<unknown>;
  readonly cbor: CborCodec<unknown>;
}

const MODULES: Readonly<Record<string, Record<string, unknown>>> = {
  "mimi-content-03": v03tpl,
  "mimi-content-03-cddl": v03cddl,
  "mimi-content-04": v04,
  "mimi-content-main": main,
  "mimi-protocol-06": protocol,
  rfc9420,
};

export function codecsOf(document: string, type: string): Codecs {
  const c = MODULES[document]?.[type] as Codecs | undefined;
  if (!c?.tpl || !c.cbor) throw new Error(`no generated codecs for ${document} ${type}`);
  return c;
}

export type GroupId = "03-tpl" | "03-cddl" | "04" | "main" | "conversation" | "protocol";

export interface CorpusGroup {
  readonly id: GroupId;
  readonly title: string;
  /** the language the types were defined in; the other format is mimi-codec's canonical image */
  readonly definedIn: "tpl" | "cddl";
  readonly description: string;
}

export const GROUPS: readonly CorpusGroup[] = [
  {
    id: "03-tpl",
    title: "mimi-content-03, TPL",
    definedIn: "tpl",
    description:
      "draft-03 (the version of the 2024 debate) as it defines both formats: TPL by its TPL structs, CBOR by its CDDL (the merged module: one type, each codec its own side's rules); the CBOR is the draft's own .cbor",
  },
  { id: "03-cddl", title: "mimi-content-03, CDDL", definedIn: "cddl", description: "draft-03's CDDL appendix; TPL is mimi-codec's canonical image of it" },
  { id: "04", title: "mimi-content-04", definedIn: "cddl", description: "draft-04 (CDDL only); TPL is mimi-codec's canonical image" },
  { id: "main", title: "mimi-content main-2026-03", definedIn: "cddl", description: "main at 961ea5a (CDDL only); TPL is mimi-codec's canonical image" },
  { id: "conversation", title: "conversation", definedIn: "cddl", description: "main-2026-03 messages as the message pipeline sends them in the draft's conversation" },
  { id: "protocol", title: "MLS and MIMI protocol", definedIn: "tpl", description: `RFC 9420 and mimi-protocol-06 messages from ts-mls 1.6.4 (${MLS_SUITE}); CBOR is the canonical image` },
];

export type EntryKind = "content" | "report" | "implied" | "protocol";

export interface CorpusEntry {
  /** unique, e.g. `main/original` */
  readonly id: string;
  readonly group: GroupId;
  readonly label: string;
  readonly kind: EntryKind;
  readonly document: string;
  readonly typeName: string;
  readonly value: unknown;
  readonly codecs: Codecs;
  readonly context?: CodecContext;
  /** where the value comes from */
  readonly source: string;
  /** size of the draft's published .cbor, for examples */
  readonly publishedSize?: number;
  /** sent as MLS application content (framed by the report); implied values and MLS messages are not */
  readonly framed: boolean;
  readonly sender?: MemberName;
}

export interface Corpus {
  readonly groups: readonly CorpusGroup[];
  readonly entries: readonly CorpusEntry[];
  readonly conversationSource: string;
}

export interface CorpusOptions {
  readonly drafts?: string;
  /** the conversation hook (conversation.ts); default: the pipeline's run of the draft's conversation */
  readonly conversation?: ConversationSource;
  readonly conversationSource?: string;
}

const KIND: Record<DraftExample["rule"], EntryKind> = { mimiContent: "content", MessageStatusReport: "report", MessageDerivedValues: "implied" };

function exampleEntry(group: GroupId, document: string, e: DraftExample, typeName: string, bytes: Uint8Array, source: string): CorpusEntry {
  const codecs = codecsOf(document, typeName);
  const value = codecs.cbor.decode(bytes);
  return { id: `${group}/${e.name}`, group, label: e.name, kind: KIND[e.rule], document, typeName, value, codecs, source, publishedSize: e.publishedSize, framed: e.rule !== "MessageDerivedValues" };
}

export async function collectCorpus(room: MlsRoom, options: CorpusOptions = {}): Promise<Corpus> {
  const entries: CorpusEntry[] = [];
  const examples = new Map<ContentVersion, DraftExample[]>();
  for (const v of ["03", "04", "main-2026-03"] as const) examples.set(v, loadDraftExamples(v, options.drafts));

  // draft-03 merged: types and TPL bytes from its TPL structs, CBOR by its CDDL (tags included): the draft's own .cbor
  for (const e of examples.get("03")!) {
    const type = e.rule === "mimiContent" ? "MimiContent" : e.rule;
    entries.push(exampleEntry("03-tpl", "mimi-content-03", e, type, e.bytes, e.note));
  }
  for (const e of examples.get("03")!) entries.push(exampleEntry("03-cddl", "mimi-content-03-cddl", e, e.rule, e.bytes, e.note));
  for (const e of examples.get("04")!) entries.push(exampleEntry("04", "mimi-content-04", e, e.rule, e.bytes, e.note));
  const mainEntries = examples.get("main-2026-03")!.map((e) => exampleEntry("main", "mimi-content-main", e, e.rule, e.bytes, e.note));
  entries.push(...mainEntries);

  // the conversation (hook: conversation.ts)
  const messages: readonly ConversationMessage[] = await (options.conversation ?? pipelineConversation)();
  const contentCodecs = codecsOf("mimi-content-main", "mimiContent");
  messages.forEach((m, i) => {
    entries.push({
      id: `conversation/${String(i + 1).padStart(2, "0")}-${m.label}`,
      group: "conversation",
      label: `${String(i + 1).padStart(2, "0")} ${m.sender}: ${m.label}`,
      kind: "content",
      document: "mimi-content-main",
      typeName: "mimiContent",
      value: m.content,
      codecs: contentCodecs,
      source: `sent by ${m.sender}`,
      framed: true,
      sender: m.sender,
    });
  });

  // TPL-native messages: what ts-mls puts on the wire, decoded with the generated codecs
  const kp = rfc9420.MLSMessage.tpl.decode(room.keyPackage);
  const welcome = rfc9420.MLSMessage.tpl.decode(room.welcome);
  if (kp.wire_format !== "mls_key_package" || welcome.wire_format !== "mls_welcome") throw new Error("unexpected ts-mls wire formats");
  const first = mainEntries.find((e) => e.label === "original") ?? mainEntries[0];
  if (!first) throw new Error("no main-2026-03 example to frame");
  const framed = await room.frame("alice", contentCodecs.cbor.encode(first.value), "default");
  const mls = `ts-mls 1.6.4, ${MLS_SUITE}`;
  const protocolEntry = (label: string, document: string, typeName: string, value: unknown, source: string, context?: CodecContext): CorpusEntry => ({
    id: `protocol/${label}`,
    group: "protocol",
    label,
    kind: "protocol",
    document,
    typeName,
    value,
    codecs: codecsOf(document, typeName),
    source,
    framed: false,
    ...(context ? { context } : {}),
  });
  entries.push(
    protocolEntry("KeyPackage", "rfc9420", "KeyPackage", kp.key_package, `${mls}: bob's key package`),
    protocolEntry("Welcome", "rfc9420", "Welcome", welcome.welcome, `${mls}: alice adds bob and cathy (ratchet tree in the GroupInfo)`),
    protocolEntry("MLSMessage", "rfc9420", "MLSMessage", framed.value, `${mls}: PrivateMessage carrying main's "original" (CBOR), default padding`),
    protocolEntry("SubmitMessageRequest", "mimi-protocol-06", "SubmitMessageRequest", protocol.SubmitMessageRequest.tpl.decode(framed.submit), "alice submits that MLSMessage to the hub"),
    protocolEntry("FanoutMessage", "mimi-protocol-06", "FanoutMessage", protocol.FanoutMessage.tpl.decode(framed.fanout, { context: MLS10_CONTEXT }), "the hub fans it out", MLS10_CONTEXT),
  );

  return { groups: GROUPS, entries, conversationSource: options.conversationSource ?? (options.conversation ? "a caller-supplied conversation" : PIPELINE_CONVERSATION_NOTE) };
}
