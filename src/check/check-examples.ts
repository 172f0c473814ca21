import { ednToCbor } from "../edn/edn-to-cbor.js";
import { hexFromAnnotatedDump } from "../extract/annotated-hex.js";
import { computeMessageId } from "../pipeline/message-id.js";
import { isCodecError, toHex, type CborCodec, type TplCodec } from "../runtime/index.js";
import type { Example } from "./find-examples.js";
import { describeByteDifference } from "./item-diff.js";

/** The codecs of one type of the draft. */
export interface TypeCodecs {
  readonly name: string;
  /**
   * How telling a match with it is, lowest first: 0 a message (a record no
   * other type uses), 1 another record, 2 anything else, 3 a type that takes
   * any item (CDDL `any`): the first type that decodes in the lowest rank wins.
   */
  readonly rank: number;
  readonly tpl?: TplCodec<unknown>;
  readonly cbor?: CborCodec<unknown>;
}

/** "ok", a mismatch (what the exit status counts), or n/a where there is nothing to compare. */
export type Outcome = "ok" | "mismatch" | "n/a";

export interface ExampleVerdict {
  readonly example: string;
  readonly at: string;
  /** The type whose codec decodes it (none: no type of the draft does). */
  readonly type?: string;
  readonly format: "cbor" | "tpl";
  /** EDN compiled to CBOR gives the .cbor file's bytes. */
  readonly ednVsCbor: Outcome;
  /** The .diag (the EDN as the draft's tooling rewrote it) gives the .cbor file's bytes. */
  readonly diagVsCbor: Outcome;
  /** The .pretty dump's bytes are the .cbor file's. */
  readonly prettyVsCbor: Outcome;
  /** Decoded with the type (deterministic CBOR), encoded again: the same bytes. */
  readonly roundTrip: Outcome;
  /** The message ID its EDN states is the one the draft's algorithm gives. */
  readonly messageId: Outcome;
  readonly verdict: Outcome;
  /** What differs, in words. */
  readonly notes: readonly string[];
}

export interface CheckOptions {
  /** The types to try, the document's roots (types no other uses) first. */
  readonly types: readonly TypeCodecs[];
  /** The draft defines mimi-content's message ID (its text has the construction). */
  readonly messageIds: boolean;
}

/**
 * Every example against the draft's own types and against its other forms:
 * EDN vs the .cbor bytes (and the .diag the .cbor was made from), the
 * .pretty dump vs the .cbor, decode with the type that takes it and encode
 * again (byte for byte, deterministic CBOR), and the message ID an EDN
 * comment states where the draft defines the algorithm. The bytes an
 * example stands for are its .cbor file, else its EDN; an annotated hex
 * dump is TPL (or CBOR) bytes as the text writes them.
 */
export function checkExamples(examples: readonly Example[], opts: CheckOptions): ExampleVerdict[] {
  const verdicts = examples.map((e) => checkOne(e, opts));
  // an EDN whose bytes are another example's .cbor: the files of the two are swapped
  return verdicts.map((v, i) => {
    const e = examples[i]!;
    if (v.ednVsCbor !== "mismatch" || !e.edn) return v;
    const bytes = tryEdn(e.edn.text);
    const twin = bytes && examples.find((o) => o !== e && o.cbor && toHex(o.cbor.bytes) === toHex(bytes));
    return twin ? { ...v, notes: [...v.notes, `its EDN's bytes are ${twin.cbor!.file}: the .cbor of the two examples are swapped`] } : v;
  });
}

function tryEdn(text: string): Uint8Array | undefined {
  try {
    return ednToCbor(text);
  } catch {
    return undefined;
  }
}

function checkOne(e: Example, opts: CheckOptions): ExampleVerdict {
  const notes: string[] = [];
  const at = `${e.at.file}:${e.at.line}`;
  let ednBytes: Uint8Array | undefined;
  if (e.edn) {
    try {
      ednBytes = ednToCbor(e.edn.text);
    } catch (err) {
      notes.push(`EDN does not parse: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  const compare = (what: string, bytes: Uint8Array | undefined, against: Uint8Array | undefined, name: string): Outcome => {
    if (!bytes || !against) return "n/a";
    if (toHex(bytes) === toHex(against)) return "ok";
    notes.push(`${what} differs from ${name}: ${describeByteDifference(bytes, against)}`);
    return "mismatch";
  };
  const cbor = e.cbor?.bytes;
  const ednVsCbor = e.edn && !ednBytes ? "mismatch" : compare("the EDN", ednBytes, cbor, "the .cbor");
  let diagVsCbor: Outcome = "n/a";
  if (e.diag && cbor) {
    try {
      diagVsCbor = compare("the .diag", ednToCbor(new TextDecoder().decode(e.diag.bytes)), cbor, "the .cbor");
    } catch (err) {
      notes.push(`.diag does not parse: ${(err as Error).message.split("\n")[0]}`);
      diagVsCbor = "mismatch";
    }
  }
  let prettyVsCbor: Outcome = "n/a";
  if (e.pretty && cbor) {
    const dump = hexFromAnnotatedDump(new TextDecoder().decode(e.pretty.bytes).replace(/#.*$/gm, ""));
    prettyVsCbor = compare("the .pretty", dump.bytes, cbor, "the .cbor");
  }

  const format: "cbor" | "tpl" = e.hex && !looksLikeCbor(e.hex.text) ? "tpl" : "cbor";
  const bytes = cbor ?? ednBytes ?? (e.hex ? hexFromAnnotatedDump(e.hex.text).bytes : undefined);
  if (e.hex) {
    const odd = hexFromAnnotatedDump(e.hex.text).oddLines;
    if (odd.length > 0) notes.push(`odd number of hex digits on line ${odd.join(", ")} of the dump`);
  }
  // a dump that names its type (`/* MimiContent struct */`) is tried as that type first
  const named = e.hex ? opts.types.map((t) => (new RegExp(`\\b${t.name}\\b`).test(e.hex!.text) ? { ...t, rank: -1 } : t)) : opts.types;
  const decoded = bytes ? decodeWithSomeType(bytes, format, named) : undefined;
  let roundTrip: Outcome = "n/a";
  let type: string | undefined;
  let messageId: Outcome = "n/a";
  if (decoded?.ok) {
    type = decoded.type.name;
    roundTrip = toHex(decoded.again) === toHex(bytes!) ? "ok" : "mismatch";
    if (roundTrip === "mismatch") notes.push(`decoded as ${type} and encoded again, the bytes differ: ${describeByteDifference(decoded.again, bytes!)}`);
    if (opts.messageIds && e.edn) messageId = checkMessageId(e.edn.text, decoded.value, bytes!, notes);
  } else if (decoded) {
    type = decoded.closest;
    roundTrip = "mismatch";
    notes.push(decoded.why);
  }
  // an EDN fence in the text that no type takes is a fragment (part of a message), not a failure
  const fragment = !decoded?.ok && e.edn && !e.edn.file && !e.cbor;
  if (fragment) {
    notes.length = 0;
    notes.push("no type of the draft decodes it whole: a fragment (part of a message), not checked");
    roundTrip = "n/a";
    type = undefined;
  }
  const all = [ednVsCbor, diagVsCbor, prettyVsCbor, roundTrip, messageId];
  const verdict: Outcome = all.includes("mismatch") ? "mismatch" : all.includes("ok") ? "ok" : "n/a";
  return { example: e.name, at, ...(type ? { type } : {}), format, ednVsCbor, diagVsCbor, prettyVsCbor, roundTrip, messageId, verdict, notes };
}

/** A .pretty-style dump (`86 # array(6)`) or a dump whose first byte is a CBOR array/map head is CBOR; `0x..` dumps are TPL. */
function looksLikeCbor(text: string): boolean {
  return /^\s*[0-9a-f]{2}\s+#/im.test(text);
}

type Decoded =
  | { ok: true; type: TypeCodecs; value: unknown; again: Uint8Array }
  | { ok: false; why: string; closest?: string };

/**
 * The first type whose codec decodes the bytes (CBOR: deterministically)
 * and the value and its re-encoding; else why not, from the type whose
 * decode got furthest.
 */
function decodeWithSomeType(bytes: Uint8Array, format: "cbor" | "tpl", types: readonly TypeCodecs[]): Decoded {
  let best: { type: string; rank: number; offset: number; message: string } | undefined;
  for (const t of [...types].sort((a, b) => a.rank - b.rank)) {
    const codec = format === "cbor" ? t.cbor : t.tpl;
    if (!codec) continue;
    try {
      const value = format === "cbor" ? (codec as CborCodec<unknown>).decode(bytes, { deterministic: true }) : (codec as TplCodec<unknown>).decode(bytes);
      return { ok: true, type: t, value, again: codec.encode(value) };
    } catch (err) {
      if (!isCodecError(err)) throw err;
      // the best-ranked type that got furthest: a part decoding random bytes further says nothing
      if (!best || (t.rank === best.rank && err.offset > best.offset)) best = { type: t.name, rank: t.rank, offset: err.offset, message: err.message };
    }
  }
  if (!best) return { ok: false, why: `no type of the draft has a ${format.toUpperCase()} codec` };
  return { ok: false, why: `no type of the draft decodes it; ${best.type} gets furthest: ${best.message}`, closest: best.type };
}

/**
 * The ID an EDN comment states (`# message ID = h'01...'`, over one or two
 * lines) against mimi-content's construction over the example's bytes,
 * salt and sender and room URIs (its senderUri and roomUri extensions).
 */
function checkMessageId(edn: string, value: unknown, bytes: Uint8Array, notes: string[]): Outcome {
  const stated = statedMessageId(edn);
  if (!stated) return "n/a";
  const salt = findField(value, "salt");
  const sender = findField(value, "senderUri");
  const room = findField(value, "roomUri");
  if (!(salt instanceof Uint8Array) || typeof sender !== "string" || typeof room !== "string") {
    notes.push("states a message ID, but has no salt, senderUri and roomUri to compute it from");
    return "mismatch";
  }
  const id = toHex(computeMessageId({ senderUri: sender, roomUri: room, message: bytes, salt }));
  if (id === stated) return "ok";
  notes.push(`states message ID ${stated}; the draft's algorithm gives ${id}`);
  return "mismatch";
}

function statedMessageId(edn: string): string | undefined {
  const m = /message ID\s*=\s*h'([0-9a-fA-F\s#]*?)'/i.exec(edn);
  return m ? m[1]!.replace(/#/g, "").replace(/\s+/g, "").toLowerCase() : undefined;
}

/** A field of the value or of a record one level down (`mimiExtensions.senderUri`). */
export function findField(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  const own = (value as Record<string, unknown>)[name];
  if (own !== undefined) return own;
  for (const v of Object.values(value as Record<string, unknown>)) {
    if (typeof v === "object" && v !== null && !(v instanceof Uint8Array) && !(v instanceof Map) && name in v) return (v as Record<string, unknown>)[name];
  }
  return undefined;
}
