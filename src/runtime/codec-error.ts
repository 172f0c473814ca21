/**
 * The one error type every codec failure surfaces as: the offset says where
 * in the bytes, the path says which field, so a bad message is debuggable
 * without a hex dump.
 */

// A registry-wide symbol, so a CodecError from a second copy of this module
// (e.g. src and dist both loaded) is still recognised by isCodecError.
const BRAND = Symbol.for("mimi-codec.CodecError");

export class CodecError extends Error {
  override readonly name = "CodecError";
  /** Byte offset in the input (decode) or output position (encode); -1 if unknown. */
  readonly offset: number;
  /** The message without location. */
  readonly reason: string;
  private _path: string;

  constructor(reason: string, offset: number, path?: string) {
    super();
    this.offset = offset;
    this.reason = reason;
    this._path = path ?? "";
    this.message = formatMessage(reason, offset, this._path);
  }

  /** Field path from the root type, e.g. `MimiContent.body.parts[1].content`. */
  get path(): string {
    return this._path;
  }

  /**
   * Prepend a path segment while the error unwinds through generated decoders:
   * a field name, an index such as `[1]`, or the root type name. Joins with
   * "." except before "[". Returns this so a catch block can `throw e.prepend(...)`.
   */
  prepend(segment: string): this {
    if (segment === "") return this;
    const p = this._path;
    this._path = p === "" ? segment : p.charCodeAt(0) === 0x5b /* [ */ ? segment + p : segment + "." + p;
    // V8 formats `stack` lazily on first read, so keeping `message` current
    // also keeps the printed stack header current for uncaught errors.
    this.message = formatMessage(this.reason, this.offset, this._path);
    return this;
  }

  static {
    Object.defineProperty(CodecError.prototype, BRAND, { value: true });
  }
}

function formatMessage(reason: string, offset: number, path: string): string {
  // An empty path would print as "()", which reads like a bug; omit it instead.
  return path === "" ? `${reason} at offset ${offset}` : `${reason} at offset ${offset} (${path})`;
}

export function isCodecError(e: unknown): e is CodecError {
  return e instanceof CodecError || (typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true);
}

/**
 * For generated catch blocks: add `segment` to a CodecError and rethrow it;
 * anything else (stack exhaustion, a bug, a thrown string) is wrapped in a
 * CodecError so callers only ever see one error type.
 */
export function rethrowWithPath(e: unknown, segment: string): never {
  if (isCodecError(e)) throw e.prepend(segment);
  throw wrapForeign(e).prepend(segment);
}

function wrapForeign(e: unknown): CodecError {
  let reason: string;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    reason = "nesting too deep: call stack exhausted";
  } else if (e instanceof Error) {
    reason = `internal error: ${e.name}: ${e.message}`;
  } else {
    reason = `internal error: non-Error thrown: ${safeString(e)}`;
  }
  const err = new CodecError(reason, -1);
  err.cause = e;
  return err;
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    // e.g. an object with a throwing toString or a null-prototype object
    return Object.prototype.toString.call(v);
  }
}
