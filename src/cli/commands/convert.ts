import { cborToEdn } from "../../edn/cbor-to-edn.js";
import { fromJsonValue, toJsonValue } from "../../json/json-form.js";
import { fromHex, isCodecError, toHex, type CodecContext } from "../../runtime/index.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";
import { readInputBytes, STDIN } from "../input.js";
import { codecOf, loadSchema } from "../load-schema.js";
import { createProgress } from "../progress.js";

export interface ConvertOptions {
  readonly schema: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly hex?: string;
  readonly file?: string;
  readonly context: CodecContext;
  readonly json?: boolean;
  /** no progress on stderr while a draft given as --schema compiles */
  readonly quiet?: boolean;
}

const FROM = ["tpl", "cbor", "json"] as const;
const TO = ["tpl", "cbor", "json", "edn"] as const;

/**
 * `mimi-codec convert`: one value from one wire format (or its JSON form)
 * to another, through the generated codecs, so both sides are checked.
 */
export async function convertCommand(opts: ConvertOptions, io: CliIo): Promise<number> {
  if (!(FROM as readonly string[]).includes(opts.from)) throw new UsageError(`--from must be one of ${FROM.join(", ")}`);
  if (!(TO as readonly string[]).includes(opts.to)) throw new UsageError(`--to must be one of ${TO.join(", ")}`);
  const schema = await loadSchema(opts.schema, [], createProgress("convert", io.progress, { quiet: !!opts.quiet }));
  const def = schema.scope.definition(opts.type);
  if (!def) codecOf(schema, opts.type); // throws the helpful "no type" error
  const input = opts.hex !== undefined ? opts.hex : opts.file !== undefined && opts.file !== STDIN ? readUserFile(opts.file) : opts.from === "json" ? await io.readStdin() : Buffer.from(await readInputBytes(STDIN, io));
  let value: unknown;
  try {
    if (opts.from === "json") {
      const text = typeof input === "string" ? input : input.toString("utf8");
      value = fromJsonValue(schema.scope, def!.type, JSON.parse(text));
    } else {
      const bytes = typeof input === "string" ? fromHex(input) : new Uint8Array(input);
      value = codecOf(schema, opts.type, opts.from as "tpl" | "cbor").decode(bytes, { context: opts.context });
    }
    switch (opts.to) {
      case "json":
        io.out(JSON.stringify(toJsonValue(value, schema.scope, def!.type), null, 2));
        break;
      case "edn": {
        const edn = cborToEdn(codecOf(schema, opts.type, "cbor").encode(value, { context: opts.context }), { pretty: true });
        io.out(opts.json ? JSON.stringify({ edn }) : edn);
        break;
      }
      default: {
        const hex = toHex(codecOf(schema, opts.type, opts.to as "tpl" | "cbor").encode(value, { context: opts.context }));
        io.out(opts.json ? JSON.stringify({ format: opts.to, hex }) : hex);
      }
    }
    return 0;
  } catch (e) {
    if (isCodecError(e)) throw new UsageError(`cannot convert: ${e.message}`, 1);
    if (e instanceof SyntaxError) throw new UsageError(`input is not JSON: ${e.message}`, 1);
    if (e instanceof Error && e.name === "JsonFormError") throw new UsageError(e.message, 1);
    throw e;
  }
}
