/**
 * The implied part index (draft-ietf-mimi-content, "Message Bodies"): a
 * zero-based, depth-first numbering of every NestedPart, the body itself
 * being part 0 (see the draft's 11-part "Complicated Nested Example").
 */
import type { NestedPart } from "../../generated/mimi-content-main/index.js";

export interface IndexedPart {
  readonly index: number;
  /** 1 for the body, 2 for its parts, ... */
  readonly depth: number;
  /** field path, e.g. `mimiContent.nestedPart.parts[0].parts[1]` */
  readonly path: string;
  readonly part: NestedPart;
  /** index of the enclosing MultiPart, -1 for the body */
  readonly parent: number;
}

export const BODY_PATH = "mimiContent.nestedPart";

/**
 * Every part in part-index order. Stops descending past `maxDepth + 1`
 * levels and past `maxParts + 1` parts, so a hostile body costs bounded work;
 * the caller sees that the limits were exceeded.
 */
export function indexParts(body: NestedPart, limits: { maxDepth: number; maxParts: number } = { maxDepth: 64, maxParts: 4096 }): IndexedPart[] {
  const out: IndexedPart[] = [];
  const walk = (part: NestedPart, depth: number, path: string, parent: number): void => {
    if (out.length > limits.maxParts) return;
    const index = out.length;
    out.push({ index, depth, path, part, parent });
    if (part.cardinality === "multi" && depth <= limits.maxDepth) {
      part.parts.forEach((p, i) => walk(p, depth + 1, `${path}.parts[${i}]`, index));
    }
  };
  walk(body, 1, BODY_PATH, -1);
  return out;
}
