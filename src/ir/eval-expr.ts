import type { Expr } from "../tpl/ast.js";

/** A TPL integer expression's value, or the reference it depends on. */
export type ExprValue = { readonly kind: "value"; readonly value: bigint } | { readonly kind: "ref"; readonly path: readonly string[] };

export class ExprError extends Error {
  override readonly name = "ExprError";
}

/**
 * Values are bounded: a TPL length or enum value needs 64 bits at most, and
 * `((2^64)^64)^64` would otherwise grow past what a BigInt can hold. A value
 * that needs more bits is an error, found before it is computed.
 */
export const MAX_EXPR_BITS = 1024;

function checked(value: bigint): bigint {
  if (bitLength(value) > MAX_EXPR_BITS) throw tooLarge();
  return value;
}

function tooLarge(): ExprError {
  return new ExprError(`value larger than 2^${MAX_EXPR_BITS}`);
}

function bitLength(v: bigint): number {
  return (v < 0n ? -v : v).toString(16).length * 4;
}

function apply(op: "+" | "-" | "*" | "^", l: bigint, r: bigint): bigint {
  switch (op) {
    case "+":
      return checked(l + r);
    case "-":
      return checked(l - r);
    case "*":
      if (bitLength(l) + bitLength(r) > MAX_EXPR_BITS + 8) throw tooLarge();
      return checked(l * r);
    case "^":
      if (r > 64n) throw new ExprError("exponent larger than 64");
      if (r < 0n) throw new ExprError("negative exponent");
      if (l !== 0n && l !== 1n && l !== -1n && (bitLength(l) - 4) * Number(r) > MAX_EXPR_BITS) throw tooLarge();
      return checked(l ** r);
  }
}

/**
 * Evaluate `2^16-1`, `0xFFFF`, `(2^8)-2`; a lone reference is returned as
 * such. Iterative: `1+1+...+1` with a hundred thousand terms is a tree that
 * deep.
 */
export function evalExpr(e: Expr): ExprValue {
  if (e.kind === "ref") return { kind: "ref", path: e.path };
  // Post-order over an explicit stack: `done` marks a binary node whose operands are on `values`.
  const values: bigint[] = [];
  const work: Array<{ node: Expr; done: boolean }> = [{ node: e, done: false }];
  while (work.length > 0) {
    const { node, done } = work.pop()!;
    if (node.kind === "num") values.push(checked(node.value));
    else if (node.kind === "ref") throw new ExprError("a length expression may not combine a reference with arithmetic");
    else if (done) {
      const r = values.pop()!;
      const l = values.pop()!;
      values.push(apply(node.op, l, r));
    } else work.push({ node, done: true }, { node: node.right, done: false }, { node: node.left, done: false });
  }
  return { kind: "value", value: values[0]! };
}

/** A constant that must fit a JS number exactly (lengths, enum values). */
export function evalNumber(e: Expr): number {
  const v = evalExpr(e);
  if (v.kind !== "value") throw new ExprError(`expected a number, found the reference ${v.path.join(".")}`);
  if (v.value < 0n || v.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExprError(`value ${v.value} is out of range`);
  return Number(v.value);
}
