/** Runtime support for generated TLS presentation language and CBOR codecs. */
export * from "./codec-error.js";
export * from "./hex.js";
export * from "./tpl-reader.js";
export * from "./tpl-writer.js";
export * from "./utf8.js";
export * from "./varint.js";
export * from "./tpl-codec.js";
export * from "./value-checks.js";
export * from "./cbor-writer.js";
export * from "./cbor-reader.js";
export * from "./cbor-item.js";
export { floatWidth, halfToNumber, isHalfExact, numberToHalf } from "./cbor-float.js";
export * from "./cbor-codec.js";
export * from "./limits.js";
export { whereDiffers } from "./same-value.js";
