import { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRDocument, IRMember } from "../ir/types.js";
import { findRecursive } from "../ir/walk.js";
import { code, ident, type Code } from "./code.js";
import { assignIdentifiers, documentBinding, internalName, runtimeBinding, type InternalKind } from "./names.js";

/**
 * How generated code names things: the identifier of each definition (of
 * this document and of the documents it imports), internal functions, and
 * runtime imports. Runtime names are recorded as they are used, so the
 * module imports exactly what it needs.
 */
export class ModuleNames {
  private readonly ids = new Map<string, Map<string, string>>();
  /** Runtime exports the generated code used: value imports and type-only imports. */
  readonly runtimeValues = new Set<string>();
  /** Exports of the runtime's CDDL validator entry (validated generic codecs) the code used. */
  readonly runtimeCddl = new Set<string>();
  readonly runtimeTypes = new Set<string>();
  /** Other documents the generated code refers to. */
  readonly documentsUsed = new Set<string>();

  constructor(doc: IRDocument, imports: readonly IRDocument[]) {
    this.ids.set("", assignIdentifiers(doc.definitions.map((d) => d.name)));
    for (const i of imports) this.ids.set(i.name, assignIdentifiers(i.definitions.map((d) => d.name)));
  }

  /** The identifier of a definition (`foo-bar` -> `foo_bar`), unqualified. */
  id(name: string, document?: string): string {
    const id = this.ids.get(document ?? "")?.get(name);
    if (id === undefined) throw new Error(`internal: no identifier for ${document ? `${document}.` : ""}${name}`);
    return id;
  }

  /** A type reference, qualified by its document's binding when imported. */
  type(ref: { readonly name: string; readonly document?: string | undefined }): Code {
    return this.qualify(ref.document, this.id(ref.name, ref.document));
  }

  /** An internal function of a type, qualified when imported. */
  fn(kind: InternalKind, ref: { readonly name: string; readonly document?: string | undefined }): Code {
    return this.qualify(ref.document, internalName(kind, this.id(ref.name, ref.document)));
  }

  /** A runtime value export (`$checkUint`); the validator's entry for what validated generic codecs call. */
  rt(name: string): Code {
    (CDDL_ENTRY.has(name) ? this.runtimeCddl : this.runtimeValues).add(name);
    return runtimeBinding(name);
  }

  /** A runtime type export (`$CborItem`). */
  rtType(name: string): Code {
    this.runtimeTypes.add(name);
    return runtimeBinding(name);
  }

  private qualify(document: string | undefined, id: string): Code {
    if (!document) return ident(id);
    this.documentsUsed.add(document);
    return code`${ident(documentBinding(document))}.${ident(id)}`;
  }
}

/** Runtime exports that live in its CDDL validator entry (src/runtime/cddl), imported only by modules that need them. */
const CDDL_ENTRY = new Set(["validatedItem", "checkValidated", "matchesXsdRegexp"]);

/** What every generator needs to know about the document being emitted. */
export interface GenContext {
  readonly doc: IRDocument;
  readonly scope: TypeScope;
  readonly names: ModuleNames;
  /** The definitions that are emitted (broken ones left out). */
  readonly definitions: readonly Definition[];
  /** `Struct.field` keys that selects elsewhere read from the codec context. */
  readonly contextKeys: ReadonlySet<string>;
  /** Context key -> a key that may stand in for it. */
  readonly contextAliases: Readonly<Record<string, string>>;
  /** Definitions that can contain themselves; their decoders and encoders count nesting depth. */
  readonly recursive: ReadonlySet<string>;
  /** Enums whose CBOR codec has its own name/wire look-ups (their CBOR rules differ from the TPL's). */
  readonly ownEnumLookups: ReadonlySet<string>;
}

export function makeGenContext(
  doc: IRDocument,
  imports: readonly IRDocument[],
  broken: ReadonlySet<string>,
  contextAliases: Readonly<Record<string, string>>,
  names: ModuleNames,
  ownEnumLookups: ReadonlySet<string> = new Set(),
): GenContext {
  const definitions = doc.definitions.filter((d) => !broken.has(d.name));
  const contextKeys = new Set<string>();
  const walk = (members: readonly IRMember[]) => {
    for (const m of members) {
      if (m.kind === "variant") {
        if (m.discriminant.kind === "context") contextKeys.add(m.discriminant.key);
        m.cases.forEach((c) => walk(c.members));
      }
    }
  };
  for (const d of definitions) if (d.type.kind === "record") walk(d.type.members);
  for (const k of [...contextKeys]) {
    const alias = contextAliases[k];
    if (alias) contextKeys.add(alias);
  }
  return { doc, scope: new TypeScope(doc.definitions, imports), names, definitions, contextKeys, contextAliases, recursive: findRecursive(definitions), ownEnumLookups };
}
