/**
 * The example conversation of draft-ietf-mimi-content in the Engineering
 * Team room, run through the whole pipeline: alice, bob and cathy in a real
 * MLS group, every message through the hub and to every other member.
 *
 * Order and hub timestamps follow the draft's examples. Where the draft
 * gives no timestamp (attachment, conferencing, the multipart examples) the
 * script places them a minute apart after the unlike. The draft's edit and
 * delete both replace bob's reply (the delete refers to the first instance,
 * as "Delete" says for a message that was edited); mention-html, the HTML
 * form of the same mention, is not sent.
 *
 * With `salts: "draft"` every message uses the draft's salt and references,
 * so its message ID is the draft's - except the attachment, whose key, nonce
 * and hash are those of a real upload.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { uploadAttachment, MemoryBlobStore } from "./attachment.js";
import { randomBytes, type SentMessage } from "./compose.js";
import type { ContentFormat } from "./encode.js";
import { IMPLIED_ORIGINAL, ROOM_URI, USER_URIS, draftExample, type DraftUser, type ExampleName } from "./draft-examples.js";
import { fromHex, toHex } from "../runtime/index.js";
import { MimiRoom, type SendReport } from "./room.js";
import type { ViewSnapshot } from "./view.js";

export interface ConversationStep {
  readonly example: ExampleName;
  /** hub accepted timestamp, ms */
  readonly timestamp: number;
}

const T_UNLIKE = draftExample("unlike").timestamp!;
const minuteAfterUnlike = (n: number): number => T_UNLIKE + n * 60_000;

export const DRAFT_CONVERSATION: readonly ConversationStep[] = [
  { example: "original", timestamp: draftExample("original").timestamp! },
  { example: "reply", timestamp: draftExample("reply").timestamp! },
  { example: "reaction", timestamp: draftExample("reaction").timestamp! },
  { example: "mention", timestamp: draftExample("mention").timestamp! },
  { example: "edit", timestamp: draftExample("edit").timestamp! },
  { example: "delete", timestamp: draftExample("delete").timestamp! },
  { example: "unlike", timestamp: T_UNLIKE },
  { example: "attachment", timestamp: minuteAfterUnlike(1) },
  { example: "conferencing", timestamp: minuteAfterUnlike(2) },
  { example: "multipart-1", timestamp: minuteAfterUnlike(3) },
  { example: "multipart-2", timestamp: minuteAfterUnlike(4) },
  { example: "multipart-3", timestamp: minuteAfterUnlike(5) },
  { example: "expiring", timestamp: draftExample("expiring").timestamp! },
];

export const MEMBER_NAMES: readonly DraftUser[] = ["alice", "bob", "cathy"];

export interface ConversationOptions {
  /** "draft" (default): the draft's salts, so message IDs match the draft's; "random": fresh salts */
  readonly salts?: "draft" | "random";
  readonly format?: ContentFormat;
  readonly random?: (n: number) => Uint8Array;
  /** the attachment's content (default: 4 KiB of a deterministic pattern standing in for the video) */
  readonly attachment?: Uint8Array;
}

export interface StepReport extends SendReport {
  readonly example: ExampleName;
  /** the draft's message ID for this example */
  readonly draftMessageId: string;
}

export interface ConversationRun {
  readonly room: MimiRoom;
  readonly steps: readonly StepReport[];
  /** the clock after the last message: past the expiring message's expiry */
  readonly endedAt: number;
  readonly views: ReadonlyMap<string, ViewSnapshot>;
  readonly salts: "draft" | "random";
  readonly format: ContentFormat;
  /** the views right after the last message, before the clock passed the expiry */
  readonly viewsBeforeExpiry: ReadonlyMap<string, ViewSnapshot>;
}

/** A settable clock shared by the hub and the clients. */
export class ManualClock {
  constructor(public now: number) {}
  readonly read = (): number => this.now;
}

export async function runDraftConversation(opts: ConversationOptions = {}): Promise<ConversationRun> {
  const random = opts.random ?? randomBytes;
  const clock = new ManualClock(DRAFT_CONVERSATION[0]!.timestamp - 60_000);
  const store = new MemoryBlobStore("https://example.com/storage/");
  const room = await MimiRoom.create({
    roomUri: ROOM_URI,
    groupId: IMPLIED_ORIGINAL.mlsGroupId,
    members: MEMBER_NAMES.map((name) => ({ name, userUri: USER_URIS[name] })),
    clock: clock.read,
    store,
    random,
    ...(opts.format ? { format: opts.format } : {}),
  });

  const sent = new Map<ExampleName, SentMessage>();
  const ref = (name: ExampleName): SentMessage => {
    const m = sent.get(name);
    if (!m) throw new Error(`the conversation refers to ${name} before sending it`);
    return m;
  };
  const steps: StepReport[] = [];
  for (const step of DRAFT_CONVERSATION) {
    const ex = draftExample(step.example);
    clock.now = step.timestamp;
    const salt = opts.salts === "random" ? random(16) : fromHex(ex.salt);
    const from = room.client(ex.sender);
    const content =
      step.example === "attachment"
        ? from.composer.attachment(
            await uploadAttachment(store, opts.attachment ?? pattern(4096), {
              contentType: "video/mp4", filename: "bigfile.mp4", description: "2 hours of key signing video",
              language: "en", disposition: "attachment", name: "8ksB4bSrrRE.mp4", random,
            }),
            { salt },
          )
        : ex.build(from.composer, ref, salt);
    const report = await room.send(ex.sender, content);
    sent.set(step.example, { messageId: report.messageId, content });
    steps.push({ ...report, example: step.example, draftMessageId: ex.messageId });
  }

  const snapshots = () => new Map([...room.clients].map(([name, c]) => [name, c.view.snapshot()] as const));
  const viewsBeforeExpiry = snapshots();
  // one second after the expiring message's absolute expiry
  const expires = steps.find((s) => s.example === "expiring")?.content.expires;
  clock.now = (expires ? expires.time * 1000 : clock.now) + 1000;
  room.expire();
  return { room, steps, endedAt: clock.now, views: snapshots(), viewsBeforeExpiry, salts: opts.salts ?? "draft", format: opts.format ?? "cbor" };
}

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

/** Did this step reproduce the draft's message ID? */
export function reproducesDraft(s: StepReport): boolean {
  return toHex(s.messageId) === s.draftMessageId;
}

/** One message of the conversation as the size report consumes it. */
export interface ConversationMessage {
  /** the draft example it is, e.g. `reply` */
  readonly label: ExampleName;
  readonly sender: DraftUser;
  readonly content: mimiContent;
  readonly messageId: Uint8Array;
  /** hub accepted timestamp, ms */
  readonly timestamp: bigint;
}

/** The messages the pipeline actually sent in the draft's conversation, in order (runs the pipeline). */
export async function draftConversationMessages(opts: ConversationOptions = {}): Promise<ConversationMessage[]> {
  const run = await runDraftConversation(opts);
  return run.steps.map((s) => ({ label: s.example, sender: s.sender as DraftUser, content: s.content, messageId: s.messageId, timestamp: s.timestamp }));
}
