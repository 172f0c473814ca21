import { fromHex, isCodecError, toHex } from "../../runtime/index.js";
import {
  RULES,
  computeMessageId,
  decodeContent,
  describeRule,
  formatRun,
  isPipelineError,
  runDraftConversation,
  type ContentFormat,
  type RuleId,
} from "../../pipeline/index.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readInputBytes } from "../input.js";

export const PIPELINE_HELP = `usage: mimi-codec pipeline [--random-salts] [--format cbor|tpl] [--rules]

Runs the example conversation of draft-ietf-mimi-content (main 2026-03) through
the whole pipeline: alice, bob and cathy in a real MLS group
(MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, ts-mls), basic credentials
holding their mimi: user URIs. Each message is composed, validated, encoded,
given its message ID, sent as an MLS PrivateMessage inside a MIMI
SubmitMessageRequest, fanned out by the hub as a FanoutMessage, decrypted,
decoded, validated and applied by every other member. Prints, message by
message, kind, sender, message ID, encoded size (CBOR and TPL), MLSMessage,
request and fanout sizes, then what each member's view shows at the end.

  --random-salts  fresh random salts (default: the draft's salts, so the IDs
                  are the draft's; the attachment always differs: it is a
                  real AES-128-GCM upload)
  --format        the content encoding sent over MLS: cbor (default, the
                  draft's application/mimi-content) or tpl (for comparison)
  --rules         list every check the pipeline makes, with its source
  --json          per message its ID, sizes and deliveries as JSON`;

export const MESSAGE_ID_HELP = `usage: mimi-codec message-id --sender <uri> --room <uri> (<file.cbor> | - | --hex <hex>) [--json]
                           [--format cbor|tpl] [--expect <hex>]

Prints the MIMI content message ID (draft-ietf-mimi-content, "Message ID"):
0x01 (SHA-256) followed by the first 31 octets of
SHA-256(len16(sender) || sender || len16(room) || room || message || salt).
The input is decoded strictly (deterministic CBOR) to find the salt.

  --sender   the sender's user URI (on receipt: the MLS-authenticated identity)
  --room     the room URI
  --expect   compare with this ID; exit 1 if it differs`;

export interface PipelineOptions {
  readonly randomSalts?: boolean;
  readonly format?: string;
  readonly rules?: boolean;
  readonly json?: boolean;
}

function parseFormat(f: string | undefined): ContentFormat {
  if (f === undefined || f === "cbor" || f === "tpl") return f ?? "cbor";
  throw new UsageError(`--format must be cbor or tpl, got "${f}"`);
}

/** `mimi-codec pipeline`: the draft's conversation over MLS and the MIMI protocol. */
export async function pipelineCommand(io: CliIo, opts: PipelineOptions = {}): Promise<number> {
  if (opts.rules) {
    for (const rule of Object.keys(RULES) as RuleId[]) io.out(describeRule(rule));
    return 0;
  }
  const format = parseFormat(opts.format);
  const run = await runDraftConversation({ salts: opts.randomSalts ? "random" : "draft", format });
  const ok = run.steps.every((s) => [...s.deliveries.values()].every((r) => r.ok));
  if (opts.json) {
    const steps = run.steps.map((s) => ({
      example: s.example,
      sender: s.sender,
      messageId: toHex(s.messageId),
      draftMessageId: s.draftMessageId,
      sizes: s.sizes,
      deliveries: Object.fromEntries([...s.deliveries].map(([n, r]) => [n, r.ok ? "accepted" : `rejected: ${r.error.message}`])),
    }));
    io.out(JSON.stringify({ format, salts: run.salts, steps, allAccepted: ok }, null, 2));
    return ok ? 0 : 1;
  }
  io.out(`the example conversation of draft-ietf-mimi-content (main 2026-03), content as ${format === "cbor" ? "CBOR (application/mimi-content)" : "TPL"}, over MLS and draft-ietf-mimi-protocol-06`);
  for (const line of formatRun(run)) io.out(line);
  return ok ? 0 : 1;
}

export interface MessageIdOptions {
  readonly sender?: string;
  readonly room?: string;
  readonly file?: string;
  readonly hex?: string;
  readonly format?: string;
  readonly expect?: string;
  readonly json?: boolean;
}

/** `mimi-codec message-id`: the message ID of an encoded MIMI content message. */
export async function messageIdCommand(opts: MessageIdOptions, io: CliIo): Promise<number> {
  if (opts.sender === undefined) throw new UsageError("missing --sender <uri>");
  if (opts.room === undefined) throw new UsageError("missing --room <uri>");
  if ((opts.file === undefined) === (opts.hex === undefined)) throw new UsageError("give exactly one input: a .cbor file or --hex <hex>");
  const format = parseFormat(opts.format);
  let bytes: Uint8Array;
  let expect: Uint8Array | undefined;
  try {
    bytes = opts.hex !== undefined ? fromHex(opts.hex) : await readInputBytes(opts.file!, io);
    expect = opts.expect === undefined ? undefined : fromHex(opts.expect);
  } catch (e) {
    if (isCodecError(e)) throw new UsageError(`bad hex: ${e.message}`, 1);
    throw e;
  }
  let salt: Uint8Array;
  try {
    salt = decodeContent(bytes, format).salt;
  } catch (e) {
    if (isPipelineError(e)) throw new UsageError(`not a MIMI content message: ${e.message}`, 1);
    throw e;
  }
  const id = computeMessageId({ senderUri: opts.sender, roomUri: opts.room, message: bytes, salt });
  const same = expect === undefined ? undefined : toHex(expect) === toHex(id);
  if (opts.json) {
    io.out(JSON.stringify({ messageId: toHex(id), ...(expect !== undefined ? { expect: toHex(expect), matches: same } : {}) }));
    return same === false ? 1 : 0;
  }
  io.out(toHex(id));
  if (expect === undefined) return 0;
  io.out(same ? "matches --expect" : `DIFFERS from --expect ${toHex(expect)}`);
  return same ? 0 : 1;
}
