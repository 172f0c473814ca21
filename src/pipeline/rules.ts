/**
 * Every check the pipeline makes, by name. A rule id is `<subject>/<what>`;
 * each violation the pipeline reports names one of these plus the field path
 * (`mimiContent.nestedPart.parts[1].contentHash`). `source` says where the
 * rule comes from: a section (by title) of draft-ietf-mimi-content (main 2026-03,
 * "content"), draft-ietf-mimi-protocol-06 ("protocol"), RFC 9420, or "policy"
 * for local policy a demanding client applies where the drafts leave it open.
 */
export const RULES = {
  // ---- the CDDL and the encoding (the generated codecs enforce these)
  "cddl/invalid": { source: 'content, "CDDL Schemas"', summary: "the value or the bytes do not match the CDDL of mimiContent" },
  "cbor/not-deterministic": { source: 'content, "Encoding restrictions"', summary: "CBOR not in RFC 8949 §4.2.1 core deterministic form" },
  "content/trailing-bytes": { source: 'content, "Encoding restrictions"; RFC 8949 §5.1 (one data item)', summary: "bytes after the end of the mimiContent item" },

  // ---- stateless semantic checks (Security Considerations "General handling" and the message sections)
  "salt/weak": { source: 'content, "Message Behavior Fields" (salt MUST be cryptographically random)', summary: "all 16 salt octets are equal: not a random salt" },
  "topicId/too-long": { source: 'content, "General handling" (topicId greater than 4096 octets)', summary: "topicId is longer than 4096 octets" },
  "expires/too-far-past": { source: 'content, "General handling" (expires)', summary: "absolute expiration more than a year in the past" },
  "expires/too-far-future": { source: 'content, "General handling" (expires)', summary: "expiration more than a year in the future (absolute or relative)" },
  "body/too-many-parts": { source: 'content, "General handling" (more than 1024 body parts)', summary: "more than 1024 NestedParts" },
  "body/too-deep": { source: 'content, "Depth restrictions" and "General handling" (more than 4 levels)', summary: "NestedParts nested more than 4 levels deep" },
  "body/too-large": { source: 'content, "General handling" (too large according to local policy)', summary: "encoded content larger than the local limit" },
  "body/null-without-replaces": { source: 'content, "Message Bodies" (zero parts only when deleting or unliking)', summary: "a NullPart body in a message that replaces nothing" },
  "multipart/nullpart-inside": { source: 'content, "Message Bodies" (NullPart is the empty body)', summary: "a NullPart inside a MultiPart" },
  "reaction/multiple-in-one-part": { source: 'content, "Reaction" (an ensemble of text reactions MUST NOT be one text part)', summary: "a text reaction part holds more than one grapheme cluster" },
  "reaction/no-target": { source: 'content, "Reaction" (a reaction looks like a reply)', summary: "a reaction without inReplyTo reacts to nothing (shown as a message)" },
  "partIndex/out-of-range": { source: 'content, "Message Bodies" (cid:partIndex@local.invalid)', summary: "a content ID URI names a part index the message does not have" },
  "partIndex/not-single-or-external": { source: 'content, "Message Bodies" (MUST only reference a SinglePart or ExternalPart)', summary: "a content ID URI names a MultiPart or NullPart" },
  "partIndex/self-reference": { source: 'content, "Message Bodies" (a part references another part)', summary: "a content ID URI names the part that contains it" },
  "disposition/unknown": { source: 'content, "General handling" (unknown Disposition treated as render)', summary: "unknown disposition value; rendered as render" },
  "language/invalid": { source: 'content, "Message Bodies" (empty or comma-separated RFC 5646 Language-tags)', summary: "language is not a list of RFC 5646 language tags" },
  "contentType/invalid": { source: 'content, "Message Bodies" (IANA media type, subtype and parameters)', summary: "contentType is not a media type" },
  "content/invalid-utf8": { source: 'content, "MIMI Required and Recommended media types"; "Data model restrictions"', summary: "a text part's content is not valid UTF-8" },
  "markdown/raw-html": { source: 'content, "Specifics of Github Flavored Markdown in MIMI" (No HTML: < of an HTML tag replaced with &lt; before sending)', summary: "a GFM-MIMI part contains a raw HTML tag" },
  "external/url-invalid": { source: 'content, "External content" (url: a URL where the content can be fetched)', summary: "ExternalPart url is not an absolute URL" },
  "external/hash-alg-unknown": { source: 'content, "External content" (hashAlg: an IANA Named Information Hash Algorithm)', summary: "ExternalPart hashAlg is not a known hash algorithm" },
  "external/hash-length": { source: 'content, "External content" (hashAlg, contentHash)', summary: "contentHash length does not match hashAlg" },
  "external/enc-alg-unknown": { source: 'content, "External content" (encAlg: an IANA AEAD Algorithm number, or zero)', summary: "ExternalPart encAlg is not a supported AEAD algorithm" },
  "external/enc-none-with-key": { source: 'content, "External content" (encAlg zero: key, nonce and aad zero length)', summary: "encAlg is zero but key, nonce or aad is not empty" },
  "external/enc-key-length": { source: "RFC 5116 §5 (AEAD key length)", summary: "key length does not match encAlg" },
  "external/enc-nonce-length": { source: "RFC 5116 §5 (AEAD nonce length)", summary: "nonce length does not match encAlg" },
  "extensions/duplicate-key": { source: 'content, "Extension Fields" (MUST NOT include more than one extension field with the same key)', summary: "an extension key appears twice" },
  "extensions/reserved-key": { source: 'content, "MIMI Content Extension Keys registry" (key 0 reserved)', summary: "extension key 0 is reserved" },
  "extensions/int-key-range": { source: 'content, "Data model restrictions" (integer keys representable as a double)', summary: "integer map key outside -(2^53-1)..2^53-1" },
  "extensions/nested-key-type": { source: 'content, "Data model restrictions" (nested map keys: integers, text or byte strings)', summary: "a map nested in an extension has a key that is not int, tstr or bstr" },
  "extensions/too-deep": { source: 'content, "Depth restrictions" (extensions at most 4 levels deep)', summary: "tags, maps and arrays nested more than 4 levels in the extensions map" },
  "extensions/nan": { source: 'content, "Data model restrictions" (only the half-width quiet NaN 0xF97E00)', summary: "a NaN other than f97e00" },
  "extensions/float": { source: 'content, "Data model restrictions" (floating point strongly discouraged)', summary: "a floating point value in an extension" },
  "extensions/uri-invalid": { source: 'content, "MIMI Content Extension Keys registry" (senderUri, roomUri)', summary: "senderUri or roomUri is not a URI" },
  "message-id/unknown-hash-alg": { source: 'content, "General handling" (first octet of the message ID is an unknown hash algorithm)', summary: "replaces or inReplyTo does not start with a known hash algorithm" },

  // ---- receiving: MIMI protocol, MLS, sender and timestamps
  "protocol/malformed": { source: 'protocol, "Fanout Messages and Room Events"', summary: "the FanoutMessage does not decode" },
  "protocol/not-application": { source: 'protocol, "Submit a Message" (appMessage: PrivateMessage, content_type application)', summary: "the MLSMessage is not a PrivateMessage carrying an application message" },
  "mls/wrong-group": { source: "RFC 9420 §6.3.2", summary: "the PrivateMessage is for another MLS group" },
  "mls/wrong-epoch": { source: "RFC 9420 §6.3.2", summary: "the PrivateMessage is for an epoch this member has no keys for" },
  "sender/not-member": { source: 'content, "General handling" (apparent sender not a member); RFC 9420 §6.3.2', summary: "the sender data does not decrypt with this epoch's key, or names a blank leaf" },
  "mls/decrypt-failed": { source: "RFC 9420 §6.3 (AEAD, signature)", summary: "the content does not decrypt or its signature does not verify" },
  "mls/encoding-mismatch": { source: "RFC 9420 §6 (MLSMessage)", summary: "our MLSMessage encoding differs from ts-mls's bytes" },
  "sender/bad-credential": { source: "policy (basic credential holding the member's mimi: user URI)", summary: "the sender's credential is not a basic credential with a mimi: user URI" },
  "sender/uri-mismatch": { source: 'protocol, "Receiver verification of frank" (credential identity matches sender_uri)', summary: "senderUri in the content differs from the MLS-authenticated sender" },
  "room/uri-mismatch": { source: 'protocol, "Receiver verification of frank" (room_uri matches the room)', summary: "roomUri in the content differs from the room" },
  "timestamp/in-future": { source: 'content, "General handling" (timestamps received more than a few minutes in the future)', summary: "hub timestamp more than the allowed skew in the future" },
  "timestamp/before-room-created": { source: 'content, "General handling" (timestamps before the room was created)', summary: "hub timestamp before the room was created" },
  "timestamp/too-old": { source: 'content, "General handling" (before the first concrete syntax was published; a configured date)', summary: "hub timestamp before the configured earliest date" },
  "message-id/mismatch": { source: 'content, "Message ID"', summary: "the recomputed message ID differs from the one expected" },
  "message-id/duplicate": { source: 'content, "General handling" (message ID duplicates one already encountered)', summary: "a message with this ID was already received" },

  // ---- the conversation view (state)
  "reply/loop": { source: 'content, "Message Behavior Fields" (inReplyTo chains must not loop)', summary: "following inReplyTo comes back to a message already on the chain" },
  "reply/chain-too-long": { source: "policy (bounded inReplyTo chain walk)", summary: "inReplyTo chain longer than the local limit" },
  "replace/not-original-sender": { source: 'content, "Rendering and authorization of edits and deletes"', summary: "replaces a message sent by someone else" },
  "replace/semantics-changed": { source: 'content, "Rendering and authorization of edits and deletes" (only the NestedPart may change)', summary: "an edit or delete changes topicId, inReplyTo or expires of the original" },
  "replace/target-deleted": { source: 'content, "Delete" (the author retracted the message)', summary: "replaces a message that was deleted" },
  "replace/not-first-instance": { source: 'content, "Edit" (replaces refers to the first instance)', summary: "replaces names a later version; applied to its first instance" },
  "replace/target-expired": { source: 'content, "Message Behavior Fields" (an expired message is locally deleted and disregarded)', summary: "replaces a message that expired here; nothing is shown" },
  "replace/unknown-target": { source: 'content, "General handling" (references to unknown messages are legitimate)', summary: "replaces an unknown message; held until it arrives" },

  // ---- attachments (ExternalPart)
  "attachment/not-found": { source: 'content, "External content"', summary: "nothing stored at the ExternalPart url" },
  "attachment/expired": { source: 'content, "External content" (expires)', summary: "the external content has expired" },
  "attachment/size-mismatch": { source: 'content, "External content" (size)', summary: "downloaded size differs from the ExternalPart size" },
  "attachment/hash-mismatch": { source: 'content, "External content" (contentHash: hash of the content at the target url)', summary: "downloaded content does not hash to contentHash" },
  "attachment/decrypt-failed": { source: 'content, "External content" (AES-128-GCM, RFC 5116)', summary: "the downloaded content does not decrypt with key, nonce and aad" },

  // ---- the hub (MIMI protocol submitMessage)
  "hub/not-participant": { source: 'protocol, "Submit a Message" (sendingUri is an active participant)', summary: "sendingUri is not a participant of the room" },
  "hub/wrong-group": { source: 'protocol, "Submit a Message"', summary: "the PrivateMessage is for another room's group" },
  "hub/epoch-too-old": { source: 'protocol, "Submit a Message" (epochTooOld)', summary: "the message is for an older epoch than the hub's" },
  "hub/epoch-in-future": { source: 'protocol, "Submit a Message" (notAllowed: an epoch more recent than the hub\'s)', summary: "the message is for an epoch the hub has not reached" },
  "hub/not-application": { source: 'protocol, "Submit a Message"', summary: "the request does not carry a PrivateMessage with an application message" },
  "hub/malformed": { source: 'protocol, "Submit a Message" (SubmitMessageRequest)', summary: "the SubmitMessageRequest does not decode" },
} as const satisfies Record<string, { source: string; summary: string }>;

export type RuleId = keyof typeof RULES;

/** Rules that describe how a legitimate message is handled, not a rejection. */
export const NOTICE_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  "disposition/unknown",
  "reaction/no-target",
  "extensions/float",
  "replace/not-first-instance",
  "replace/unknown-target",
  "replace/target-expired",
]);
