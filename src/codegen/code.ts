/**
 * The only way text reaches a generated module. Drafts are untrusted: a
 * name, key, literal, comment or path from a draft must never become code.
 * Generators build `Code` with the `code` template tag, whose holes accept
 * only other `Code` and numbers; a draft's string gets in solely through
 * `lit` (a string literal), `prop`/`member` (a property name), `docComment`
 * / `lineComment` (comment text), or as an identifier from the name table
 * (`ident`, which validates). A plain string in a hole is a type error, and
 * a runtime error should a cast sneak one through.
 */
const TOKEN: unique symbol = Symbol("Code");

export class Code {
  /** Only this module creates Code (the token is not exported); see `code`, `lit`, `ident` and friends. */
  constructor(
    token: typeof TOKEN,
    readonly text: string,
  ) {
    if (token !== TOKEN) throw new UnsafeHoleError("Code is made only by src/codegen/code.ts");
  }

  toString(): string {
    return this.text;
  }
}

const make = (text: string): Code => new Code(TOKEN, text);

/** What may fill a hole of `code`: code, a finite number, a bigint, a boolean, or a list of code (joined by nothing). */
export type Hole = Code | number | bigint | boolean | readonly Code[];

export class UnsafeHoleError extends Error {
  override readonly name = "UnsafeHoleError";
}

/** A fragment of generated TypeScript: `code\`n += ${size};\``. */
export function code(strings: TemplateStringsArray, ...holes: readonly Hole[]): Code {
  let out = strings[0]!;
  for (let i = 0; i < holes.length; i++) out += holeText(holes[i]!) + strings[i + 1]!;
  return make(out);
}

function holeText(h: Hole): string {
  if (h instanceof Code) return h.text;
  if (typeof h === "number") {
    if (!Number.isFinite(h)) throw new UnsafeHoleError(`not a finite number: ${h}`);
    return h < 0 || Object.is(h, -0) ? `(${h})` : String(h);
  }
  if (typeof h === "bigint") return h < 0n ? `(${h}n)` : `${h}n`;
  if (typeof h === "boolean") return h ? "true" : "false";
  if (Array.isArray(h)) return h.map(holeText).join("");
  throw new UnsafeHoleError(`only Code, numbers and booleans may fill a hole, got ${typeof h}`);
}

/** Join fragments with a separator (itself fixed text from the generator). */
export function joinCode(parts: readonly Code[], separator: ", " | " | " | " & " | "\n" | "\n\n" | "; " | " || " | " && " | ""): Code {
  return make(parts.map((p) => p.text).join(separator));
}

/** Lines of statements, one per line. */
export function lines(parts: readonly Code[]): Code {
  return joinCode(parts, "\n");
}

/**
 * A JavaScript string literal holding exactly `s`. JSON.stringify escapes
 * quotes, backslashes, control characters and lone surrogates; U+2028 and
 * U+2029 are escaped as well, since older parsers end a line at them.
 */
export function lit(s: string): Code {
  return make(JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029"));
}

/** A literal of a JSON value (arrays, objects, strings, finite numbers), every string escaped as `lit` does. */
export function jsonLit(v: unknown): Code {
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === "number" && !Number.isFinite(x)) throw new UnsafeHoleError(`not a finite number: ${x}`);
    if (typeof x === "bigint") throw new UnsafeHoleError("bigint in a JSON literal");
    return x;
  });
  if (text === undefined) throw new UnsafeHoleError("value has no JSON form");
  return make(text.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029"));
}

/** A plain ASCII identifier (the only names written bare as properties). */
const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property name in an object literal or an object type: bare when it is a
 * plain identifier, else quoted. `__proto__` is computed (`["__proto__"]`):
 * written bare or quoted in an object literal it would set the prototype.
 */
export function prop(name: string): Code {
  if (name === "__proto__") return make(`[${lit(name).text}]`);
  return PLAIN.test(name) ? make(name) : lit(name);
}

/** `obj.name`, or `obj["name"]` for a name that is not a plain identifier. */
export function member(obj: Code, name: string): Code {
  return PLAIN.test(name) && name !== "__proto__" ? make(`${obj.text}.${name}`) : make(`${obj.text}[${lit(name).text}]`);
}

/**
 * Property names that every object inherits: reading them from a value that
 * lacks the field finds Object.prototype's member instead of `undefined`.
 */
export const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Text for inside a comment: one line, no control characters, no `*\/`. */
export function commentText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\*\//g, "* /");
}

/** A one-line `/** ... *\/` comment of untrusted text. */
export function docComment(s: string): Code {
  return make(`/** ${commentText(s)} */`);
}

/** A `// ...` comment of untrusted text. */
export function lineComment(s: string): Code {
  return make(`// ${commentText(s)}`);
}

const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await async of get set as any boolean number string symbol bigint never unknown object undefined type " +
    "declare module namespace abstract readonly keyof infer is asserts unique satisfies accessor require global arguments eval"
  ).split(" "),
);

/** Words that cannot name a binding or a type in a strict-mode ES module written in TypeScript. */
export function isReservedWord(s: string): boolean {
  return RESERVED_WORDS.has(s);
}

/**
 * An identifier chosen by the generator or by the name table. Anything else
 * is a bug in the generator (the table only hands out valid names), so the
 * error says so rather than quoting anything.
 */
export function ident(s: string): Code {
  if (!PLAIN.test(s) || isReservedWord(s)) throw new UnsafeHoleError(`internal: not a safe identifier: ${JSON.stringify(s)}`);
  return make(s);
}

/** Generated text the generator wrote itself, with no hole (a fixed fragment). */
export function fixed(s: TemplateStringsArray): Code {
  if (s.length !== 1) throw new UnsafeHoleError("fixed takes no holes");
  return make(s[0]!);
}
