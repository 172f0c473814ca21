import { ALIGN_HELP } from "./commands/align.js";
import { DIFF_HELP } from "./commands/diff.js";
import { MESSAGE_ID_HELP, PIPELINE_HELP } from "./commands/pipeline.js";
import { REPORT_HELP } from "./commands/report.js";
import { VALIDATE_HELP } from "./commands/validate.js";

/** Usage text per command; `mimi-codec <command> --help` prints one. */
export const HELP: Readonly<Record<string, string>> = {
  main: `mimi-codec: compile the wire formats of IETF MIMI drafts (TLS presentation language and CDDL) to TypeScript

usage: mimi-codec <command> [options]

commands:
  all                     the main job (npm start): compile every built-in draft and run the example conversation
  pipeline                the draft's example conversation over real MLS and MIMI protocol framing
  message-id              the message ID of an encoded MIMI content message
  report                  TPL vs CBOR size report (Markdown, JSON, HTML with SVG charts)
  gen                     generate TypeScript types and codecs from drafts
  lint                    report every problem in the TPL of drafts, located
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
Run "mimi-codec <command> --help" for a command's options.`,
  all: `usage: mimi-codec all

Compiles rfc9420, rfc8446, mimi-content-03 and mimi-protocol-06 from the
drafts folder (../shared/drafts, or $MIMI_DRAFTS), prints a table of blocks,
definitions, warnings and errors, and checks that generated/ is current.`,
  gen: `usage: mimi-codec gen <draft...> [--out <dir>] [--check] [--timings] [--allow-include <dir>]
       mimi-codec gen --builtin [--check] [--timings]

  <draft>      a built-in name, a draft (.md, .xml, .txt) or a bare .tls file
  --out <dir>  where generated/<doc>/index.ts and schemas/ go (default ./generated-out)
  --builtin    regenerate the project's own generated/ and schemas/ (npm run gen)
  --check      write nothing; exit 1 if any file would change
  --timings    print the time spent per stage (extract, parse, lower, check, emit,
               prettier), in all and per document
  --import <doc>  a built-in document whose types fill this draft's undefined names
               (rfc9420 always; e.g. --import mimi-protocol-06)
  --allow-include <dir>  a folder besides the draft's own that its includes may read
               (repeatable; by default an include may not leave the draft's folder)`,
  lint: `usage: mimi-codec lint <draft...> [--strict] [--json] [--allow-include <dir>]

Prints every diagnostic as "file:line:col: severity code: message" with the
source line and a caret. Exit 1 when there are errors.

  --strict     accept exactly RFC 8446 section 3 plus RFC 9420 section 2.1: drafts'
               deviations become errors instead of warnings
  --json       machine-readable output
  --import <doc>  a built-in document whose types fill undefined names (rfc9420 always)
  --allow-include <dir>  a folder besides the draft's own that its includes may read
               (repeatable; by default an include may not leave the draft's folder)`,
  decode: `usage: mimi-codec decode --schema <document> --type <T> [--format tpl|cbor]
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
Exit 1 if any input fails, with the reason.`,
  encode: `usage: mimi-codec encode --schema <document> --type <T> [--format tpl|cbor] [--context key=value ...] < value.json

Reads the JSON form (bytes as hex, uint64 as decimal strings) on stdin and
prints the encoding as hex.`,
  align: ALIGN_HELP,
  diff: DIFF_HELP,
  validate: VALIDATE_HELP,
  pipeline: PIPELINE_HELP,
  "message-id": MESSAGE_ID_HELP,
  report: REPORT_HELP,
  convert: `usage: mimi-codec convert --schema <document> --type <T> --from tpl|cbor|json --to tpl|cbor|json|edn
                          (--hex <hex> | <file> | stdin) [--context key=value ...]

Decodes with one generated codec and encodes with another, so the value is
checked on both sides. JSON is the CLI's JSON form (bytes as hex, uint64 as
decimal strings); EDN is the CBOR encoding in diagnostic notation.`,
  edn2cbor: `usage: mimi-codec edn2cbor [<file.edn>]   (reads stdin without a file)

Compiles CBOR extended diagnostic notation (RFC 8949 section 8, RFC 8610
appendix G: h'..', b64'..', comments, indefinite lengths, tags, encoding
indicators) to CBOR and prints it as hex.`,
  cbor2edn: `usage: mimi-codec cbor2edn (<file.cbor> | --hex <hex>) [--pretty | --annotate]

  --pretty     indented diagnostic notation
  --annotate   hex dump with a comment per item, like the drafts' .pretty files`,
};
