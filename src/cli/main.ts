#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { CodecContext } from "../runtime/index.js";
import { UsageError, isUsageError } from "./cli-error.js";
import { MAIN_HELP, commandHelp, isCommand } from "./help.js";
import { draftArgs } from "./input.js";
import { processIo, type CliIo } from "./io.js";

// Each command's module is imported when that command runs: `--help` and
// `lint` do not load the code generator (ts-morph alone takes ~0.6 s).

/** The only place that reads argv and decides exit codes. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-V" || command === "version") {
    io.out(`mimi-codec ${packageVersion()}`);
    return 0;
  }
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(MAIN_HELP);
    return command ? 0 : 2;
  }
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}"; run "mimi-codec --help"`);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(await commandHelp(command));
    return 0;
  }
  switch (command) {
    case "all": {
      const a = parse(rest, { quiet: { type: "boolean" } });
      if (a.positionals.length > 0) throw new UsageError("all takes no arguments");
      const { allCommand } = await import("./commands/all.js");
      return allCommand(io, { quiet: !!a.values.quiet });
    }
    case "gen": {
      const a = parse(rest, {
        out: { type: "string" },
        builtin: { type: "boolean" },
        check: { type: "boolean" },
        timings: { type: "boolean" },
        quiet: { type: "boolean" },
        import: { type: "string", multiple: true },
        "cddl-path": { type: "string", multiple: true },
        config: { type: "string" },
        "allow-errors": { type: "boolean" },
        json: { type: "boolean" },
        ...ALLOW_INCLUDE,
        runtime: { type: "string" },
        standalone: { type: "boolean" },
      });
      if (!a.values.builtin && a.positionals.length === 0) throw new UsageError("gen needs drafts or --builtin");
      const given = await draftArgs(a.positionals, io);
      const { genCommand } = await import("./commands/gen.js");
      return genCommand(
        given.drafts,
        {
          builtin: !!a.values.builtin,
          check: !!a.values.check,
          timings: !!a.values.timings,
          quiet: !!a.values.quiet,
          imports: a.values.import ?? [],
          cddlPath: a.values["cddl-path"] ?? [],
          allowInclude: a.values["allow-include"] ?? [],
          allowErrors: !!a.values["allow-errors"],
          json: !!a.values.json,
          ...(given.io ? { io: given.io } : {}),
          ...(a.values.out ? { out: a.values.out } : {}),
          ...(a.values.runtime !== undefined ? { runtime: a.values.runtime } : {}),
          ...(a.values.standalone ? { standalone: true } : {}),
          ...(await configOption(a.values.config, a.positionals)),
        },
        io,
      );
    }
    case "check": {
      const a = parse(rest, { json: { type: "boolean" }, config: { type: "string" }, import: { type: "string", multiple: true } });
      if (a.positionals.length !== 1) throw new UsageError("check takes one draft");
      const { checkCommand } = await import("./commands/check.js");
      return checkCommand(a.positionals[0]!, { json: !!a.values.json, imports: a.values.import ?? [], ...(await configOption(a.values.config, a.positionals)) }, io);
    }
    case "init": {
      const a = parse(rest, { out: { type: "string" }, force: { type: "boolean" }, json: { type: "boolean" } });
      if (a.positionals.length !== 1) throw new UsageError("init takes one draft");
      const { initCommand } = await import("./commands/init.js");
      return initCommand(a.positionals[0]!, { force: !!a.values.force, json: !!a.values.json, ...(a.values.out !== undefined ? { out: a.values.out } : {}) }, io);
    }
    case "lint": {
      const a = parse(rest, { strict: { type: "boolean" }, json: { type: "boolean" }, import: { type: "string", multiple: true }, config: { type: "string" }, "cddl-path": { type: "string", multiple: true }, ...ALLOW_INCLUDE });
      if (a.positionals.length === 0) throw new UsageError("lint needs at least one draft");
      const given = await draftArgs(a.positionals, io);
      const { lintCommand } = await import("./commands/lint.js");
      return lintCommand(
        given.drafts,
        {
          strict: !!a.values.strict,
          json: !!a.values.json,
          imports: a.values.import ?? [],
          cddlPath: a.values["cddl-path"] ?? [],
          allowInclude: a.values["allow-include"] ?? [],
          ...(given.io ? { io: given.io } : {}),
          ...(await configOption(a.values.config, a.positionals)),
        },
        io,
      );
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
        quiet: { type: "boolean" },
        json: { type: "boolean" },
        config: { type: "string" },
      });
      const file = a.positionals[0];
      if (a.positionals.length > 1) throw new UsageError("decode takes one binary file");
      const { decodeCommand } = await import("./commands/decode.js");
      return decodeCommand(
        {
          schema: need(a.values.schema, "--schema"),
          type: need(a.values.type, "--type"),
          format: a.values.format ?? "tpl",
          roundtrip: !!a.values.roundtrip,
          deterministic: !!a.values.deterministic,
          quiet: !!a.values.quiet,
          context: parseContext(a.values.context),
          imports: a.values.import ?? [],
          json: !!a.values.json,
          ...(a.values.config !== undefined ? { configFile: a.values.config } : {}),
          ...(a.values.hex !== undefined ? { hex: a.values.hex } : {}),
          ...(a.values["hex-lines"] !== undefined ? { hexLines: a.values["hex-lines"] } : {}),
          ...(file !== undefined ? { file } : {}),
        },
        io,
      );
    }
    case "playground": {
      const a = parse(rest, { port: { type: "string" } });
      if (a.positionals.length > 0) throw new UsageError("playground takes no arguments");
      const { parsePort, playgroundCommand } = await import("./commands/playground.js");
      const port = parsePort(a.values.port);
      return playgroundCommand(port !== undefined ? { port } : {}, io);
    }
    case "report": {
      const { REPORT_OPTIONS, reportCommand, reportOptionsFrom } = await import("./commands/report.js");
      const a = parse(rest, REPORT_OPTIONS);
      if (a.positionals.length > 0) throw new UsageError("report takes no arguments");
      return reportCommand(reportOptionsFrom(a.values), io);
    }
    case "align": {
      const { alignCommand, parseAlignArgs } = await import("./commands/align.js");
      return alignCommand(parseAlignArgs(rest), io);
    }
    case "diff": {
      const { diffCommand, parseDiffArgs } = await import("./commands/diff.js");
      return diffCommand(parseDiffArgs(rest), io);
    }
    case "validate": {
      const { parseValidateArgs, validateCommand } = await import("./commands/validate.js");
      return validateCommand(parseValidateArgs(rest), io);
    }
    case "pipeline": {
      const a = parse(rest, { "random-salts": { type: "boolean" }, format: { type: "string" }, rules: { type: "boolean" }, json: { type: "boolean" } });
      const { pipelineCommand } = await import("./commands/pipeline.js");
      return pipelineCommand(io, { randomSalts: !!a.values["random-salts"], rules: !!a.values.rules, json: !!a.values.json, ...(a.values.format ? { format: a.values.format } : {}) });
    }
    case "message-id": {
      const a = parse(rest, { sender: { type: "string" }, room: { type: "string" }, hex: { type: "string" }, format: { type: "string" }, expect: { type: "string" }, json: { type: "boolean" } });
      if (a.positionals.length > 1) throw new UsageError("message-id takes one file");
      const v = a.values;
      const { messageIdCommand } = await import("./commands/pipeline.js");
      return messageIdCommand(
        {
          ...(v.sender !== undefined ? { sender: v.sender } : {}),
          ...(v.room !== undefined ? { room: v.room } : {}),
          ...(v.hex !== undefined ? { hex: v.hex } : {}),
          ...(v.format !== undefined ? { format: v.format } : {}),
          ...(v.expect !== undefined ? { expect: v.expect } : {}),
          json: !!v.json,
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
        quiet: { type: "boolean" },
        json: { type: "boolean" },
      });
      if (a.positionals.length > 1) throw new UsageError("convert takes one input file");
      const { convertCommand } = await import("./commands/convert.js");
      return convertCommand(
        {
          schema: need(a.values.schema, "--schema"),
          type: need(a.values.type, "--type"),
          from: need(a.values.from, "--from"),
          to: need(a.values.to, "--to"),
          quiet: !!a.values.quiet,
          json: !!a.values.json,
          context: parseContext(a.values.context),
          ...(a.values.hex !== undefined ? { hex: a.values.hex } : {}),
          ...(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}),
        },
        io,
      );
    }
    case "edn2cbor": {
      const a = parse(rest, { json: { type: "boolean" } });
      if (a.positionals.length > 1) throw new UsageError("edn2cbor takes one file (or reads stdin)");
      const { ednToCborCommand } = await import("./commands/edn.js");
      return ednToCborCommand({ json: !!a.values.json, ...(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}) }, io);
    }
    case "cbor2edn": {
      const a = parse(rest, { hex: { type: "string" }, pretty: { type: "boolean" }, annotate: { type: "boolean" }, json: { type: "boolean" } });
      if (a.positionals.length > 1) throw new UsageError("cbor2edn takes one file");
      const { cborToEdnCommand } = await import("./commands/edn.js");
      return cborToEdnCommand(
        {
          pretty: !!a.values.pretty,
          annotate: !!a.values.annotate,
          json: !!a.values.json,
          ...(a.positionals[0] !== undefined ? { file: a.positionals[0] } : {}),
          ...(a.values.hex !== undefined ? { hex: a.values.hex } : {}),
        },
        io,
      );
    }
    case "encode": {
      const a = parse(rest, {
        schema: { type: "string" },
        type: { type: "string" },
        format: { type: "string" },
        context: { type: "string", multiple: true },
        import: { type: "string", multiple: true },
        quiet: { type: "boolean" },
        json: { type: "boolean" },
        config: { type: "string" },
      });
      const { encodeCommand } = await import("./commands/decode.js");
      return encodeCommand(
        {
          schema: need(a.values.schema, "--schema"),
          type: need(a.values.type, "--type"),
          format: a.values.format ?? "tpl",
          context: parseContext(a.values.context),
          imports: a.values.import ?? [],
          quiet: !!a.values.quiet,
          json: !!a.values.json,
          ...(a.values.config !== undefined ? { configFile: a.values.config } : {}),
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

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The package root, from dist/src/cli or src/cli. */
function projectRoot(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  return join(here, here.includes("/dist/") ? "../../.." : "../..");
}

/** `--config <file>` is the configuration of one draft file. */
async function configOption(config: string | undefined, drafts: readonly string[]): Promise<{ configFile?: string }> {
  if (config === undefined) return {};
  const { isBuiltin } = await import("../compile/builtin.js");
  if (drafts.length !== 1 || isBuiltin(drafts[0]!)) throw new UsageError("--config gives the configuration of one draft file; name exactly one draft path");
  return { configFile: config };
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

/** The library's errors that are the user's to fix; their modules are loaded only when something failed. */
async function isUserFacing(e: unknown): Promise<boolean> {
  if (!(e instanceof Error)) return false;
  const [{ UnknownDocumentError }, { MissingSourceError }, { ConfigError }, { MergeError }, { isCodecError }, { isCompileError }] = await Promise.all([
    import("../compile/compile-set.js"),
    import("../compile/builtin.js"),
    import("../compile/load-config.js"),
    import("../merge/index.js"),
    import("../runtime/index.js"),
    import("../diagnostics/index.js"),
  ]);
  return e instanceof UnknownDocumentError || e instanceof MissingSourceError || e instanceof ConfigError || e instanceof MergeError || isCodecError(e) || isCompileError(e);
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
    if (e instanceof Error && (await isUserFacing(e))) {
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
