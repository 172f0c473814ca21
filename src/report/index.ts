/**
 * The TPL-vs-CBOR size report (DESIGN.md, "report/"): measures every example
 * message of the MIMI content drafts, a conversation over MLS and the
 * TPL-native MLS and MIMI protocol messages, with the generated codecs, and
 * renders Markdown, JSON and a self-contained HTML page.
 */
export { buildReport, type ReportOptions, type ReportProgress, type SizeReport, type GroupSummary } from "./report.js";
export { renderMarkdown } from "./render-markdown.js";
export { renderJson, REPORT_SCHEMA } from "./render-json.js";
export { renderHtml } from "./render-html.js";
export { renderReadmeSummary, readmeSummaryStatus, spliceReadmeSummary, README_BEGIN, README_END, type ReadmeStatus } from "./readme-summary.js";
export { pipelineConversation, type ConversationMessage, type ConversationSource } from "./conversation.js";
export { walkValue, type WalkResult } from "./ir-walk.js";
export { SchemaSet } from "./schemas.js";
export type { Conclusion, Verdict } from "./conclusion.js";
