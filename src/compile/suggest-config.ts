import { formatLoc, type SourceLoc } from "../diagnostics/index.js";
import { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRDocument, IRMember, IRVariant } from "../ir/types.js";
import type { CompiledDocument } from "./compile-document.js";
import type { ConfigSuggestion } from "./config.js";

/**
 * What a compiled draft leaves to prose, as config suggestions for
 * `mimi-codec init`: each names the key, a value to copy, where in the
 * draft it comes from, and why. Found from the draft's IR and diagnostics:
 * selects on fields that are not enums or are missing, case labels that
 * are no value of the selector, undefined names, uint8 aliases used as
 * strings, vectors of two-field structs, registry-typed integers.
 */
export function suggestConfig(compiled: CompiledDocument, importScopes: readonly IRDocument[] = []): ConfigSuggestion[] {
  const out: ConfigSuggestion[] = [];
  const defs = compiled.ir.definitions;
  const scope = new TypeScope(defs, importScopes);
  const at = (loc: SourceLoc) => formatLoc(loc);
  const texts = new Set<string>(); // each uint8 alias suggested once

  // undefined names: a near spelling (nameFixes), else a document to import or a supplement
  const undefinedNames = new Map<string, { loc: SourceLoc; near?: string; users: string[] }>();
  for (const d of compiled.diagnostics) {
    if (d.code !== "ir/undefined-type") continue;
    const m = /^type (\S+) is not defined(?: \(did you mean (\S+)\?\))?; (\S+) cannot/.exec(d.message);
    if (!m) continue;
    const near = m[2] ?? nearest(defs.map((x) => x.name).filter((x) => x !== m[1]), m[1]!)[0];
    const entry = undefinedNames.get(m[1]!) ?? { loc: d.loc, ...(near ? { near } : {}), users: [] };
    entry.users.push(m[3]!);
    undefinedNames.set(m[1]!, entry);
  }
  for (const [name, u] of undefinedNames) {
    const users = [...new Set(u.users)].join(", ");
    out.push(
      u.near
        ? { key: "nameFixes", value: { [name]: u.near }, at: at(u.loc), why: `${name} is never defined; ${u.near} differs only in spelling. If the draft means it, read ${name} as ${u.near} (used by ${users})` }
        : {
            key: "imports",
            value: [],
            at: at(u.loc),
            why: `${name} is defined neither here nor in ${compiled.ir.imports.join(", ") || "any import"} (used by ${users}): name the document that defines it (a built-in or a draft file), or copy its definition into a TPL file listed in supplements`,
          },
    );
  }

  for (const def of defs) {
    if (def.type.kind !== "record") continue;
    const fields: Array<IRMember & { kind: "field" }> = [];
    const walk = (members: readonly IRMember[]) => {
      for (const m of members) {
        if (m.kind === "field") {
          fields.push(m);
          suggestForField(def, m);
        } else {
          suggestForSelect(def, m, fields);
          for (const c of m.cases) walk(c.members);
        }
      }
    };
    walk(def.type.members);
  }

  function suggestForField(def: Definition, f: IRMember & { kind: "field" }): void {
    const t = f.type.kind === "optional" ? f.type.of : f.type;
    if (t.kind !== "vector") return;
    // a uint8 alias used as a string: text?
    if (t.of.kind === "ref") {
      const target = scope.definition(t.of.name, t.of.document);
      if (target && target.kind === "alias" && target.type.kind === "uint" && target.type.bits === 8 && !texts.has(target.name)) {
        texts.add(target.name);
        const hint = /utf|char|text|string|uri|url|name/i.test(target.name) ? "its name says text" : "a vector of it reads as bytes, not text";
        out.push({ key: "text", value: [target.name], at: at(target.loc), why: `uint8 ${target.name} is used as ${def.name}.${f.name}<...>; ${hint}. If the draft says it is a UTF-8 character, list it: its vectors become strings (TPL bytes unchanged, CBOR tstr)` });
      }
    }
    // a vector of two-field structs: a map?
    const element = scope.underlying(t.of);
    if (element.kind === "record" && element.members.length === 2 && element.members.every((m) => m.kind === "field")) {
      const [k, v] = element.members as [IRMember & { kind: "field" }, IRMember & { kind: "field" }];
      out.push({
        key: "mapVectors",
        value: [`${def.name}.${f.name}`],
        at: at(f.loc),
        why: `${def.name}.${f.name} is a vector of two-field structs (${k.name}, ${v.name}); if the draft means a map (each ${k.name} at most once), list it: TPL bytes stay the same, the CBOR image becomes a map`,
      });
    }
  }

  function suggestForSelect(def: Definition, v: IRVariant, seen: ReadonlyArray<IRMember & { kind: "field" }>): void {
    const labels = v.cases.flatMap((c) => c.labels);
    if (v.discriminant.kind === "unresolved") {
      const path = v.discriminant.path;
      const field = seen.findLast((f) => f.name === (path[0] === def.name ? path[1] : path[0]));
      const alias = field && field.type.kind === "ref" ? scope.definition(field.type.name, field.type.document) : undefined;
      if (alias && alias.kind === "alias" && alias.type.kind === "uint") {
        out.push({
          key: "registries",
          value: { [alias.name]: { open: true, values: Object.fromEntries(labels.map((l) => [l, null])) } },
          at: at(v.discriminant.loc),
          why: `select (${path.join(".")}) in ${def.name} switches on ${alias.name}, an integer (uint${alias.type.bits}) the draft gives no enum for; its values (${labels.join(", ")}) live in prose or an IANA registry. Give each its number (open: unknown numbers are kept)`,
        });
        return;
      }
      const enums = seen.filter((f) => scope.enumName(f.type) !== undefined).map((f) => f.name);
      const what = field ? `reaches no enum through ${field.name}` : "names no field";
      out.push({
        key: "selectPaths",
        value: { [`${def.name}:${path.join(".")}`]: enums[0] ?? "?" },
        at: at(v.discriminant.loc),
        why: `select (${path.join(".")}) in ${def.name} ${what}${enums.length > 0 ? `; enum-typed fields before it: ${enums.join(", ")}` : ""}. Say which path the draft means`,
      });
      return;
    }
    const enumType = v.discriminant.enumType;
    const e = scope.underlying({ kind: "ref", name: enumType });
    if (e.kind !== "enum") return;
    const known = new Set(e.values.map((x) => x.name));
    for (const c of v.cases) {
      for (const l of c.labels) {
        if (known.has(l)) continue;
        const near = nearest([...known], l);
        out.push({
          key: "caseLabels",
          value: { [def.name]: { [l]: near[0] ?? "?" } },
          at: at(c.loc),
          why: `case ${l} in ${def.name} is no value of ${enumType} (${[...known].join(", ")}); say which value the draft means`,
        });
      }
    }
  }
  return out;
}

/** The names alike enough to suggest for `name`, nearest first: ignoring case and `_`, at most two edits away, or containing it. */
function nearest(names: readonly string[], name: string): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, "");
  const y = norm(name);
  const scored = names.map((n) => {
    const x = norm(n);
    return { n, d: Math.min(editDistance(x, y, 2), x.includes(y) || y.includes(x) ? 2 : 3) };
  });
  return scored.filter((s) => s.d <= 2).sort((a, b) => a.d - b.d).map((s) => s.n);
}

/** Levenshtein distance, stopping early above `cap` (names are short; this bounds the work anyway). */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...cur) > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
