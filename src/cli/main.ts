#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { UnknownDocumentError } from "../compile/compile-set.js";
import { isCompileError } from "../diagnostics/index.js";
import { MergeError } from "../merge/index.js";
import { isCodecError, type CodecContext } from "../runtime/index.js";
import { UsageError, isUsageError } from "./cli-error.js";
import { allCommand } from "./commands/all.js";
import { decodeCommand, encodeCommand } from "./commands/decode.js";
import { alignCommand, parseAlignArgs } from "./commands/align.js";
import { convertCommand } from "./commands/convert.js";
import { diffCommand, parseDiffArgs } from "./commands/diff.js";
import { messageIdCommand, pipelineCommand } from "./commands/pipeline.js";
import { REPORT_OPTIONS, reportCommand, reportOptionsFrom } from "./commands/report.js";
import { parseValidateArgs, validateCommand } from "./commands/validate.js";
import { cborToEdnCommand, ednToCborCommand } from "./commands/edn.js";
import { genCommand } from "./commands/gen.js";
import { lintCommand } from "./commands/lint.js";
import { HELP } from "./help.js";
import { processIo, type CliIo } from "./io.js";

/** The only place that reads argv and decides exit codes. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP["main"]!);
    return command ? 0 : 2;
  }
  if (!(command in HELP) || command === "main") throw new UsageError(`unknown command "${command}"; run "mimi-codec --help"`);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(HELP[command]!);
    return 0;
  }
  switch (command) {
    case "all":
      return allCommand(io);
    case "gen": {
      const a = parse(rest, { out: { type: "string" }, builtin: { type: "boolean" }, check: { type: "boolean" }, timings: { type: "boolean" }, import: { type: "string", multiple: true }, ...ALLOW_INCLUDE });
      if (!a.values.builtin && a.positionals.length === 0) throw new UsageError("gen needs drafts or --builtin");
      return genCommand(
        a.positionals,
        {
          builtin: !!a.values.builtin,
          check: !!a.values.check,
          timings: !!a.values.timings,
          imports: a.values.import ?? [],
          allowInclude: a.values["allow-include"] ?? [],
          ...(a.values.out ? { out: a.values.out } : {}),
        },
        io,
      );
    }
    case "lint": {
      const a = parse(rest, { strict: { type: "boolean" }, json: { type: "boolean" }, import: { type: "string", multiple: true }, ...ALLOW_INCLUDE });
      if (a.positionals.length === 0) throw new UsageError("lint needs at least one draft");
      return lintCommand(a.positionals, { strict: !!a.values.strict, json: !!a.values.json, imports: a.values.import ?? [], allowInclude: a.values["allow-include"] ?? [] }, io);
    }
    case "decode": {
      const a = parse(rest, {
        schema: { type: "string" },
        type: { type: "string" },
        format: { type: "string" },
        hex: { type: "string" },
        "hex-lines": { type: "string" },
        roundtrip: { type: "boolean" },
        deterministic: { type: "boolean" },
        context: { type: "string", multiple: true },
        import: { type: "string", multiple: true },
      });
      const file = a.positionals[0];
      if (a.positionals.length > 1) throw new UsageError("decode takes one binary file");
      return decodeCommand(
        {
          schema: need(a.values.schema, "--schema"),
          type: need(a.values.type, "--type"),
          format: a.values.format ?? "tpl",
          roundtrip: !!a.values.roundtrip,
          deterministic: !!a.values.deterministic,
          context: parseContext(a.values.context),
          imports: a.values.import ?? [],
          ...(a.values.hex !== undefined ? { hex: a.values.hex } : {}),
          ...(a.values["hex-lines"] !== undefined ? { hexLines: a.values["hex-lines"] } : {}),
          ...(file !== undefined ? { file } : {}),
        },
        io,
      );
    }
    case "report": {
      const a = parse(rest, REPORT_OPTIONS);
      if (a.positionals.length > 0) throw new UsageError("report takes no arguments");
      return reportCommand(reportOptionsFrom(a.values), io);
    }
    case "align":
      return alignCommand(parseAlignArgs(rest), io);
    case "diff":
      return diffCommand(parseDiffArgs(rest), io);
    case "validate":
      return validateCommand(parseValidateArgs(rest), io);
    case "pipeline": {
      const a = parse(rest, { "random-salts": { type: "boolean" }, format: { type: "string" }, rules: { type: "boolean" } });
      return pipelineCommand(io, { randomSalts: !!a.values["random-salts"], rules: !!a.values.rules, ...(a.values.format ? { format: a.values.format } : {}) });
    }
    case "message-id": {
      const a = parse(rest, { sender: { type: "string" }, room: { type: "string" }, hex: { type: "string" }, format: { type: "string" }, expect: { type: "string" } });
      if (a.positionals.length > 1) throw new UsageError("message-id takes one file");
      const v = a.values;
      return messageIdCommand(
        {
          ...(v.sender !== undefined ? { sender: v.sender } : {}),
          ...(v.room !== undefined ? { room: v.room } : {}),
          ...(v.hex !== undefined ? { hex: v.hex } : {}),
          ...(v.format !== undefined ? { format: v.format } : {}),
          ...(v.expect !== undefined ? { expect: v.expect } : {}),
          ...(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}),
        },
        io,
      );
    }
    case "convert": {
      const a = parse(rest, {
        schema: { type: "string" },
        type: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        hex: { type: "string" },
        context: { type: "string", multiple: true },
      });
      if (a.positionals.length > 1) throw new UsageError("convert takes one input file");
      return convertCommand(
        {
          schema: need(a.values.schema, "--schema"),
          type: need(a.values.type, "--type"),
          from: need(a.values.from, "--from"),
          to: need(a.values.to, "--to"),
          context: parseContext(a.values.context),
          ...(a.values.hex !== undefined ? { hex: a.values.hex } : {}),
          ...(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}),
        },
        io,
      );
    }
    case "edn2cbor": {
      const a = parse(rest, {});
      if (a.positionals.length > 1) throw new UsageError("edn2cbor takes one file (or reads stdin)");
      return ednToCborCommand(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}, io);
    }
    case "cbor2edn": {
      const a = parse(rest, { hex: { type: "string" }, pretty: { type: "boolean" }, annotate: { type: "boolean" } });
      if (a.positionals.length > 1) throw new UsageError("cbor2edn takes one file");
      return cborToEdnCommand(
        {
          pretty: !!a.values.pretty,
          annotate: !!a.values.annotate,
          ...(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}),
          ...(a.values.hex !== undefined ? { hex: a.values.hex } : {}),
        },
        io,
      );
    }
    case "encode": {
      const a = parse(rest, { schema: { type: "string" }, type: { type: "string" }, format: { type: "string" }, context: { type: "string", multiple: true }, import: { type: "string", multiple: true } });
      return encodeCommand(
        {
          schema: need(a.values.schema, "--schema"),
          type: need(a.values.type, "--type"),
          format: a.values.format ?? "tpl",
          context: parseContext(a.values.context),
          imports: a.values.import ?? [],
        },
        io,
      );
    }
  }
  throw new UsageError(`unknown command "${command}"`);
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** `--allow-include <dir>` (repeatable): a folder besides the draft's own that its includes may read. */
const ALLOW_INCLUDE = { "allow-include": { type: "string", multiple: true } } as const;

function parse<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]!);
  }
}

function need(v: string | undefined, flag: string): string {
  if (v === undefined) throw new UsageError(`missing ${flag}`);
  return v;
}

/** `--context PrivateMessage.content_type=application` (numbers stay numbers). */
function parseContext(items: readonly string[] | undefined): CodecContext {
  const ctx: CodecContext = Object.create(null) as CodecContext;
  for (const item of items ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--context wants key=value, got "${item}"`);
    const value = item.slice(eq + 1);
    ctx[item.slice(0, eq)] = /^[0-9]+$/.test(value) ? Number(value) : value;
  }
  return ctx;
}

const FS_ERRORS = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EPERM", "EMFILE"]);

/** One readable line for anything the user can fix; a stack trace only for our own bugs. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.err(`mimi-codec: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof UnknownDocumentError || e instanceof MergeError || isCodecError(e) || isCompileError(e)) {
      io.err(`mimi-codec: ${e.message.split("\n")[0]}`);
      return 1;
    }
    if (e instanceof Error && "code" in e && typeof e.code === "string" && FS_ERRORS.has(e.code)) {
      io.err(`mimi-codec: ${e.message}`); // file system errors: ENOENT, EACCES, ...
      return 1;
    }
    throw e;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  // `mimi-codec ... | head`: the reader went away; stop quietly, as Unix tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mimi-codec: internal error (please report): ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
