/** Plain-text reports of a conversation run and of a view (what `mimi-codec pipeline` prints). */
import { toHex } from "../runtime/index.js";
import { CIPHER_SUITE } from "./mls-group.js";
import { reproducesDraft, type ConversationRun } from "./conversation.js";
import type { ViewMessage, ViewSnapshot } from "./view.js";

const short = (id: string): string => id.slice(0, 8);
const who = (uri: string): string => uri.replace(/^.*\/u\//, "");
const time = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

export function formatRun(run: ConversationRun): string[] {
  const room = run.room;
  const lines = [
    `room ${room.roomUri}, MLS group ${toHex(room.hub.groupId).slice(0, 16)}... (${CIPHER_SUITE}), epoch ${room.hub.epoch}`,
    `members: ${[...room.clients.values()].map((c) => `${c.name} (${c.userUri}, leaf ${c.mls.leafIndex})`).join(", ")}`,
    "",
    [" #", "kind".padEnd(13), "sender", "message ID".padEnd(64), "draft ID", " CBOR", "  TPL", " MLSMessage", " submit", " fanout"].join("  "),
  ];
  run.steps.forEach((s, i) => {
    const failed = [...s.deliveries].filter(([, r]) => !r.ok);
    lines.push(
      [
        String(i + 1).padStart(2),
        s.example.padEnd(13),
        s.sender.padEnd(6),
        toHex(s.messageId),
        (reproducesDraft(s) ? "same" : "differs").padEnd(8),
        String(s.sizes.cbor).padStart(5),
        String(s.sizes.tpl).padStart(5),
        String(s.sizes.mls).padStart(11),
        String(s.sizes.submitRequest).padStart(7),
        String(s.sizes.fanout).padStart(7),
      ].join("  ") + (failed.length ? `  REJECTED by ${failed.map(([n, r]) => `${n} (${r.ok ? "" : r.error.message})`).join(", ")}` : ""),
    );
  });
  const reasons = [
    run.format === "tpl" ? "the content is sent as TPL, and the ID is over the bytes sent" : undefined,
    run.salts === "random" ? "fresh random salts" : undefined,
    "the attachment carries the key, nonce and hash of a real AES-128-GCM upload",
  ].filter((r) => r !== undefined);
  if (run.steps.some((s) => !reproducesDraft(s))) lines.push(`    (draft ID "differs": ${reasons.join("; ")})`);
  lines.push("", `every message delivered to ${[...room.clients.keys()].join(", ")} minus its sender: ${run.steps.every((s) => [...s.deliveries.values()].every((r) => r.ok)) ? "all accepted" : "SOME REJECTED"}`);

  const views = [...run.views];
  const same = views.every(([, v]) => JSON.stringify(v) === JSON.stringify(views[0]![1]));
  lines.push("", `views at ${new Date(run.endedAt).toISOString()}: ${same ? `identical for ${views.map(([n]) => n).join(", ")}` : "DIFFERENT"}`);
  for (const [name, v] of same ? views.slice(0, 1) : views) {
    if (!same) lines.push(`${name}:`);
    lines.push(...formatView(v).map((l) => "  " + l));
  }
  return lines;
}

export function formatView(v: ViewSnapshot): string[] {
  const out: string[] = [];
  for (const m of v.messages) out.push(...formatMessage(m));
  if (v.expired.length) out.push(`(expired and removed: ${v.expired.map(short).join(", ")})`);
  return out;
}

function formatMessage(m: ViewMessage): string[] {
  const head = `${time(m.timestamp)} [${short(m.id)}] ${who(m.sender)}${m.inReplyTo ? ` (reply to ${short(m.inReplyTo)})` : ""}${m.topic ? ` {topic ${m.topic}}` : ""}`;
  const lines: string[] = [];
  if (m.state === "deleted") {
    const edits = m.versions.length - 2;
    lines.push(`${head}: <deleted by ${who(m.sender)} [${short(m.versions.at(-1)!)}]${edits > 0 ? `, after ${edits} edit${edits > 1 ? "s" : ""} [${m.versions.slice(1, -1).map(short).join(", ")}]` : ""}>`);
  } else {
    const [first = "", ...rest] = m.body;
    lines.push(`${head}: ${first}${m.state === "edited" ? `  (edited ${m.versions.length - 1}x: ${m.versions.slice(1).map(short).join(", ")})` : ""}`);
    for (const r of rest) lines.push(`    ${r}`);
  }
  const extra: string[] = [];
  if (m.reactions.length) extra.push(`reactions: ${m.reactions.map((r) => `${r.reaction} ${who(r.sender)}`).join(", ")}`);
  if (m.removedReactions.length) extra.push(`reactions removed (unlike): ${m.removedReactions.map((r) => `${who(r.sender)} [${short(r.id)}]`).join(", ")}`);
  if (m.mentions.length) extra.push(`mentions: ${m.mentions.map(who).join(", ")}`);
  for (const a of m.attachments) extra.push(`attachment decrypted and verified: ${a.filename} ${a.contentType}, ${a.size} octets, sha-256 ${a.sha256.slice(0, 16)}...`);
  if (m.expiresAt !== null) extra.push(`expires ${new Date(m.expiresAt).toISOString()}`);
  for (const e of extra) lines.push(`    ${e}`);
  return lines;
}
