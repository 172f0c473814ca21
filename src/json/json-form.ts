import { topFields } from "../ir/resolve-selects.js";
import type { TypeScope } from "../ir/type-scope.js";
import type { IRType } from "../ir/types.js";
import { fromHex, toHex } from "../runtime/index.js";

/**
 * The JSON form the CLI reads and prints: byte strings as lowercase hex,
 * uint64 as a decimal string, everything else as itself.
 */
export function toJsonValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

export class JsonFormError extends Error {
  override readonly name = "JsonFormError";
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(`${pointer || "/"}: ${message}`);
  }
}

/** The JSON form back to codec values, directed by the IR type. */
export function fromJsonValue(scope: TypeScope, t: IRType, v: unknown, pointer = ""): unknown {
  switch (t.kind) {
    case "uint":
      if (t.bits === 64) {
        if (typeof v === "string" && /^[0-9]+$/.test(v)) return BigInt(v);
        if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
        throw new JsonFormError("expected a uint64 as a decimal string", pointer);
      }
      return v;
    case "bytes":
      if (typeof v !== "string") throw new JsonFormError("expected bytes as a hex string", pointer);
      try {
        return fromHex(v);
      } catch (e) {
        throw new JsonFormError(`bad hex: ${(e as Error).message}`, pointer);
      }
    case "text":
    case "enum":
      return v;
    case "vector":
      if (!Array.isArray(v)) throw new JsonFormError("expected an array", pointer);
      return v.map((x, i) => fromJsonValue(scope, t.of, x, `${pointer}/${i}`));
    case "optional":
      return v === null || v === undefined ? null : fromJsonValue(scope, t.of, v, pointer);
    case "ref": {
      const d = scope.definition(t.name, t.document);
      if (!d) throw new JsonFormError(`unknown type ${t.name}`, pointer);
      return fromJsonValue(scope, d.type, v, pointer);
    }
    case "record": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) throw new JsonFormError("expected an object", pointer);
      const fields = topFields(t.members);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const f = fields.find((ff) => ff.name === k);
        if (!f) throw new JsonFormError(`unknown field "${k}"`, pointer);
        out[k] = fromJsonValue(scope, f.type, x, `${pointer}/${k}`);
      }
      return out;
    }
  }
}
