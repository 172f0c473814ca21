/**
 * What the pipeline reports: a Violation names a rule (rules.ts) and the
 * field path it applies to; a PipelineError is a rejection carrying one or
 * more violations. Notices (NOTICE_RULES) describe how a legitimate message
 * is handled and never reject it.
 */
import { isCodecError } from "../runtime/index.js";
import { NOTICE_RULES, RULES, type RuleId } from "./rules.js";

export interface Violation {
  readonly rule: RuleId;
  /** Field path from the root type, e.g. `mimiContent.nestedPart.parts[1].contentHash`; "" when the whole input is meant. */
  readonly path: string;
  readonly message: string;
}

/** Where in the pipeline a rejection happened. */
export type Stage = "compose" | "encode" | "decode" | "validate" | "mls" | "protocol" | "hub" | "view" | "attachment";

const BRAND = Symbol.for("mimi-codec.PipelineError");

export class PipelineError extends Error {
  override readonly name = "PipelineError";
  readonly stage: Stage;
  /** The violations, errors only (at least one). */
  readonly violations: readonly Violation[];

  constructor(stage: Stage, violations: readonly Violation[], options?: { cause?: unknown }) {
    const first = violations[0];
    if (!first) throw new TypeError("PipelineError needs at least one violation");
    super(formatViolation(first) + (violations.length > 1 ? ` (and ${violations.length - 1} more)` : ""), options);
    this.stage = stage;
    this.violations = violations;
  }

  /** The rule of the first violation: what a caller usually branches on. */
  get rule(): RuleId {
    return this.violations[0]!.rule;
  }

  /** The field path of the first violation. */
  get path(): string {
    return this.violations[0]!.path;
  }

  static {
    Object.defineProperty(PipelineError.prototype, BRAND, { value: true });
  }
}

export function isPipelineError(e: unknown): e is PipelineError {
  return e instanceof PipelineError || (typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true);
}

export function violation(rule: RuleId, path: string, message: string): Violation {
  return { rule, path, message };
}

export function reject(stage: Stage, rule: RuleId, path: string, message: string, cause?: unknown): never {
  throw new PipelineError(stage, [violation(rule, path, message)], cause === undefined ? undefined : { cause });
}

export function isNotice(v: Violation): boolean {
  return NOTICE_RULES.has(v.rule);
}

export function formatViolation(v: Violation): string {
  return `${v.rule}: ${v.message}${v.path ? ` (${v.path})` : ""}`;
}

/** One line per rule: what `mimi-codec pipeline --rules` and the docs print. */
export function describeRule(rule: RuleId): string {
  const r = RULES[rule];
  return `${rule}: ${r.summary} [${r.source}]`;
}

/**
 * A CodecError from a generated decoder as a violation: trailing bytes and
 * non-deterministic CBOR get their own rules, everything else is the CDDL.
 */
export function codecViolation(e: unknown, deterministicPass = false): Violation {
  if (!isCodecError(e)) throw e;
  const where = e.offset >= 0 ? ` at offset ${e.offset}` : "";
  if (/trailing bytes/.test(e.reason)) return violation("content/trailing-bytes", e.path, `${e.reason}${where}`);
  if (deterministicPass) return violation("cbor/not-deterministic", e.path, `${e.reason}${where}`);
  return violation("cddl/invalid", e.path, `${e.reason}${where}`);
}
