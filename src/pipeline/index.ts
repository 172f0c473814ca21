/**
 * The MIMI message pipeline: compose and validate draft-ietf-mimi-content
 * messages, encode them (CBOR or TPL), derive message IDs, carry them as MLS
 * application messages (ts-mls) inside MIMI protocol SubmitMessageRequest /
 * FanoutMessage (draft-ietf-mimi-protocol-06), and keep each member's
 * conversation view. Every rejection is a PipelineError naming a rule of
 * RULES and a field path.
 */
export { RULES, NOTICE_RULES, type RuleId } from "./rules.js";
export { PipelineError, isPipelineError, describeRule, formatViolation, type Stage, type Violation } from "./errors.js";

export { Composer, randomBytes, type ComposerOptions, type MessageOptions, type MessageRef, type Mention, type SentMessage } from "./compose.js";
export {
  HTML,
  MARKDOWN,
  PLAIN_TEXT,
  alternatives,
  externalPart,
  htmlPart,
  markdownPart,
  mixed,
  multiPart,
  nullPart,
  plainTextPart,
  reactionPart,
  related,
  sessionPart,
  singlePart,
  type ExternalInit,
  type PartOptions,
} from "./parts-builders.js";

export { validateContent, assertValidContent, MAX_TOPIC_ID_OCTETS, DEFAULT_MAX_CONTENT_BYTES, type ValidateOptions, type ValidationResult } from "./validate.js";
export { MAX_PARTS, MAX_PART_DEPTH } from "./validate-body.js";
export { MAX_EXTENSION_DEPTH } from "./validate-extensions.js";
export { indexParts, type IndexedPart } from "./parts.js";
export { AEAD_ALGS, HASH_ALGS, ENC_AES_128_GCM, ENC_NONE, HASH_NONE } from "./algorithms.js";

export { MIMI_CONTENT_MEDIA_TYPE, encodeContent, decodeContent, encodedSize, contentSizes, type ContentFormat } from "./encode.js";
export { computeMessageId, HASH_ALG_SHA256, MESSAGE_ID_LENGTH, type MessageIdInput } from "./message-id.js";

export { MemoryBlobStore, uploadAttachment, fetchAttachment, type BlobStore, type UploadOptions } from "./attachment.js";

export { CIPHER_SUITE, MlsMember, MIMI_CLIENT_CONFIG, createMlsGroup, userUriOf, type Decrypted, type Encrypted } from "./mls-group.js";
export { Hub, MLS10_CONTEXT, readSubmitResponse, submitRequest, unwrapFanout, type HubOutcome, type HubOptions } from "./hub.js";

export { ConversationView, type AcceptedMessage, type AttachmentSummary, type ViewMessage, type ViewOptions, type ViewSnapshot } from "./view.js";
export { renderBody, type RenderOptions } from "./render-body.js";
export { MimiClient, FIRST_CONCRETE_SYNTAX, type ClientOptions, type Prepared, type ReceivePolicy, type ReceiveResult } from "./client.js";
export { MimiRoom, type RoomMember, type RoomOptions, type SendReport } from "./room.js";

export { DRAFT_EXAMPLES, IMPLIED_ORIGINAL, ROOM_URI, USER_URIS, draftExample, type DraftExample, type ExampleName } from "./draft-examples.js";
export {
  DRAFT_CONVERSATION,
  ManualClock,
  draftConversationMessages,
  runDraftConversation,
  reproducesDraft,
  type ConversationMessage,
  type ConversationOptions,
  type ConversationRun,
  type StepReport,
} from "./conversation.js";
export { formatRun, formatView } from "./format.js";
