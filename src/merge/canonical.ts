/**
 * A stable text of an IR value for equality: keys sorted, source locations
 * left out (two equal types written at different places are equal).
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === "loc") return undefined;
    if (typeof v === "bigint") return `${v}n`;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}
