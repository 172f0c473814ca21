import type { Expr } from "../tpl/ast.js";

/** A TPL integer expression's value, or the reference it depends on. */
export type ExprValue = { readonly kind: "value"; readonly value: bigint } | { readonly kind: "ref"; readonly path: readonly string[] };

export class ExprError extends Error {
  override readonly name = "ExprError";
}

/** Evaluate `2^16-1`, `0xFFFF`, `(2^8)-2`; a lone reference is returned as such. */
export function evalExpr(e: Expr): ExprValue {
  if (e.kind === "num") return { kind: "value", value: e.value };
  if (e.kind === "ref") return { kind: "ref", path: e.path };
  const l = evalExpr(e.left);
  const r = evalExpr(e.right);
  if (l.kind !== "value" || r.kind !== "value") throw new ExprError("a length expression may not combine a reference with arithmetic");
  switch (e.op) {
    case "+":
      return { kind: "value", value: l.value + r.value };
    case "-":
      return { kind: "value", value: l.value - r.value };
    case "*":
      return { kind: "value", value: l.value * r.value };
    case "^":
      if (r.value > 64n) throw new ExprError("exponent larger than 64");
      return { kind: "value", value: l.value ** r.value };
  }
}

/** A constant that must fit a JS number exactly (lengths, enum values). */
export function evalNumber(e: Expr): number {
  const v = evalExpr(e);
  if (v.kind !== "value") throw new ExprError(`expected a number, found the reference ${v.path.join(".")}`);
  if (v.value < 0n || v.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExprError(`value ${v.value} is out of range`);
  return Number(v.value);
}
