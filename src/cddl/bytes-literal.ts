// The bytes of a CDDL byte string literal; shared with the runtime's CDDL validator, where it lives.
export { decodeBytes, type DecodedBytes } from "../runtime/cddl/bytes-literal.js";
