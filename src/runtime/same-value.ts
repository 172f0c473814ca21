/**
 * Where two codec values differ, or null when they are the same: byte
 * strings and Maps by content, numbers by value (NaN equal to NaN), records
 * by their defined fields. Codecs that verify an encoding by decoding it
 * compare with this. Iterative: values may nest deeply.
 */
export function whereDiffers(a: unknown, b: unknown): string | null {
  const stack: Array<[unknown, unknown, string]> = [[a, b, ""]];
  while (stack.length > 0) {
    const [x, y, path] = stack.pop()!;
    if (Object.is(x, y) || (x === y && typeof x !== "number")) continue;
    if (typeof x === "number" && typeof y === "number" && x === y) continue;
    if (x instanceof Uint8Array || y instanceof Uint8Array) {
      if (!(x instanceof Uint8Array && y instanceof Uint8Array) || x.length !== y.length || x.some((v, i) => v !== y[i])) return path || "(value)";
      continue;
    }
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!(Array.isArray(x) && Array.isArray(y)) || x.length !== y.length) return path || "(value)";
      for (let i = x.length - 1; i >= 0; i--) stack.push([x[i], y[i], `${path}[${i}]`]);
      continue;
    }
    if (x instanceof Map || y instanceof Map) {
      if (!(x instanceof Map && y instanceof Map) || x.size !== y.size) return path || "(value)";
      const xs = [...x];
      const ys = [...y];
      for (let i = xs.length - 1; i >= 0; i--) {
        stack.push([xs[i]![0], ys[i]![0], `${path}{key ${i}}`], [xs[i]![1], ys[i]![1], `${path}{${i}}`]);
      }
      continue;
    }
    if (x !== null && y !== null && typeof x === "object" && typeof y === "object") {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) {
        const vx = (x as Record<string, unknown>)[k];
        const vy = (y as Record<string, unknown>)[k];
        if (vx === undefined && vy === undefined) continue;
        stack.push([vx, vy, path ? `${path}.${k}` : k]);
      }
      continue;
    }
    return path || "(value)";
  }
  return null;
}
