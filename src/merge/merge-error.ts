import { formatLoc, type SourceLoc } from "../diagnostics/index.js";

/**
 * Two definitions of one type that cannot share a TypeScript type the way
 * the config asks (their values have different JavaScript shapes there), or
 * a config that leaves a disagreement undecided. Located on both sides.
 */
export class MergeError extends Error {
  override readonly name = "MergeError";
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly loc: SourceLoc,
    readonly related?: SourceLoc,
  ) {
    super(`${formatLoc(loc)}: ${path}: ${reason}${related ? ` (other side: ${formatLoc(related)})` : ""}`);
  }
}
