import { readdirSync, readFileSync } from "node:fs";
import { checkExamples, type ExampleVerdict, type Outcome, type TypeCodecs } from "../../check/check-examples.js";
import { findExamples } from "../../check/find-examples.js";
import { builtinSource, isBuiltin } from "../../compile/builtin.js";
import { classifyBlocks } from "../../compile/classify-blocks.js";
import { extractFile, nodeIo } from "../../extract/index.js";
import { localRefs } from "../../ir/find-broken.js";
import type { Definition } from "../../ir/types.js";
import type { CborCodec, TplCodec } from "../../runtime/index.js";
import type { CliIo } from "../io.js";
import { readUserFile } from "../io.js";
import { loadSchema } from "../load-schema.js";

export const CHECK_HELP = `usage: mimi-codec check <draft> [--json] [--config <file>] [--import <doc>]

Checks every example of a draft against the draft's own types and against
its other forms: each EDN (included file or fence), the .cbor, .pretty and
.diag files beside an included EDN file, every other .cbor in those folders,
and every annotated hex dump in the text.

  EDN = .cbor       the EDN compiled to CBOR gives the .cbor file's bytes
  .diag = .cbor     so does the .diag (the EDN as the draft's tooling rewrote it)
  .pretty = .cbor   the .pretty dump's bytes are the .cbor file's
  decode            decoded with the type that takes it (CBOR: deterministic; a
                    "0x.." dump: TPL) and encoded again, byte for byte
  message ID        the ID an EDN comment states is what the draft's algorithm
                    gives (mimi-content's, where the draft defines it)

Prints a verdict table, then what differs; exit 1 on any mismatch. An EDN
fence that no type decodes whole is a fragment, noted and not counted.
A built-in name needs its source ($MIMI_DRAFTS); its codecs are the shipped ones.`;

export interface CheckCommandOptions {
  readonly json: boolean;
  readonly imports?: readonly string[];
  readonly configFile?: string;
}

/** `mimi-codec check <draft>`: the draft's examples against its types and each other. */
export async function checkCommand(draft: string, opts: CheckCommandOptions, io: CliIo): Promise<number> {
  const path = isBuiltin(draft) ? builtinSource(draft) : (readUserFile(draft), draft);
  const schema = await loadSchema(isBuiltin(draft) ? draft : path, opts.imports ?? [], undefined, opts.configFile);
  const blocks = classifyBlocks(extractFile(path).blocks);
  const examples = findExamples(blocks, {
    io: nodeIo,
    readBytes: (f) => new Uint8Array(readFileSync(f)),
    listDir: (d) => {
      try {
        return readdirSync(d);
      } catch {
        return [];
      }
    },
  });
  const text = readFileSync(path, "utf8");
  const verdicts = checkExamples(examples, {
    types: typesOf(schema.doc.definitions, schema.module),
    // mimi-content's message ID construction, written in the draft
    messageIds: /senderUriLength\s*\|\|\s*senderUri/.test(text),
  });
  const failed = verdicts.filter((v) => v.verdict === "mismatch").length;
  if (opts.json) io.out(JSON.stringify({ draft, examples: verdicts, mismatches: failed }, null, 2));
  else io.out(renderVerdicts(draft, verdicts));
  return failed > 0 ? 1 : 0;
}

/** The codecs to try, in document order, ranked: a message (a record no other type uses) before its parts, `any` last. */
function typesOf(definitions: readonly Definition[], module: Record<string, unknown>): TypeCodecs[] {
  const used = new Set(definitions.flatMap((d) => localRefs(d.type)));
  return definitions.flatMap((d) => {
    const entry = module[d.name] as { tpl?: TplCodec<unknown>; cbor?: CborCodec<unknown> } | undefined;
    if (!entry || (!entry.tpl && !entry.cbor)) return [];
    const rank = d.type.kind === "record" ? (used.has(d.name) ? 1 : 0) : d.type.kind === "any" ? 3 : 2;
    return [{ name: d.name, rank, ...(entry.tpl ? { tpl: entry.tpl } : {}), ...(entry.cbor ? { cbor: entry.cbor } : {}) }];
  });
}

const MARK: Record<Outcome, string> = { ok: "ok", mismatch: "MISMATCH", "n/a": "-" };

/** The verdict table (Markdown), then each example's notes. */
export function renderVerdicts(draft: string, verdicts: readonly ExampleVerdict[]): string {
  const head = ["example", "type", "EDN = .cbor", ".diag = .cbor", ".pretty = .cbor", "decode + re-encode", "message ID", "verdict"];
  const rows = verdicts.map((v) => [v.example, v.type ? `${v.type} (${v.format.toUpperCase()})` : "-", MARK[v.ednVsCbor], MARK[v.diagVsCbor], MARK[v.prettyVsCbor], MARK[v.roundTrip], MARK[v.messageId], MARK[v.verdict]]);
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
  const noted = verdicts.filter((v) => v.notes.length > 0);
  if (noted.length > 0) lines.push("", ...noted.flatMap((v) => v.notes.map((n) => `${v.example} (${v.at}): ${n}`)));
  const failed = verdicts.filter((v) => v.verdict === "mismatch").length;
  lines.push("", `${draft}: ${verdicts.length} examples, ${verdicts.filter((v) => v.verdict === "ok").length} ok, ${failed} with a mismatch`);
  return lines.join("\n");
}
