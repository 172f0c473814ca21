import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import type { Definition, IRDocument, IRMember, IRType } from "./types.js";

export interface ResolveNamesInput {
  readonly definitions: readonly Definition[];
  readonly imports: readonly IRDocument[];
  readonly lenient: boolean;
  /** Undefined name -> the definition the draft means (draft config). */
  readonly nameFixes?: Readonly<Record<string, string>>;
}

/**
 * Bind every `ref` to a local definition or an imported document. In lenient
 * mode a name that differs from a definition only in letter case
 * (`IdentifierURI` for `IdentifierUri`) is bound to it with a warning.
 * Also reports duplicate names: identical repeats (a draft that copies its
 * TPL into an appendix) are notes, conflicting ones errors.
 */
export function resolveNames(input: ResolveNamesInput): {
  definitions: Definition[];
  unresolved: Map<string, string[]>;
  /** Names defined twice differently: which wire format is meant is unknown. */
  conflicting: Map<string, string>;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const conflicting = new Map<string, string>();
  const local = new Map<string, Definition>();
  const kept: Definition[] = [];
  for (const d of input.definitions) {
    const prev = local.get(d.name);
    if (!prev) {
      local.set(d.name, d);
      kept.push(d);
    } else if (sameShape(prev.type, d.type)) {
      diagnostics.push(diag("note", "ir/duplicate-identical", `${d.name} is defined again, identically`, d.loc, { related: prev.loc }));
    } else {
      diagnostics.push(diag("error", "ir/duplicate-definition", `${d.name} is defined twice, differently`, d.loc, { related: prev.loc }));
      conflicting.set(d.name, "is defined twice, differently");
    }
  }
  const byLower = new Map<string, Definition>();
  for (const d of kept) byLower.set(d.name.toLowerCase(), d);

  const unresolved = new Map<string, string[]>();
  const importedNames = input.imports.map((doc) => ({ doc: doc.name, names: new Set(doc.definitions.map((x) => x.name)) }));
  const resolveRef = (name: string, loc: SourceLoc, owner: string): IRType => {
    if (local.has(name)) return { kind: "ref", name };
    for (const { doc, names } of importedNames) {
      if (names.has(name)) return { kind: "ref", name, document: doc };
    }
    const meant = input.nameFixes?.[name];
    if (meant && local.has(meant)) {
      diagnostics.push(
        diag("warning", "ir/name-config", `type ${name} is not defined; read as ${meant} as the draft config says`, loc, { fix: meant, related: local.get(meant)!.loc }),
      );
      return { kind: "ref", name: meant };
    }
    const near = byLower.get(name.toLowerCase());
    if (near && input.lenient) {
      diagnostics.push(
        diag("warning", "ir/name-case", `type ${name} is not defined; using ${near.name}, which differs only in letter case`, loc, {
          fix: near.name,
          related: near.loc,
        }),
      );
      return { kind: "ref", name: near.name };
    }
    diagnostics.push(
      diag("error", "ir/undefined-type", `type ${name} is not defined${near ? ` (did you mean ${near.name}?)` : ""}; ${owner} cannot be compiled`, loc),
    );
    const names = unresolved.get(owner);
    if (names) names.push(name);
    else unresolved.set(owner, [name]);
    return { kind: "ref", name };
  };

  const mapType = (t: IRType, loc: SourceLoc, owner: string): IRType => {
    switch (t.kind) {
      case "ref":
        return t.document ? t : resolveRef(t.name, loc, owner);
      case "optional":
        return { ...t, of: mapType(t.of, loc, owner) };
      case "vector":
        return { ...t, of: mapType(t.of, loc, owner) };
      case "record":
        return { ...t, members: t.members.map((m) => mapMember(m, owner)) };
      default:
        return t;
    }
  };
  const mapMember = (m: IRMember, owner: string): IRMember =>
    m.kind === "field"
      ? { ...m, type: mapType(m.type, m.loc, owner) }
      : { ...m, cases: m.cases.map((c) => ({ ...c, members: c.members.map((x) => mapMember(x, owner)) })) };

  const definitions = kept.map((d) => ({ ...d, type: mapType(d.type, d.loc, d.name) }));
  return { definitions, unresolved, conflicting, diagnostics };
}

/** Structural equality that ignores source locations. */
function sameShape(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, dropLoc) === JSON.stringify(b, dropLoc);
}

function dropLoc(key: string, value: unknown): unknown {
  return key === "loc" ? undefined : value;
}
