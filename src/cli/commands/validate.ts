import { parseArgs } from "node:util";
import { formatLoc } from "../../diagnostics/index.js";
import { fromHex, isCodecError } from "../../runtime/index.js";
import { decodeWithOffsets, isSchemaError, isValid, loadCddlSchema, suggestRules, validate, type CddlSchema, type Mismatch } from "../../validate/index.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { draftIo } from "../io.js";
import { readInputBytes } from "../input.js";

export interface ValidateCommandOptions {
  /** A built-in document, a draft (.md, .xml, .txt) or a .cddl file. */
  readonly schema: string;
  /** The rule to validate against. */
  readonly type: string;
  readonly file?: string;
  readonly hex?: string;
  readonly json: boolean;
  /** Folders besides the draft's own that its includes may read. */
  readonly allowInclude?: readonly string[];
}

/** Usage text for `mimi-codec validate --help`. */
export const VALIDATE_HELP = `usage: mimi-codec validate --schema <document> --type <rule> (<file.cbor> | --hex <hex>) [--json] [--allow-include <dir>]

Validates one CBOR item against a rule of any CDDL (RFC 8610): not the
generated codecs, the CDDL itself, with choices, occurrences, maps with
cuts, generics, sockets, tags and the control operators.

  --schema   a built-in document with CDDL (mimi-content-03-cddl, mimi-content-04,
             mimi-content-main), a draft (.md, .xml, .txt: its CDDL blocks,
             included .cddl files first) or a bare .cddl file
  --type     the rule, e.g. mimiContent
  --hex      the item as hex (spaces allowed) instead of a file
  --json     machine-readable output
  --allow-include <dir>  a folder besides the draft's own that its includes may read (repeatable)

Each mismatch is printed as "<path> (offset N): <message>", then the CDDL
location it violates and that source line. Paths start with the rule name;
[i] is an array element, .name the member name the CDDL gives it, {key} a
map entry, #6.n a tag's content, <cbor> the item inside a .cbor byte string.
Prints "valid" and exits 0 when the item matches; exit 1 when it does not
(or is not well-formed CBOR), 2 for usage errors.`;

/** Options for node:util parseArgs, for wiring the command into main.ts. */
export const VALIDATE_OPTIONS = {
  schema: { type: "string" },
  type: { type: "string" },
  hex: { type: "string" },
  json: { type: "boolean" },
  "allow-include": { type: "string", multiple: true },
} as const;

/** The command's arguments (after "validate"): `main.ts` can call `validateCommand(parseValidateArgs(rest), io)`. */
export function parseValidateArgs(args: readonly string[]): ValidateCommandOptions {
  const { values, positionals } = parseStrict(args);
  if (values.schema === undefined) throw new UsageError("missing --schema");
  if (values.type === undefined) throw new UsageError("missing --type");
  if (positionals.length > 1) throw new UsageError("validate takes one .cbor file");
  const file = positionals[0];
  return {
    schema: values.schema,
    type: values.type,
    json: values.json === true,
    ...(values["allow-include"] !== undefined ? { allowInclude: values["allow-include"] } : {}),
    ...(values.hex !== undefined ? { hex: values.hex } : {}),
    ...(file !== undefined ? { file } : {}),
  };
}

function parseStrict(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: VALIDATE_OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]!);
  }
}

/** `mimi-codec validate`: a CBOR item against a CDDL rule. */
export async function validateCommand(opts: ValidateCommandOptions, io: CliIo): Promise<number> {
  if ((opts.hex === undefined) === (opts.file === undefined)) throw new UsageError("give exactly one input: a .cbor file or --hex <hex>");
  let bytes: Uint8Array;
  if (opts.hex !== undefined) {
    try {
      bytes = fromHex(opts.hex);
    } catch (e) {
      throw new UsageError(`--hex: ${(e as Error).message}`);
    }
  } else {
    bytes = await readInputBytes(opts.file!, io);
  }
  const schema = load(opts.schema, opts.allowInclude);
  checkRule(schema, opts.type);

  let decoded: ReturnType<typeof decodeWithOffsets>;
  try {
    decoded = decodeWithOffsets(bytes);
  } catch (e) {
    if (!isCodecError(e)) throw e;
    const message = `the input is not well-formed CBOR: ${e.reason} at offset ${e.offset}`;
    if (opts.json) io.out(JSON.stringify({ schema: opts.schema, type: opts.type, valid: false, error: message }, null, 2));
    else io.err(`error: ${message}`);
    return 1;
  }
  const mismatches = validate(schema, opts.type, decoded.item, { offsets: decoded.offsets });
  const valid = isValid(mismatches);
  if (opts.json) {
    io.out(JSON.stringify({ schema: opts.schema, type: opts.type, valid, mismatches }, null, 2));
  } else {
    for (const m of mismatches) io.out(formatMismatch(m, schema));
    if (valid) io.out("valid");
  }
  return valid ? 0 : 1;
}

function load(nameOrPath: string, allowInclude?: readonly string[]): CddlSchema {
  try {
    return loadCddlSchema(nameOrPath, { io: draftIo(allowInclude) });
  } catch (e) {
    if (isSchemaError(e)) throw new UsageError(e.message);
    throw e;
  }
}

function checkRule(schema: CddlSchema, rule: string): void {
  if (schema.rules.has(rule)) return;
  const broken = schema.broken.get(rule);
  if (broken) throw new UsageError(`${schema.name}: rule ${rule} does not parse: ${broken.message} (${formatLoc(broken.loc)})`, 1);
  const near = suggestRules(schema, rule);
  throw new UsageError(`${schema.name} has no rule ${rule}${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`);
}

/** `<path> (offset N): <message>`, `  violates <file:line:col>`, the CDDL source line and a caret. */
export function formatMismatch(m: Mismatch, schema: CddlSchema): string {
  const offset = m.offset === undefined ? "" : ` (offset ${m.offset})`;
  const severity = m.severity === "error" ? "" : `${m.severity}: `;
  let out = `${m.path}${offset}: ${severity}${m.message}\n  ${m.severity === "error" ? "violates" : "at"} ${formatLoc(m.cddl)}`;
  const line = schema.sourceLine(m.cddl);
  if (line !== undefined) out += `\n    ${line.replace(/\t/g, " ")}\n    ${" ".repeat(Math.max(0, m.cddl.col - 1))}^`;
  return out;
}
