/** Where the JSON Schemas of the built-in documents live (an `.invalid` host: never fetched). */
export const JSON_SCHEMA_BASE = "https://mimi-codec.invalid/schemas/";

/** The `$id` of a document's JSON Schema; refs between documents use it. */
export function jsonSchemaId(docName: string): string {
  return `${JSON_SCHEMA_BASE}${encodeURIComponent(docName)}.schema.json`;
}
