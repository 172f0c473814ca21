/**
 * The IR as JSON: schemas/<doc>.definitions.json ships it, and passes
 * compare types by their JSON. CDDL integer bounds are bigints, which JSON
 * has no form for: they travel as {"$bigint": "-5"} and come back as bigints.
 */

/** JSON text of IR data; bigints as {"$bigint": "<decimal>"}. */
export function irToJson(value: unknown, space?: number, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    const r = replacer ? replacer(key, v) : v;
    return typeof r === "bigint" ? { $bigint: r.toString() } : r;
  }, space);
}

/** Parse IR JSON written by irToJson; `reviver` sees every other value. */
export function irFromJson(text: string, reviver?: (key: string, value: unknown) => unknown): unknown {
  return JSON.parse(text, (key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $bigint?: unknown }).$bigint === "string") {
      return BigInt((v as { $bigint: string }).$bigint);
    }
    return reviver ? reviver(key, v) : v;
  });
}

/** A key that is equal for equal IR types (and values), bigints included. */
export function irKey(value: unknown): string {
  return irToJson(value);
}
