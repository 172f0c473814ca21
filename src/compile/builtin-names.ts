/** The documents mimi-codec ships generated code for, in dependency order. */
export const BUILTIN_DOCUMENTS = ["rfc9420", "rfc8446", "mimi-content-03", "mimi-protocol-06", "mimi-content-03-cddl", "mimi-content-04", "mimi-content-main"] as const;
export type BuiltinDocument = (typeof BUILTIN_DOCUMENTS)[number];
