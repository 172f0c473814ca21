// Draft text -> located code blocks. See extract-file.ts for the entry points.
export type { BlockLang, BlockOrigin, LineOrigin, CodeBlock, Extraction, ExtractIo, InputPolicy, DocumentKind } from "./types.js";
export { DEFAULT_INPUT_POLICY } from "./resolve-include.js";
export { extractFile, extractText, documentKind } from "./extract-file.js";
export { blockLoc, makeBlock, type PlacedLine } from "./code-block.js";
export { readSourceLine, splitLines } from "./source-io.js";
export { nodeIo, nodeIoWith } from "./node-io.js";
export { langFromInfo, langFromPath, classifyContent, looksLikeTpl, looksLikeCddl } from "./classify-block.js";
