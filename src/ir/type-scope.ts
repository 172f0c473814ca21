import type { Definition, IRDocument, IRType } from "./types.js";

/** Looks names up in one document and the documents it imports. */
export class TypeScope {
  private readonly local = new Map<string, Definition>();
  private readonly imported = new Map<string, Map<string, Definition>>();

  constructor(definitions: readonly Definition[], imports: readonly IRDocument[]) {
    for (const d of definitions) this.local.set(d.name, d);
    for (const doc of imports) this.imported.set(doc.name, new Map(doc.definitions.map((d) => [d.name, d])));
  }

  definition(name: string, document?: string): Definition | undefined {
    if (document) return this.imported.get(document)?.get(name);
    return this.local.get(name) ?? [...this.imported.values()].find((m) => m.has(name))?.get(name);
  }

  /** Follow refs through aliases to the type that decides the encoding. */
  underlying(t: IRType): IRType {
    let cur = t;
    for (let i = 0; i < 64 && cur.kind === "ref"; i++) {
      const d = this.definition(cur.name, cur.document);
      if (!d) return cur;
      cur = d.type;
    }
    return cur;
  }

  /** The name of the enum definition a type refers to, through aliases. */
  enumName(t: IRType): string | undefined {
    let cur = t;
    let name: string | undefined;
    for (let i = 0; i < 64 && cur.kind === "ref"; i++) {
      const d = this.definition(cur.name, cur.document);
      if (!d) return undefined;
      name = d.name;
      cur = d.type;
    }
    return cur.kind === "enum" ? name : undefined;
  }

  enumDefinitions(): Definition[] {
    const all = [...this.local.values(), ...[...this.imported.values()].flatMap((m) => [...m.values()])];
    return all.filter((d) => d.type.kind === "enum");
  }
}
