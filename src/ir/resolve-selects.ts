import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import { TypeScope } from "./type-scope.js";
import type { Definition, Discriminant, IRCase, IRDocument, IRField, IRMember, IRType } from "./types.js";

export interface ResolveSelectsInput {
  readonly definitions: readonly Definition[];
  readonly imports: readonly IRDocument[];
  readonly lenient: boolean;
  /** Per struct: case label as written -> enum value name (draft config). */
  readonly caseLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `Struct:written.path` -> meant path (draft config). */
  readonly selectPaths: Readonly<Record<string, string>>;
}

/**
 * Decide what each `select` switches on and check its case labels.
 *
 * A path is read, in order, as: the struct's own name then a field path
 * (`Sender.sender_type`); a field declared earlier in scope
 * (`content.sender.sender_type`, `protocol`); a value from outside the
 * struct that the caller passes in the codec context
 * (`PrivateMessage.content_type`, RFC 8446's bare `certificate_type`).
 * Lenient mode also reads a bare name that is not a field as the earlier
 * field whose enum holds every case label (`select (type)` for `searchType`).
 */
export function resolveSelects(input: ResolveSelectsInput): { definitions: Definition[]; broken: Map<string, string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const broken = new Map<string, string>();
  const scope = new TypeScope(input.definitions, input.imports);
  const out: Definition[] = [];

  for (const def of input.definitions) {
    if (def.type.kind !== "record") {
      out.push(def);
      continue;
    }
    const fail = (code: string, message: string, loc: SourceLoc) => {
      diagnostics.push(diag("error", code, message, loc));
      if (!broken.has(def.name)) broken.set(def.name, message);
    };
    const warn = (code: string, message: string, loc: SourceLoc, fix?: string) =>
      diagnostics.push(diag(input.lenient ? "warning" : "error", code, message, loc, fix ? { fix } : {}));

    const resolveMembers = (members: readonly IRMember[], visible: readonly IRField[]): IRMember[] => {
      const seen = [...visible];
      const result: IRMember[] = [];
      for (const m of members) {
        if (m.kind === "field") {
          seen.push(m);
          result.push(m);
          continue;
        }
        if (m.discriminant.kind !== "unresolved") {
          result.push(m);
          continue;
        }
        const written = m.discriminant.path;
        const remapped = input.selectPaths[`${def.name}:${written.join(".")}`];
        const path = remapped ? remapped.split(".") : written;
        if (remapped) {
          diagnostics.push(
            diag("warning", "tpl/select-path-config", `select (${written.join(".")}) read as select (${remapped}) as the draft config says`, m.discriminant.loc, { fix: `select (${remapped})` }),
          );
        }
        const labels = m.cases.flatMap((c) => c.labels);
        const disc = discriminantFor(path, seen, labels, m.discriminant.loc);
        if (!disc) {
          result.push(m);
          continue;
        }
        const cases = checkLabels(m.cases, disc, m.discriminant.loc);
        result.push({ ...m, discriminant: disc, cases: cases.map((c) => ({ ...c, members: resolveMembers(c.members, seen) })) });
      }
      return result;
    };

    const discriminantFor = (path: readonly string[], seen: readonly IRField[], labels: readonly string[], loc: SourceLoc): (Discriminant & { enumType: string }) | null => {
      let own: readonly string[] | null = null;
      if (path.length > 1 && path[0] === def.name) own = path.slice(1);
      else if (seen.some((f) => f.name === path[0])) own = path;
      if (own) {
        const t = typeAtPath(own, seen);
        const enumType = t && scope.enumName(t);
        if (t && !enumType && scope.underlying(t).kind === "ref") {
          // the field's type is undefined, which resolve-names already reported
          if (!broken.has(def.name)) broken.set(def.name, `selects on a field of undefined type`);
          return null;
        }
        if (!enumType) {
          fail("tpl/select-not-enum", `select (${path.join(".")}) in ${def.name} does not name an enum-typed field`, loc);
          return null;
        }
        return { kind: "field", path: own, enumType };
      }
      if (path.length === 1) {
        const candidate = seen.find((f) => {
          const e = scope.enumName(f.type);
          return e !== undefined && labels.length > 0 && labels.every((l) => enumHas(e, l));
        });
        if (candidate) {
          warn(
            "tpl/select-unknown-field",
            `select (${path[0]}) names no field of ${def.name}; field ${candidate.name} has every case label among its values`,
            loc,
            `select (${candidate.name})`,
          );
          return { kind: "field", path: [candidate.name], enumType: scope.enumName(candidate.type)! };
        }
      }
      // A value from outside the struct, supplied through the codec context.
      const key = path.join(".");
      const enumType = contextEnum(path, labels);
      if (!enumType) {
        fail("tpl/select-unresolved", `select (${key}) in ${def.name}: no field or enum fits the path and its case labels`, loc);
        return null;
      }
      // A dotted path whose head is neither a field nor a struct is a guess at what the draft means.
      const guessed = path.length > 1 && !scope.definition(head(path));
      if (guessed && !input.lenient) {
        fail("tpl/select-unresolved", `select (${key}) in ${def.name}: ${head(path)} is neither a field nor a type; no value to select on`, loc);
        return null;
      }
      diagnostics.push(
        diag(
          (path.length === 1 || guessed) && input.lenient ? "warning" : "note",
          "tpl/select-external",
          `select (${key}) in ${def.name} reads a value from outside the struct (${enumType}); decoders take it from the codec context`,
          loc,
        ),
      );
      return { kind: "context", key, enumType };
    };

    const typeAtPath = (path: readonly string[], fields: readonly IRField[]): IRType | undefined => {
      let t: IRType | undefined = fields.findLast((f) => f.name === path[0])?.type;
      for (const part of path.slice(1)) {
        if (!t) return undefined;
        const u = scope.underlying(t);
        if (u.kind !== "record") return undefined;
        t = topFields(u.members).find((f) => f.name === part)?.type;
      }
      return t;
    };

    const contextEnum = (path: readonly string[], labels: readonly string[]): string | undefined => {
      const head = path[0]!;
      const d = scope.definition(head);
      if (d && path.length > 1 && d.type.kind === "record") {
        const t = typeAtPath(path.slice(1), topFields(d.type.members));
        return t && scope.enumName(t);
      }
      const fits = scope.enumDefinitions().filter((e) => labels.length > 0 && labels.every((l) => enumHas(e.name, l)));
      if (fits.length === 1) return fits[0]!.name;
      const want = norm(path[path.length - 1]!);
      return fits.find((e) => norm(e.name) === want)?.name ?? fits[0]?.name;
    };

    const enumHas = (enumName: string, label: string): boolean => {
      const t = scope.underlying({ kind: "ref", name: enumName });
      return t.kind === "enum" && t.values.some((v) => v.name === label && v.upTo === undefined);
    };

    const checkLabels = (cases: readonly IRCase[], disc: Discriminant & { enumType: string }, loc: SourceLoc): IRCase[] => {
      // own keys only: a struct named `constructor` has no mapping of Object's properties
      const mapping = Object.hasOwn(input.caseLabels, def.name) ? input.caseLabels[def.name]! : {};
      const mapped = cases.map((c) => ({
        ...c,
        labels: c.labels.map((l) => {
          if (enumHas(disc.enumType, l)) return l;
          const mapped = Object.hasOwn(mapping, l) ? mapping[l] : undefined;
          if (mapped && enumHas(disc.enumType, mapped)) {
            diagnostics.push(
              diag("warning", "tpl/case-label-config", `case ${l} is not a value of ${disc.enumType}; read as ${mapped} as the draft config says`, c.loc, { fix: `case ${mapped}:` }),
            );
            return mapped;
          }
          fail("tpl/unknown-case-label", `case ${l} is not a value of ${disc.enumType}, the type of the select in ${def.name}`, c.loc);
          return l;
        }),
      }));
      // A value that an earlier arm already takes makes its later arm unreachable.
      const taken = new Set<string>();
      const out: IRCase[] = [];
      for (const c of mapped) {
        const labels = c.labels.filter((l) => {
          if (!taken.has(l)) return true;
          diagnostics.push(diag(input.lenient ? "warning" : "error", "tpl/duplicate-case-label", `case ${l} in ${def.name} repeats an earlier arm; this one is unreachable`, c.loc));
          return false;
        });
        labels.forEach((l) => taken.add(l));
        if (labels.length > 0 || c.isDefault) out.push({ ...c, labels });
      }
      void loc;
      return out;
    };

    const members = resolveMembers(def.type.members, []);
    out.push({ ...def, type: { ...def.type, members } });
  }
  return { definitions: out, broken, diagnostics };
}

function head(path: readonly string[]): string {
  return path[0]!;
}

function norm(s: string): string {
  return s.replace(/_/g, "").toLowerCase();
}

/** Fields of a record, including those inside select arms (for path look-ups). */
export function topFields(members: readonly IRMember[]): IRField[] {
  return members.flatMap((m) => (m.kind === "field" ? [m] : m.cases.flatMap((c) => topFields(c.members))));
}
