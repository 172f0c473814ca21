import type { SourceLoc } from "../diagnostics/index.js";
import { irFromJson } from "../ir/ir-json.js";
import type { Definition, IRDocument } from "../ir/types.js";

/** A built-in document's IR as schemas/<doc>.definitions.json holds it (loadBuiltinIr). */
export interface BuiltinIr {
  doc: IRDocument;
  broken: Set<string>;
  /** Why each broken definition is not compiled. */
  reasons: Map<string, string>;
  /** TPL blocks compiled. */
  blocks: number;
  wire?: { tpl: IRDocument; cbor: IRDocument };
}

/** The IR in the text of a schemas/<doc>.definitions.json; no file access, so a page can use it too. */
export function builtinIrFromJson(text: string): BuiltinIr {
  const raw = irFromJson(text, (key, value) =>
    key === "loc" && typeof value === "string" ? parseLoc(value) : value,
  ) as {
    document: string;
    source: string;
    imports: string[];
    blocks?: number;
    definitions: Array<Omit<Definition, "loc"> & { at: string; notCompiled?: string }>;
    merge?: { tpl: Record<string, Definition["type"]>; cbor: Record<string, Definition["type"]> };
  };
  const reasons = new Map(raw.definitions.flatMap((d) => (d.notCompiled ? [[d.name, d.notCompiled] as const] : [])));
  const broken = new Set(reasons.keys());
  const definitions: Definition[] = raw.definitions.map(({ at, notCompiled, ...d }) => {
    void notCompiled;
    return { ...d, loc: parseLoc(at) };
  });
  const doc: IRDocument = { name: raw.document, source: raw.source, imports: raw.imports, definitions };
  const blocks = raw.blocks ?? 0;
  if (!raw.merge) return { doc, broken, reasons, blocks };
  // A merged document (src/merge): each codec's definitions where they differ from the types'.
  const view = (types: Record<string, Definition["type"]>): IRDocument => ({ ...doc, definitions: definitions.map((d) => (types[d.name] ? { ...d, type: types[d.name]! } : d)) });
  return { doc, broken, reasons, blocks, wire: { tpl: view(raw.merge.tpl), cbor: view(raw.merge.cbor) } };
}

function parseLoc(s: string): SourceLoc {
  const m = /^(.*):(\d+):(\d+)$/.exec(s);
  return m ? { file: m[1]!, line: Number(m[2]), col: Number(m[3]) } : { file: s, line: 0, col: 0 };
}
