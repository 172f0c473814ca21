/**
 * The conversation of the size report: the mimi-content (main-2026-03)
 * messages that the message pipeline (src/pipeline) actually sends in the
 * draft's example conversation - alice, bob and cathy in a real MLS group,
 * every message through the hub - which the report then measures and frames
 * (MLS application message, SubmitMessageRequest, FanoutMessage) once with
 * TPL content and once with CBOR content.
 *
 * HOOK: collectCorpus({ conversation }) takes any other ConversationSource
 * (a recorded transcript, a synthetic load); the default is the pipeline's.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { draftConversationMessages } from "../pipeline/index.js";
import type { MemberName } from "./mls-framing.js";

export interface ConversationMessage {
  /** e.g. `reply` */
  readonly label: string;
  readonly sender: MemberName;
  readonly content: mimiContent;
}

/** Where the conversation comes from. */
export type ConversationSource = () => Promise<readonly ConversationMessage[]> | readonly ConversationMessage[];

/** The default: the draft's conversation as src/pipeline runs it (the draft's salts, so its message IDs). */
export const pipelineConversation: ConversationSource = () => draftConversationMessages({ salts: "draft" });

export const PIPELINE_CONVERSATION_NOTE =
  "the draft's example conversation as src/pipeline sends it (draftConversationMessages: alice, bob and cathy in an MLS group, through the hub; the draft's salts; the attachment a real upload)";
