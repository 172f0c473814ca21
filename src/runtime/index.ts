/** Runtime support for generated TLS presentation language codecs. */
export * from "./codec-error.js";
export * from "./hex.js";
export * from "./tpl-reader.js";
export * from "./tpl-writer.js";
export * from "./utf8.js";
export * from "./varint.js";
export * from "./tpl-codec.js";
export * from "./value-checks.js";
