import { cborToEdn } from "../../edn/cbor-to-edn.js";
import { EdnError, ednToCbor } from "../../edn/edn-to-cbor.js";
import { hexOf } from "../../edn/text-out.js";
import { fromHex, isCodecError } from "../../runtime/index.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";
import { readInputBytes, STDIN } from "../input.js";

/** `mimi-codec edn2cbor [<file.edn>]`: EDN (a file, or stdin) -> CBOR as hex. */
export async function ednToCborCommand(opts: { file?: string; json?: boolean }, io: CliIo): Promise<number> {
  const text = opts.file && opts.file !== STDIN ? readUserFile(opts.file).toString("utf8") : await io.readStdin();
  try {
    const hex = hexOf(ednToCbor(text));
    io.out(opts.json ? JSON.stringify({ hex }) : hex);
    return 0;
  } catch (e) {
    if (e instanceof EdnError) throw new UsageError(`${opts.file ?? "<stdin>"}:${e.line}:${e.col}: ${e.reason}`, 1);
    throw e;
  }
}

/** `mimi-codec cbor2edn (<file.cbor> | --hex H) [--pretty | --annotate]`. */
export async function cborToEdnCommand(opts: { file?: string; hex?: string; pretty: boolean; annotate: boolean; json?: boolean }, io: CliIo): Promise<number> {
  if ((opts.file === undefined) === (opts.hex === undefined)) throw new UsageError("give exactly one input: a .cbor file (- for stdin) or --hex <hex>");
  let bytes: Uint8Array;
  try {
    bytes = opts.hex !== undefined ? fromHex(opts.hex) : await readInputBytes(opts.file!, io);
  } catch (e) {
    if (isCodecError(e)) throw new UsageError(`--hex: ${e.message}`, 1);
    throw e;
  }
  try {
    const edn = cborToEdn(bytes, { pretty: opts.pretty, annotate: opts.annotate });
    io.out(opts.json ? JSON.stringify({ edn }) : edn);
    return 0;
  } catch (e) {
    if (isCodecError(e)) throw new UsageError(`not well-formed CBOR: ${e.message}`, 1);
    throw e;
  }
}
