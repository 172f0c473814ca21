import { code, docComment, ident, joinCode, lines, lit, type Code } from "./code.js";
import { internalName } from "./names.js";

/** A type as the public entries show it: its identifier, its doc, and the doc of each codec it has (null: none). */
export interface PublicType {
  readonly id: string;
  readonly typeDoc: string;
  readonly tpl: string | null;
  readonly cbor: string | null;
}

/** The public entries of one generated document, unformatted. */
export interface EmittedEntries {
  readonly index: string;
  readonly tpl: string;
  readonly cbor: string;
}

/** How the entries refer to the whole module; `$` keeps it apart from every draft-derived name. */
const INTERNAL = "$internal";

/**
 * The public entries beside a generated document's whole module
 * (internal.ts, which exports the internal functions other generated
 * modules call):
 * - index.ts: the types, codec objects and documented constants, nothing else;
 * - tpl.ts / cbor.ts: the same types, and codec objects holding one format
 *   only (`X.tpl`, `X.cbor`), so a bundle that needs one format leaves the
 *   other format's runtime out (a type with both codecs bundles both).
 */
export function emitEntries(header: readonly Code[], types: readonly PublicType[], constants: readonly string[], runtimeImport: string): EmittedEntries {
  const names = [...types.map((t) => t.id), ...constants];
  const index = lines([...header, code`export { ${joinCode(names.map(ident), ", ")} } from "./internal.js";`]);
  return { index: index.text + "\n", tpl: formatOnly(header, types, constants, runtimeImport, "tpl"), cbor: formatOnly(header, types, constants, runtimeImport, "cbor") };
}

function formatOnly(header: readonly Code[], types: readonly PublicType[], constants: readonly string[], runtimeImport: string, format: "tpl" | "cbor"): string {
  const codecType = format === "tpl" ? "TplCodec" : "CborCodec";
  const binding = ident(`$${codecType}`);
  const internal = ident(INTERNAL);
  const withCodec = types.some((t) => t[format] !== null);
  const body: Code[] = [];
  if (withCodec) body.push(code`import type { ${ident(codecType)} as ${binding} } from ${lit(runtimeImport)};`);
  body.push(code`import * as ${internal} from "./internal.js";`);
  body.push(code`export { ${joinCode(constants.map(ident), ", ")} } from "./internal.js";`);
  for (const t of types) {
    const T = ident(t.id);
    body.push(code``, docComment(t.typeDoc), code`export type ${T} = ${internal}.${T};`);
    const doc = t[format];
    if (doc !== null) body.push(docComment(doc), code`export const ${T}: { readonly ${ident(format)}: ${binding}<${T}> } = { ${ident(format)}: ${internal}.${ident(internalName(format === "tpl" ? "tplCodec" : "cborCodec", t.id))} };`);
  }
  return lines([...header, ...body]).text + "\n";
}
