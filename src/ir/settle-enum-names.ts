import { diag, type Diagnostic } from "../diagnostics/index.js";
import type { Definition, EnumValue } from "./types.js";

/**
 * An enum's names must be one-to-one with its values for the TypeScript
 * string union to round-trip. Where a draft breaks that, the enum is
 * settled rather than refused, so its wire format is kept:
 * - one name for several values (`&(reserved: 20, reserved: 19)` in
 *   RFC 9171, legal CDDL): those values are numbers in TypeScript, as a
 *   reserved range's are;
 * - several names for one value (`x(0), y(0)`): the first name is the
 *   value's; the later ones are dropped (a decoder could only ever give
 *   back the first).
 * Each is a located diagnostic: a warning in TPL, whose enums name values
 * one-to-one (RFC 8446 section 3.8), a note in CDDL, where names of a `&( )`
 * group are only labels. The same entry twice is harmless.
 */
export function settleEnumNames(definitions: readonly Definition[]): { definitions: Definition[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = definitions.map((d) => {
    if (d.type.kind !== "enum") return d;
    const valuesOf = new Map<string, Set<number>>();
    const firstName = new Map<number, string>();
    for (const v of d.type.values) {
      if (v.upTo !== undefined) continue;
      const set = valuesOf.get(v.name) ?? new Set<number>();
      set.add(v.value);
      valuesOf.set(v.name, set);
      if (!firstName.has(v.value)) firstName.set(v.value, v.name);
    }
    const repeatedNames = [...valuesOf].filter(([, vs]) => vs.size > 1).map(([n]) => n);
    const aliases = d.type.values.filter((v) => v.upTo === undefined && firstName.get(v.value) !== v.name && (valuesOf.get(v.name)?.size ?? 0) === 1);
    if (repeatedNames.length === 0 && aliases.length === 0) return d;
    const severity = d.language === "tpl" ? "warning" : "note";
    const repeated = new Set(repeatedNames);
    for (const n of repeatedNames) {
      diagnostics.push(diag(severity, "ir/enum-name-repeated", `${d.name}: the name "${n}" is used for ${[...valuesOf.get(n)!].join(", ")}; these values are numbers in TypeScript`, d.loc));
    }
    for (const a of aliases) {
      diagnostics.push(diag(severity, "ir/enum-value-renamed", `${d.name}: the value ${a.value} is named both "${firstName.get(a.value)}" and "${a.name}"; it is "${firstName.get(a.value)}" in TypeScript`, d.loc));
    }
    const dropped = new Set(aliases);
    const seen = new Set<string>();
    const values: EnumValue[] = [];
    for (const v of d.type.values) {
      if (dropped.has(v)) continue;
      const settled: EnumValue = v.upTo === undefined && repeated.has(v.name) ? { name: v.name, value: v.value, upTo: v.value } : v;
      const key = `${settled.name}\u0000${settled.value}\u0000${settled.upTo ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      values.push(settled);
    }
    return { ...d, type: { ...d.type, values } };
  });
  return { definitions: out, diagnostics };
}
