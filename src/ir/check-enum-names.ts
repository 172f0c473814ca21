import { diag, type Diagnostic } from "../diagnostics/index.js";
import type { Definition } from "./types.js";

/**
 * An enum that gives one name two values (`a(0), a(2)`) or one value two
 * names (`x(0), y(0)`) has no faithful codec: the decoder reads 2 as `a`,
 * which the encoder writes as 0, so a message changes on its way through
 * (TPL -> CBOR included), and `y` comes back as `x`. Each such enum is an
 * error and is not compiled. The same entry twice is harmless; reserved ranges may share a name
 * (`obsolete_RESERVED(0x0402..0x0403)` twice in RFC 8446): they stay numbers.
 */
export function checkEnumNames(definitions: readonly Definition[]): { broken: Map<string, string>; diagnostics: Diagnostic[] } {
  const broken = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const d of definitions) {
    if (d.type.kind !== "enum") continue;
    const byName = new Map<string, number>();
    const byValue = new Map<number, string>();
    let problem: string | undefined;
    for (const v of d.type.values) {
      if (v.upTo !== undefined) continue;
      const value = byName.get(v.name);
      const name = byValue.get(v.value);
      if (value === v.value && name === v.name) continue; // the same entry twice (`0 / 0`) is harmless
      if (value !== undefined) problem = `the enum value name "${v.name}" is used for both ${value} and ${v.value}`;
      else if (name !== undefined) problem = `the enum value ${v.value} is named both "${name}" and "${v.name}"`;
      if (problem) break;
      byName.set(v.name, v.value);
      byValue.set(v.value, v.name);
    }
    if (!problem) continue;
    broken.set(d.name, problem);
    diagnostics.push(diag("error", "ir/duplicate-enum-value", `${d.name}: ${problem}`, d.loc));
  }
  return { broken, diagnostics };
}
