/**
 * Usage texts. The texts that live beside their command are imported only
 * when asked for, so `mimi-codec --help` (and every command) loads no more
 * of the compiler than it needs.
 */
export const MAIN_HELP = `mimi-codec: compile the wire formats of IETF MIMI drafts (TLS presentation language and CDDL) to TypeScript

usage: mimi-codec <command> [options]
       mimi-codec --version

commands:
  all                     the main job (npm start): compile every built-in draft and run the example conversation
  pipeline                the draft's example conversation over real MLS and MIMI protocol framing
  message-id              the message ID of an encoded MIMI content message
  report                  TPL vs CBOR size report (Markdown, JSON, HTML with SVG charts)
  playground              serve the playground: a draft and its bytes side by side, in the browser
  gen                     generate TypeScript types and codecs from drafts
  lint                    report every problem in the TPL of drafts, located
  init                    write a starter configuration for a draft, with what it leaves to prose
  check                   check a draft's examples (EDN, .cbor, .pretty, hex dumps) against its types
  align                   compare two definitions of one data model (TPL and CDDL of mimi-content-03)
  diff                    what changed on the wire between two versions of a draft
  validate                check any CBOR item against any CDDL rule, located
  decode                  decode bytes with a generated codec and print JSON
  encode                  encode JSON from stdin with a generated codec
  convert                 one value from TPL, CBOR or JSON to TPL, CBOR, JSON or EDN
  edn2cbor                CBOR diagnostic notation (EDN) -> CBOR bytes as hex
  cbor2edn                CBOR bytes -> EDN, compact, pretty or annotated like the drafts' .pretty files

built-in documents: rfc9420, rfc8446, mimi-content-03, mimi-protocol-06 (TPL);
                    mimi-content-03-cddl, mimi-content-04, mimi-content-main (CDDL)
Run "mimi-codec <command> --help" for a command's options. Every command that prints
results takes --json; "-" as a file or draft reads stdin; errors go to stderr as one line
"mimi-codec: ..." and a non-zero exit status.
Commands that run for more than a moment show progress on stderr; --quiet silences it.`;

const INLINE: Readonly<Record<string, string>> = {
  all: `usage: mimi-codec all [--quiet]

Compiles rfc9420, rfc8446, mimi-content-03 and mimi-protocol-06 from the
drafts folder (../shared/drafts, or $MIMI_DRAFTS), prints a table of blocks,
definitions, warnings and errors, and checks that generated/ is current.
  --quiet      no progress on stderr`,
  gen: `usage: mimi-codec gen <draft...> [--out <dir>] [--runtime <specifier> | --standalone] [--check] [--timings] [--allow-errors] [--json] [--quiet] [--allow-include <dir>]
       mimi-codec gen --builtin [--check] [--timings] [--allow-errors]

  <draft>      a draft (.md, .xml, .txt; - reads stdin), a bare .tls/.cddl file, or a built-in
               name (its source is needed: $MIMI_DRAFTS)
  --allow-errors  generate what compiles when some definitions do not (each is named on stderr);
               without it such a run writes nothing and exits 1, as does a draft with no definitions
  --json       the summary as JSON: per document its counts and the definitions not generated
  --out <dir>  where generated/<doc>/ (index.ts, tpl.ts, cbor.ts; internal.ts for other modules)
               and schemas/ go (default ./generated-out)
  --runtime <specifier>  what the modules import the runtime and the built-ins by (default
               @mimi-codec/runtime: npm install @mimi-codec/runtime)
  --standalone copy the runtime, and the built-ins the modules import, into <dir>/runtime/:
               nothing to install
  --builtin    regenerate the project's own generated/ and schemas/ (npm run gen)
  --check      write nothing; exit 1 if any file would change
  --timings    print the time spent per stage (extract, parse, lower, check, emit,
               prettier), in all and per document
  --import <doc>  a built-in name or a draft file whose definitions fill undefined names
               (repeatable; rfc9420 by default). Drafts given together import each other
               where one uses what another defines; an imported draft file is generated too
  --config <file>  the configuration of the one draft given (default: <draft>.mimi-codec.json
               beside it, or a built-in's own when the file is one)
  --quiet      no progress on stderr
  --cddl-path <dir>  where CDDL \`;# import\` / \`;# include\` look after the draft's own folder (repeatable)
  --allow-include <dir>  a folder besides the draft's own that its includes may read
               (repeatable; by default an include may not leave the draft's folder)`,
  lint: `usage: mimi-codec lint <draft...> [--strict] [--json] [--allow-include <dir>]

Prints every diagnostic as "file:line:col: severity code: message" with the
source line and a caret. Exit 1 when there are errors or a definition does
not compile. A draft "-" is read from stdin.

  --strict     accept exactly RFC 8446 section 3 plus RFC 9420 section 2.1: drafts'
               deviations become errors instead of warnings
  --json       machine-readable output
  --import <doc>  a built-in name or a draft file whose definitions fill undefined names
               (repeatable; rfc9420 by default); drafts given together import each other
  --config <file>  the configuration of the one draft given

A built-in name prints what gen --builtin found in its source (shipped in
schemas/<doc>.lint.json); pass the draft's path to lint the source itself.
  --cddl-path <dir>  where CDDL \`;# import\` / \`;# include\` look after the draft's own folder (repeatable)
  --allow-include <dir>  a folder besides the draft's own that its includes may read
               (repeatable; by default an include may not leave the draft's folder)`,
  decode: `usage: mimi-codec decode --schema <document> --type <T> [--format tpl|cbor] [--quiet]
                         (--hex <hex> | --hex-lines <file> | <binary file>)
                         [--roundtrip] [--deterministic] [--context key=value ...]

Decodes and prints JSON (bytes as hex, uint64 as decimal strings).
  --schema      a built-in name (rfc9420, rfc8446, mimi-content-03, mimi-protocol-06),
                a draft path or a bare .tls file
  --hex-lines   one hex input per line ("#" starts a comment)
  --format      tpl (default) or cbor: every generated type has both codecs where its constructs allow
  --roundtrip   re-encode and say whether the bytes are identical
  --deterministic  CBOR: reject anything not in RFC 8949 core deterministic form
  --context     a value from outside the struct, e.g. PrivateMessage.content_type=application
  --json        one JSON document: {ok, inputs: [{input, value | error, roundtrip}]}
  <binary file> - reads stdin
Exit 1 if any input fails; each failure is a line on stderr.
  --quiet      no progress on stderr`,
  encode: `usage: mimi-codec encode --schema <document> --type <T> [--format tpl|cbor] [--context key=value ...] < value.json [--quiet]

Reads the JSON form (bytes as hex, uint64 as decimal strings) on stdin and
prints the encoding as hex (--json: {type, format, hex}).
  --quiet      no progress on stderr`,
  convert: `usage: mimi-codec convert --schema <document> --type <T> --from tpl|cbor|json --to tpl|cbor|json|edn [--quiet]
                          (--hex <hex> | <file> | stdin) [--context key=value ...]

Decodes with one generated codec and encodes with another, so the value is
checked on both sides. JSON is the CLI's JSON form (bytes as hex, uint64 as
decimal strings); EDN is the CBOR encoding in diagnostic notation. Without
--hex or a file (or with "-"), the input is stdin. --json prints {format, hex}
or {edn}.
  --quiet      no progress on stderr`,
  edn2cbor: `usage: mimi-codec edn2cbor [<file.edn>]   (reads stdin without a file)

Compiles CBOR extended diagnostic notation (RFC 8949 section 8, RFC 8610
appendix G: h'..', b64'..', comments, indefinite lengths, tags, encoding
indicators) to CBOR and prints it as hex (--json: {hex}). "-" or no file reads stdin.`,
  cbor2edn: `usage: mimi-codec cbor2edn (<file.cbor> | - | --hex <hex>) [--pretty | --annotate] [--json]

  -            read the CBOR from stdin
  --json       {edn}
  --pretty     indented diagnostic notation
  --annotate   hex dump with a comment per item, like the drafts' .pretty files`,
};

const BESIDE_COMMAND: Readonly<Record<string, () => Promise<string>>> = {
  align: async () => (await import("./commands/align.js")).ALIGN_HELP,
  init: async () => (await import("./commands/init.js")).INIT_HELP,
  check: async () => (await import("./commands/check.js")).CHECK_HELP,
  diff: async () => (await import("./commands/diff.js")).DIFF_HELP,
  validate: async () => (await import("./commands/validate.js")).VALIDATE_HELP,
  pipeline: async () => (await import("./commands/pipeline.js")).PIPELINE_HELP,
  "message-id": async () => (await import("./commands/pipeline.js")).MESSAGE_ID_HELP,
  report: async () => (await import("./commands/report.js")).REPORT_HELP,
  playground: async () => (await import("./commands/playground.js")).PLAYGROUND_HELP,
};

export function isCommand(name: string): boolean {
  return Object.hasOwn(INLINE, name) || Object.hasOwn(BESIDE_COMMAND, name);
}

/** The usage text of a command (isCommand(name) must hold). */
export async function commandHelp(name: string): Promise<string> {
  const inline = INLINE[name];
  if (inline !== undefined) return inline;
  const load = BESIDE_COMMAND[name];
  if (!load) throw new Error(`no help for ${name}`);
  return load();
}
