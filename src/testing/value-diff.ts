/**
 * Structural comparison of codec values (README "Types"): bytes by content,
 * Maps entry by entry in order, numbers with Object.is (so -0 and NaN count),
 * bigint and number kept apart, object properties whose value is undefined
 * treated as absent (decoders delete an absent omittable field).
 */

/** The first difference between `actual` and `expected` ("at $.a[2]: ..."), or null when they are equal. */
export function valueDiff(actual: unknown, expected: unknown, path = "$"): string | null {
  const differ = (why: string) => `at ${path}: ${why}`;
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    if (!(expected instanceof Uint8Array && actual instanceof Uint8Array)) return differ(`${show(actual)} vs ${show(expected)}`);
    if (expected.length !== actual.length || expected.some((x, i) => x !== actual[i])) return differ(`bytes ${hex(actual)} vs ${hex(expected)}`);
    return null;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!(Array.isArray(expected) && Array.isArray(actual))) return differ(`${show(actual)} vs ${show(expected)}`);
    if (expected.length !== actual.length) return differ(`array of ${actual.length} vs ${expected.length}`);
    for (let i = 0; i < expected.length; i++) {
      const d = valueDiff(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected instanceof Map || actual instanceof Map) {
    if (!(expected instanceof Map && actual instanceof Map)) return differ(`${show(actual)} vs ${show(expected)}`);
    if (expected.size !== actual.size) return differ(`Map of ${actual.size} vs ${expected.size} entries`);
    const a = [...actual];
    const e = [...expected];
    for (let i = 0; i < e.length; i++) {
      const d = valueDiff(a[i]![0], e[i]![0], `${path}<key ${i}>`) ?? valueDiff(a[i]![1], e[i]![1], `${path}<${show(e[i]![0])}>`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(expected) || isObject(actual)) {
    if (!(isObject(expected) && isObject(actual))) return differ(`${show(actual)} vs ${show(expected)}`);
    const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
    const ka = keys(actual);
    const ke = keys(expected);
    const missing = ke.filter((k) => !ka.includes(k));
    const extra = ka.filter((k) => !ke.includes(k));
    if (missing.length > 0 || extra.length > 0) return differ(`properties missing [${missing.join(", ")}], unexpected [${extra.join(", ")}]`);
    for (const k of ke) {
      const d = valueDiff(actual[k], expected[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (typeof actual !== typeof expected || !Object.is(actual, expected)) return differ(`${show(actual)} vs ${show(expected)}`);
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object";
}

function hex(b: Uint8Array): string {
  const s = Array.from(b.subarray(0, 32), (x) => x.toString(16).padStart(2, "0")).join("");
  return b.length > 32 ? `${s}...(${b.length} bytes)` : s || "(empty)";
}

function show(v: unknown): string {
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (v instanceof Map) return `Map(${v.size})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Object.is(v, -0)) return "-0";
  return v !== null && typeof v === "object" ? "object" : String(v);
}
