import { isCodecError, fromHex, toHex, type CodecContext } from "../../runtime/index.js";
import { toJsonValue, fromJsonValue } from "../../json/json-form.js";
import { validateJson } from "../../json/validate-json.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";
import { readInputBytes, STDIN } from "../input.js";
import { codecOf, loadSchema, parseFormat } from "../load-schema.js";
import { createProgress } from "../progress.js";

export interface DecodeOptions {
  readonly schema: string;
  readonly type: string;
  readonly format: string;
  readonly hex?: string;
  readonly hexLines?: string;
  readonly file?: string;
  readonly roundtrip: boolean;
  readonly context: CodecContext;
  readonly imports?: readonly string[];
  /** CBOR: reject anything not in RFC 8949 core deterministic form. */
  readonly deterministic?: boolean;
  /** no progress on stderr while a draft given as --schema compiles */
  readonly quiet?: boolean;
  /** One JSON document with every input's value, error and round-trip verdict. */
  readonly json?: boolean;
  readonly configFile?: string;
}

/** One input to decode, with a label for the report. */
interface Input {
  readonly label: string;
  readonly bytes: Uint8Array | Error;
}

async function inputsOf(opts: DecodeOptions, io: CliIo): Promise<Input[]> {
  const sources = [opts.hex, opts.hexLines, opts.file].filter((x) => x !== undefined).length;
  if (sources !== 1) throw new UsageError("give exactly one input: --hex <hex>, --hex-lines <file>, or a binary file");
  const parse = (hex: string): Uint8Array | Error => {
    try {
      return fromHex(hex);
    } catch (e) {
      return e as Error;
    }
  };
  if (opts.hex !== undefined) return [{ label: "--hex", bytes: parse(opts.hex) }];
  if (opts.hexLines !== undefined) {
    return readUserFile(opts.hexLines)
      .toString("utf8")
      .split("\n")
      .map((line, i) => ({ line: line.replace(/#.*$/, "").trim(), n: i + 1 }))
      .filter((x) => x.line !== "")
      .map((x) => ({ label: `${opts.hexLines}:${x.n}`, bytes: parse(x.line) }));
  }
  return [{ label: opts.file === STDIN ? "<stdin>" : opts.file!, bytes: await readInputBytes(opts.file!, io) }];
}

/** `mimi-codec decode`: bytes -> JSON; with --roundtrip, re-encode and compare. */
export async function decodeCommand(opts: DecodeOptions, io: CliIo): Promise<number> {
  const format = parseFormat(opts.format);
  const inputs = await inputsOf(opts, io);
  const schema = await loadSchema(opts.schema, opts.imports, createProgress("decode", io.progress, { quiet: !!opts.quiet }), opts.configFile);
  const codec = codecOf(schema, opts.type, format);
  const typeOfDef = schema.scope.definition(opts.type)?.type;
  let failed = 0;
  const results: Array<{ input: string; value?: unknown; error?: string; roundtrip?: "identical" | string }> = [];
  for (const input of inputs) {
    const prefix = inputs.length > 1 ? `${input.label}: ` : "";
    if (input.bytes instanceof Error) {
      if (!opts.json) io.err(`${prefix}error: ${input.bytes.message}`);
      results.push({ input: input.label, error: input.bytes.message });
      failed++;
      continue;
    }
    try {
      const value = codec.decode(input.bytes, { context: opts.context, ...(opts.deterministic ? { deterministic: true } : {}) });
      const jsonValue = toJsonValue(value, schema.scope, typeOfDef);
      const json = JSON.stringify(jsonValue, null, inputs.length > 1 ? 0 : 2);
      if (!opts.roundtrip) {
        results.push({ input: input.label, value: jsonValue });
        if (!opts.json) io.out(prefix + json);
        continue;
      }
      const again = codec.encode(value, { context: opts.context });
      const same = toHex(again) === toHex(input.bytes);
      results.push({ input: input.label, value: jsonValue, roundtrip: same ? "identical" : toHex(again) });
      if (!opts.json) io.out(`${prefix}${same ? "roundtrip identical" : `roundtrip DIFFERS: re-encoded ${toHex(again)}`}${inputs.length > 1 ? "" : "\n" + json}`);
      if (!same) failed++;
    } catch (e) {
      if (!isCodecError(e)) throw e;
      if (!opts.json) io.err(`${prefix}error: ${e.message}`);
      results.push({ input: input.label, error: e.message });
      failed++;
    }
  }
  if (opts.json) io.out(JSON.stringify({ ok: inputs.length - failed, inputs: results }, null, 2));
  else if (inputs.length > 1) io.out(`${inputs.length - failed} of ${inputs.length} inputs ok`);
  return failed > 0 ? 1 : 0;
}

/** `mimi-codec encode`: JSON on stdin -> hex on stdout. */
export async function encodeCommand(
  opts: { schema: string; type: string; format: string; context: CodecContext; imports?: readonly string[]; json?: boolean; configFile?: string; quiet?: boolean },
  io: CliIo,
): Promise<number> {
  const format = parseFormat(opts.format);
  const schema = await loadSchema(opts.schema, opts.imports, createProgress("encode", io.progress, { quiet: !!opts.quiet }), opts.configFile);
  const codec = codecOf(schema, opts.type, format);
  const text = await io.readStdin();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`stdin is not JSON: ${(e as Error).message}`, 1);
  }
  const def = schema.scope.definition(opts.type);
  if (!def) throw new UsageError(`${schema.doc.name} has no type ${opts.type}`);
  // Every violation of the JSON Schema, each with its JSON pointer, before encoding
  const violations = validateJson(schema.jsonSchemas(), schema.doc.name, opts.type, json);
  if (violations.length > 0) {
    for (const v of violations) io.err(`${v.pointer || "/"}: ${v.message}`);
    throw new UsageError(`${violations.length} JSON Schema violation${violations.length === 1 ? "" : "s"} in the input for ${opts.type}`, 1);
  }
  let value: unknown;
  try {
    value = fromJsonValue(schema.scope, def.type, json);
  } catch (e) {
    throw new UsageError((e as Error).message, 1);
  }
  try {
    const hex = toHex(codec.encode(value, { context: opts.context }));
    io.out(opts.json ? JSON.stringify({ type: opts.type, format, hex }) : hex);
  } catch (e) {
    if (!isCodecError(e)) throw e;
    throw new UsageError(`cannot encode: ${e.message}`, 1);
  }
  return 0;
}
