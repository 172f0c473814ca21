/**
 * The CDDL AST (RFC 8610 Appendix B as updated by RFC 9682), the parser's
 * output. Its declarations live with the runtime's CDDL validator
 * (src/runtime/cddl/ast.ts), which matches items against it.
 */
export type * from "../runtime/cddl/ast.js";
