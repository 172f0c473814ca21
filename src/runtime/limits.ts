import { CodecError } from "./codec-error.js";

/**
 * Resource limits of a decode, both formats. Every default but maxDepth is
 * "none": without them the input's own size already bounds what a decode
 * allocates (a length or count beyond the remaining input fails first). A
 * generated module may carry its document's defaults (the MIMI content
 * draft's Security Considerations: `DOCUMENT_LIMITS`), which options given
 * to a decode override.
 */
export interface DecodeLimits {
  /** Nesting of recursive types (TPL) or of arrays, maps and tags (CBOR); default 32. */
  maxDepth?: number;
  /** The whole input, in bytes: a longer one fails before anything is read. */
  maxSize?: number;
  /** One byte or text string, in bytes. */
  maxLength?: number;
  /** Elements of one vector, array or map (entries of a map). */
  maxCount?: number;
}

export interface ResolvedLimits {
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly maxCount: number;
}

const NONE: ResolvedLimits = { maxDepth: 32, maxLength: Infinity, maxCount: Infinity };

interface Checked extends ResolvedLimits {
  readonly maxSize: number;
  readonly defaultMaxDepth: number;
}

// A frozen options object (a module's DOCUMENT_LIMITS) is checked once, not at every decode;
// the last one looked up is kept aside (a WeakMap lookup is a good part of a small decode),
// since the decodes of one module repeat the same object.
const checkedFrozen = new WeakMap<object, Checked>();
let lastFrozen: object | null = null;
let lastChecked: Checked | null = null;

/** The limits a reader enforces; fails at once on a bad option or an input over maxSize. */
export function resolveLimits(options: DecodeLimits | undefined, defaultMaxDepth: number, inputLength: number): ResolvedLimits {
  if (options === undefined) return defaultMaxDepth === NONE.maxDepth ? NONE : { ...NONE, maxDepth: defaultMaxDepth };
  let c = options === lastFrozen ? lastChecked! : undefined;
  if (c === undefined || c.defaultMaxDepth !== defaultMaxDepth) {
    c = checkedFrozen.get(options);
    if (c === undefined || c.defaultMaxDepth !== defaultMaxDepth) {
      c = check(options, defaultMaxDepth);
      if (Object.isFrozen(options)) checkedFrozen.set(options, c);
    }
    if (Object.isFrozen(options)) {
      lastFrozen = options;
      lastChecked = c;
    }
  }
  if (inputLength > c.maxSize) throw new CodecError(`input of ${inputLength} bytes exceeds maxSize ${c.maxSize}`, c.maxSize);
  return c;
}

function check(options: DecodeLimits, defaultMaxDepth: number): Checked {
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new CodecError(`maxDepth must be a non-negative integer, got ${maxDepth}`, -1);
  return {
    maxDepth,
    maxSize: limit(options.maxSize, "maxSize"),
    maxLength: limit(options.maxLength, "maxLength"),
    maxCount: limit(options.maxCount, "maxCount"),
    defaultMaxDepth,
  };
}

function limit(v: number | undefined, name: string): number {
  if (v === undefined) return Infinity;
  if (v !== Infinity && (!Number.isInteger(v) || v < 0)) throw new CodecError(`${name} must be a non-negative integer, got ${v}`, -1);
  return v;
}

/** A decode's options over a document's default limits (no copy when either is absent). */
export function withDefaults<O extends DecodeLimits>(options: O | undefined, defaults: DecodeLimits | undefined): O | undefined {
  if (defaults === undefined) return options;
  if (options === undefined) return defaults as O;
  return { ...defaults, ...options };
}
