import type { SourceLoc } from "../diagnostics/index.js";
import { backwardOk, forwardOk, type Direction, type Finding, type FindingKind } from "./finding.js";
import { cell, locText } from "./render-common.js";
import type { Decodes, TypeChange, WireDiff } from "./wire-diff.js";

/**
 * A wire diff as Markdown for a working-group email: a header, a summary
 * table with one row per type that changed (or broke through a type it
 * uses, or came or went), the unchanged types in one line, then the
 * details per type, then the rules the verdicts follow.
 */
export function renderDiffMarkdown(d: WireDiff, bases?: readonly string[]): string {
  const loc = (l: SourceLoc) => `\`${locText(l, bases)}\``;
  const s = d.summary;
  const out: string[] = [];
  const [oldName, newName] = [docName(d.old.name, bases), docName(d.new.name, bases)];
  const src = (i: WireDiff["old"]) => (i.source === i.name ? "" : `${i.source}, `);
  out.push(`## Wire diff: \`${oldName}\` → \`${newName}\``, "");
  out.push(`- old: \`${oldName}\` (${src(d.old)}${langName(d.old.language)}, ${plural(d.old.definitions, "type")})`);
  out.push(`- new: \`${newName}\` (${src(d.new)}${langName(d.new.language)}, ${plural(d.new.definitions, "type")})`);
  out.push(
    `- ${plural(s.compared, "type")} in both: ${s.changed} changed, ${s.affected} affected through types they use, ${s.unchanged} unchanged${s.renamed ? ` (${s.renamed} renamed)` : ""}; ${s.added} added, ${s.removed} removed`,
  );
  out.push(
    `- old bytes still decode under the new schema: TPL ${s.oldBytesDecode.tpl} of ${s.compared} types, CBOR ${s.oldBytesDecode.cbor} of ${s.compared}`,
    "",
  );

  const rows = d.types.filter((t) => !quiet(t));
  if (rows.length > 0) {
    out.push("| Type | Status | Changes | Old bytes decode: TPL | CBOR | New bytes decode under old: TPL | CBOR |");
    out.push("|---|---|---|---|---|---|---|");
    for (const t of rows) {
      out.push(
        `| \`${typeName(t)}\` | ${t.status} | ${cell(changesCell(t))} | ${yes(t.oldBytesDecode.tpl, t.via.tpl)} | ${yes(t.oldBytesDecode.cbor, t.via.cbor)} | ${yes(t.newBytesDecodeUnderOld.tpl)} | ${yes(t.newBytesDecodeUnderOld.cbor)} |`,
      );
    }
    out.push("");
  }
  const same = d.types.filter(quiet);
  if (same.length > 0) out.push(`Unchanged, old bytes decode in both formats: ${same.map((t) => `\`${t.name}\``).join(", ")}.`, "");
  const neither = same.filter((t) => t.notCompiled);
  if (neither.length > 0)
    out.push(
      `Of these, the compiler rejects in both versions (run \`mimi-codec lint\`): ${neither.map((t) => `\`${t.name}\` (${t.notCompiled!.new})`).join(", ")}.`,
      "",
    );

  const detailed = d.types.filter((t) => !quiet(t) && (t.findings.length > 0 || t.notCompiled) && t.status !== "added" && t.status !== "removed");
  const added = d.types.filter((t) => t.status === "added");
  const removed = d.types.filter((t) => t.status === "removed");
  if (detailed.length + added.length + removed.length > 0) out.push("### Details", "");
  if (added.length > 0) {
    out.push("New types:", "");
    for (const t of added) out.push(`- \`${t.name}\` ${loc(t.new!)}${t.notCompiled?.new ? ` (does not compile: ${t.notCompiled.new})` : ""}`);
    out.push("");
  }
  if (removed.length > 0) {
    out.push("Removed types:", "");
    for (const t of removed)
      out.push(`- \`${t.name}\` ${loc(t.old!)}${t.comparedAt ? `; its old use compared at ${t.comparedAt.map((p) => `\`${p}\``).join(", ")}` : ""}`);
    out.push("");
  }
  for (const t of detailed) {
    out.push(`#### \`${typeName(t)}\` (${t.status})`, "");
    const where = [t.old ? `old ${loc(t.old)}` : "", t.new ? `new ${loc(t.new)}` : ""].filter(Boolean).join(" · ");
    out.push(where, "");
    if (t.notCompiled?.old) out.push(`- does not compile in old: ${t.notCompiled.old}`);
    if (t.notCompiled?.new) out.push(`- does not compile in new: ${t.notCompiled.new}`);
    for (const f of t.findings) {
      const at = [
        f.kind.startsWith("field-added") || f.kind === "case-added" ? "" : `old ${loc(f.left)}`,
        f.kind === "field-removed" || f.kind === "case-removed" ? "" : `new ${loc(f.right)}`,
      ]
        .filter(Boolean)
        .join(", ");
      out.push(
        `- **${KIND_TITLE[f.kind]}** \`${f.path}\`: ${f.message}. Old bytes: TPL ${oldOk(f.formats.tpl)}, CBOR ${oldOk(f.formats.cbor)}; new bytes under old: TPL ${newOk(f.formats.tpl)}, CBOR ${newOk(f.formats.cbor)}. (${at})`,
      );
    }
    out.push("");
  }
  out.push("### How the verdicts are decided", "", ...RULES.map((r) => `- ${r}`));
  return out.join("\n");
}

/** The same content for a terminal. */
export function renderDiffText(d: WireDiff, bases?: readonly string[]): string {
  const loc = (l: SourceLoc) => locText(l, bases);
  const s = d.summary;
  const out: string[] = [];
  out.push(`Wire diff ${docName(d.old.name, bases)} -> ${docName(d.new.name, bases)}`);
  out.push(`${s.compared} types in both (${s.changed} changed, ${s.affected} affected, ${s.unchanged} unchanged), ${s.added} added, ${s.removed} removed`);
  out.push(`old bytes still decode: TPL ${s.oldBytesDecode.tpl}/${s.compared}, CBOR ${s.oldBytesDecode.cbor}/${s.compared}`);
  for (const t of d.types) {
    if (quiet(t)) continue;
    out.push("", `${typeName(t)}: ${t.status}; old bytes decode: TPL ${yes(t.oldBytesDecode.tpl, t.via.tpl)}, CBOR ${yes(t.oldBytesDecode.cbor, t.via.cbor)}`);
    if (t.old && t.status === "removed") out.push(`  old ${loc(t.old)}`);
    if (t.new && t.status === "added") out.push(`  new ${loc(t.new)}`);
    for (const f of t.findings) {
      out.push(`  ${f.kind} ${f.path}: ${f.message}`);
      out.push(`    old ${loc(f.left)}  new ${loc(f.right)}  (old bytes: TPL ${oldOk(f.formats.tpl)}, CBOR ${oldOk(f.formats.cbor)})`);
    }
  }
  return out.join("\n");
}

export function renderDiffJson(d: WireDiff): string {
  return JSON.stringify(d, null, 2);
}

/** Nothing to say: unchanged, decoding, and compiling (or failing to) the same way in both versions. */
function quiet(t: TypeChange): boolean {
  const compiles = !t.notCompiled || (t.notCompiled.old !== undefined && t.notCompiled.old === t.notCompiled.new);
  return t.status === "unchanged" && !t.renamed && t.oldBytesDecode.tpl !== "no" && t.oldBytesDecode.cbor !== "no" && compiles;
}

/** A built-in name as is; a path shortened like locations. */
function docName(name: string, bases?: readonly string[]): string {
  return locText({ file: name, line: 0, col: 0 }, bases).replace(/:0:0$/, "");
}

function typeName(t: TypeChange): string {
  return t.renamed && t.oldName ? `${t.oldName} → ${t.newName}` : t.name;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function langName(l: string): string {
  return l === "tpl" ? "TPL" : l === "cddl" ? "CDDL" : l;
}

function yes(d: Decodes, via: readonly string[] = []): string {
  if (d === "n/a") return "n/a";
  if (d === "yes") return "yes";
  return via.length > 0 ? `no (via ${via.join(", ")})` : "no";
}

function oldOk(d: Direction): string {
  return d === "n/a" ? "n/a" : forwardOk(d) ? "decode" : "fail";
}

function newOk(d: Direction): string {
  return d === "n/a" ? "n/a" : backwardOk(d) ? "decode" : "fail";
}

/** A few words per finding for the summary table. */
function changesCell(t: TypeChange): string {
  if (t.status === "added") return "new type";
  if (t.status === "removed") return t.comparedAt ? `removed (was used at ${t.comparedAt.join(", ")})` : "removed";
  const short = t.findings.filter((f) => f.kind !== "field-count").map((f) => shortChange(f, t.oldName ?? t.name));
  const uniq = [...new Set(short)];
  const head = uniq.slice(0, 6).join("; ");
  const rest = uniq.length > 6 ? `; … ${uniq.length - 6} more` : "";
  if (head) return head + rest;
  if (t.renamed) return "renamed";
  return t.via.tpl.length + t.via.cbor.length > 0 ? "uses changed types" : "";
}

function shortChange(f: Finding, type: string): string {
  const last = f.path.startsWith(type) ? f.path.slice(type.length).replace(/^\./, "") : f.path;
  if (!last) return KIND_TITLE[f.kind];
  switch (f.kind) {
    case "field-added":
      return `+${last}`;
    case "field-removed":
      return `-${last}`;
    case "field-renamed":
      return f.message.replace(/^old (\S+) is (\S+) in new.*$/, "$1 → $2");
    case "enum-value-added":
      return `+value ${last}`;
    case "enum-value-removed":
      return `-value ${last}`;
    case "case-added":
      return `+${last}`;
    case "case-removed":
      return `-${last}`;
    default:
      return `${last}: ${KIND_TITLE[f.kind]}`;
  }
}

const KIND_TITLE: Record<FindingKind, string> = {
  "field-added": "field added",
  "field-removed": "field removed",
  "field-renamed": "field renamed",
  "field-moved": "field moved",
  "field-count": "field count",
  nesting: "nesting",
  "record-encoding": "record encoding",
  "map-key": "map keys",
  "type-changed": "type changed",
  "int-width": "width",
  "int-range": "value range",
  "enum-vs-uint": "enum vs uint",
  "text-vs-bytes": "text vs bytes",
  "vector-vs-string": "vector vs string",
  "map-vs-vector": "map vs vector",
  "map-vs-record": "map vs keyed map",
  limit: "limit",
  framing: "length framing",
  optionality: "optionality",
  tag: "tag",
  "union-option": "type choice",
  "enum-value-added": "enum value added",
  "enum-value-removed": "enum value removed",
  "enum-value-renamed": "enum value renamed",
  "enum-value-renumbered": "enum value renumbered",
  "enum-open": "open/closed enum",
  discriminant: "discriminant",
  "case-added": "case added",
  "case-removed": "case removed",
  unresolved: "undefined type",
};

const RULES = [
  "Every type has a TPL and a CBOR codec (the canonical mapping); each change is judged in both.",
  "TPL has no field markers and fixed-width integers: adding, removing, moving or retyping a field, changing a uint's width or a length prefix, or a presence octet appearing moves every later byte, so old bytes fail. Renames and CBOR tags are invisible in TPL.",
  "CBOR items carry their major type and length: widening a uint or a length bound, making a value `null / T`, adding enum values or type-choice alternatives keep old bytes decoding; narrowing does not.",
  "CBOR arrays are positional and decoders check the item count: a field added or removed breaks old bytes, except a trailing omittable (`?`) field added. Tags, bstr vs tstr, and array vs map are all visible.",
  "Enum values: an added value decodes only under the new schema, a removed or renumbered one only under the old (an open enum keeps unknown numbers).",
  "A type whose own encoding is unchanged still fails when a type it uses does (“via”).",
];
