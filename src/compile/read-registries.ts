import type { SourceLoc } from "../diagnostics/index.js";
import type { DocumentKind } from "../extract/index.js";

/** One registry a draft's IANA Considerations fill: its values by name, where they are written. */
export interface DraftRegistry {
  /** Names the registry goes by in the section: its heading, "the X registry", "registers the following X". */
  readonly names: readonly string[];
  readonly entries: readonly RegistryEntry[];
}

export interface RegistryEntry {
  readonly name: string;
  readonly value: number;
  readonly loc: SourceLoc;
}

/** A line of the document reduced to what registries are written with. */
interface Line {
  readonly kind: "heading" | "row" | "item" | "text";
  readonly depth: number;
  readonly text: string;
  readonly cells: readonly string[];
  readonly line: number;
}

const MAX_TEXT = 8 * 1024 * 1024; // a hostile draft may be large; nothing here is worse than linear

/**
 * The registry tables and value lists of a draft's IANA Considerations:
 * RFC 9420 §17's "Value | Name | Recommended | Reference" tables, and a
 * draft's "This document registers the following ... in the X registry"
 * with a table or a "- Value: / - Name:" list. Entries are kept only when
 * the name is an identifier and the value a number (hex, decimal, or the
 * "suggested value" of a TBD); ranges ("Reserved for Private Use") and
 * GREASE values (many rows of one name) are left out: an open enum keeps
 * their numbers anyway. A RESERVED row takes the case of its table's other
 * names (`reserved` among lower-case names, as TPL enums write it).
 */
export function readRegistries(file: string, text: string, kind: DocumentKind): DraftRegistry[] {
  if (text.length > MAX_TEXT) return [];
  const lines = kind === "xml" ? xmlLines(text) : kind === "text" ? plainLines(text) : markdownLines(text);
  const start = lines.findIndex((l) => l.kind === "heading" && /\bIANA Considerations\b/i.test(l.text));
  if (start < 0) return [];
  const top = lines[start]!.depth;
  const out: DraftRegistry[] = [];
  // names said at each heading depth: a subsection inherits its parents' ("registers the following X" above it)
  const said = new Map<number, string[]>();
  let depth = top;
  let heading = "";
  let table: { value: number; name: number } | undefined;
  let rows: RegistryEntry[] = [];
  let pending: { value?: number; name?: string; line: number } = { line: 0 };
  let listed: RegistryEntry[] = [];
  const flush = () => {
    const entries = [...caseReserved(rows), ...listed];
    const names = [...said.entries()].sort((a, b) => b[0] - a[0]).flatMap(([, n]) => n);
    if (entries.length > 0) out.push({ names: [...new Set([...names, heading].filter((n) => n !== ""))], entries });
    rows = [];
    listed = [];
    table = undefined;
  };
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.kind === "heading") {
      if (l.depth <= top) break;
      flush();
      heading = l.text;
      depth = l.depth;
      for (const d of [...said.keys()]) if (d >= depth) said.delete(d);
      pending = { line: 0 };
      continue;
    }
    if (l.kind === "text") {
      said.set(depth, [...(said.get(depth) ?? []), ...registryNamesIn(l.text)]);
      continue;
    }
    if (l.kind === "row") {
      const header = l.cells.map((c) => c.trim().toLowerCase());
      const value = header.indexOf("value");
      const name = header.indexOf("name");
      if (value >= 0 && name >= 0) {
        flush();
        table = { value, name };
        continue;
      }
      if (!table) continue;
      const v = parseValue(l.cells[table.value] ?? "");
      const n = (l.cells[table.name] ?? "").trim();
      if (v !== undefined && IDENTIFIER.test(n) && n !== "GREASE") rows.push({ name: n, value: v, loc: { file, line: l.line, col: 1 } });
      continue;
    }
    // "- Value: 0x0020" then "- Name: frank_aad" (either order)
    const m = /^(Value|Name)\s*:\s*(.*)$/i.exec(l.text.trim());
    if (!m) continue;
    if (m[1]!.toLowerCase() === "value") pending = { ...pending, value: parseValue(m[2]!), line: l.line };
    else pending = { ...pending, name: m[2]!.trim(), line: pending.line || l.line };
    if (pending.value !== undefined && pending.name !== undefined) {
      if (IDENTIFIER.test(pending.name)) listed.push({ name: pending.name, value: pending.value, loc: { file, line: pending.line, col: 1 } });
      pending = { line: 0 };
    }
  }
  flush();
  return out;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `0x0A0A`, `7`, `TBD1 (suggested value 0x0025)`; a range or anything else is no single value. */
function parseValue(cell: string): number | undefined {
  const c = cell.trim();
  const suggested = /suggested(?: value)?:?\s*(0x[0-9a-f]+|\d+)/i.exec(c);
  const m = suggested ? [suggested[1]!] : /^(0x[0-9a-f]+|\d+)$/i.exec(c);
  if (!m) return undefined;
  const n = Number(m[0]);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A table's RESERVED row written the way its other names are: `reserved` when they are all lower case. */
function caseReserved(rows: readonly RegistryEntry[]): RegistryEntry[] {
  const others = rows.filter((r) => !/^reserved$/i.test(r.name));
  const lower = others.length > 0 && others.every((r) => r.name === r.name.toLowerCase());
  return rows.map((r) => (/^reserved$/i.test(r.name) ? { ...r, name: lower ? "reserved" : r.name } : r));
}

/** `"MLS Proposal Types" registry`, `the MLS Wire Formats registry`, `registers the following MLS Component Types`. */
function registryNamesIn(text: string): string[] {
  const out: string[] = [];
  // Title Case words before "registry": MLS Proposal Types, MIMI Content Extension Keys
  for (const m of text.matchAll(/"?((?:[A-Z][\w()-]*\s+){0,5}[A-Z][\w()-]*)"?\s+(?:IANA\s+)?registry\b/g)) out.push(m[1]!);
  const reg = /\bregisters\s+(?:the\s+following\s+)?(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?((?:[A-Z][\w-]*\s+)*[\w-]+(?:\s+[\w-]+)?)\s+(?:per|in|to|as)\b/.exec(text);
  if (reg) out.push(reg[1]!);
  return out.map((n) => n.replace(/^(The|A|New)\s+/, "").trim()).filter((n) => n !== "");
}

/**
 * The integer alias a registry's values belong to: `MLS Wire Formats` ->
 * `WireFormat` (words joined, the last made singular, leading words such
 * as the protocol's name optional), compared ignoring case and `_`.
 */
export function registryAliasFor(registry: DraftRegistry, aliases: readonly string[]): { alias: string; registry: string } | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const byNorm = new Map(aliases.map((a) => [norm(a), a]));
  for (const name of registry.names) {
    const words = name
      .split(/\s+/)
      .filter((w) => !/^(registry|iana|the)$/i.test(w))
      .map((w) => w.replace(/[^A-Za-z0-9]/g, ""));
    if (words.length === 0) continue;
    const last = words.length - 1;
    words[last] = singular(words[last]!);
    // the whole name, then without its first words (MLS, TLS, ...), keeping at least two
    for (let from = 0; from <= Math.max(0, words.length - 2); from++) {
      const hit = byNorm.get(norm(words.slice(from).join("")));
      if (hit) return { alias: hit, registry: name };
    }
  }
  return undefined;
}

function singular(w: string): string {
  if (/ies$/i.test(w)) return w.slice(0, -3) + "y";
  if (/(ss|us)$/i.test(w)) return w;
  return w.replace(/s$/i, "");
}

function line(kind: Line["kind"], text: string, at: number, depth = 0, cells: readonly string[] = []): Line {
  return { kind, depth, text, cells, line: at };
}

/** kramdown / mmark: ATX headings, pipe tables, list items, the rest as text; code fences skipped. */
function markdownLines(text: string): Line[] {
  const out: Line[] = [];
  let fence: string | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const at = i + 1;
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (fence !== undefined) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = undefined;
      return;
    }
    if (f) {
      fence = f[1]!;
      return;
    }
    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$/.exec(raw);
    if (h) return void out.push(line("heading", h[2]!, at, h[1]!.length));
    if (/^\s*\|.*\|\s*$/.test(raw)) {
      if (/^\s*\|[\s:|-]+\|\s*$/.test(raw)) return;
      return void out.push(line("row", raw, at, 0, raw.trim().slice(1, -1).split("|")));
    }
    const item = /^\s*[-*+]\s+(.*)$/.exec(raw);
    if (item) return void out.push(line("item", item[1]!, at));
    if (raw.trim() !== "") out.push(line("text", raw, at));
  });
  return out;
}

/** A plain-text rendering: numbered headings, `|` table rows, `*`/`o` list items. */
function plainLines(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const at = i + 1;
    const h = /^(\d+(?:\.\d+)*)\.?\s{1,4}(\S.*)$/.exec(raw);
    if (h) return void out.push(line("heading", h[2]!.trim(), at, h[1]!.split(".").length));
    if (/^\s*\|.*\|\s*$/.test(raw)) return void out.push(line("row", raw, at, 0, raw.trim().slice(1, -1).split("|")));
    const item = /^\s*[*o-]\s+(.*)$/.exec(raw);
    if (item) return void out.push(line("item", item[1]!, at));
    if (raw.trim() !== "") out.push(line("text", raw, at));
  });
  return out;
}

/** xml2rfc: <section> nesting with its <name>, <tr> rows of <th>/<td>, <li> items, <t> text. */
function xmlLines(text: string): Line[] {
  const out: Line[] = [];
  // tags come in order: count the newlines up to each one as the scan goes
  let counted = 0;
  let lineNo = 1;
  const lineAt = (offset: number): number => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) lineNo++;
    return lineNo;
  };
  let depth = 0;
  // `[^<>]`, not `[^>]`: a tag ends before the next `<`, so a draft of `<t` without `>` is not rescanned to its end from each
  const tag = /<(\/?)(section|name|tr|li|t)\b[^<>]*?(\/?)>/g;
  // the first `</name>` at or after the last place looked from (-1: none): tags come in order, so no stretch is searched twice
  const closes = new Map<string, number>();
  const closeAfter = (name: string, from: number): number => {
    const known = closes.get(name);
    if (known !== undefined && (known < 0 || known >= from)) return known;
    const at = text.indexOf(`</${name}>`, from);
    closes.set(name, at);
    return at;
  };
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const [whole, close, name, selfClosing] = [m[0], m[1] === "/", m[2]!, m[3] === "/"];
    if (name === "section") {
      if (close) depth -= 1;
      else if (!selfClosing) depth += 1;
      continue;
    }
    if (close || selfClosing) continue;
    const end = closeAfter(name, m.index + whole.length);
    if (end < 0) continue;
    const inner = text.slice(m.index + whole.length, end);
    const at = lineAt(m.index);
    if (name === "name") out.push(line("heading", plain(inner), at, depth));
    else if (name === "tr") out.push(line("row", "", at, 0, cellsOf(inner)));
    else if (name === "li") out.push(line("item", plain(inner), at));
    else out.push(line("text", plain(inner), at));
    if (name !== "li") tag.lastIndex = end;
  }
  return out;
}

/** The text of each <th>/<td> of a row, in one scan (a lazy match per cell would rescan the row from each unclosed cell). */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  const tag = /<(\/?)t[hd]\b[^<>]*>/g;
  let open = -1;
  for (let m = tag.exec(row); m; m = tag.exec(row)) {
    if (m[1] !== "/") open = m.index + m[0].length;
    else if (open >= 0) {
      cells.push(plain(row.slice(open, m.index)));
      open = -1;
    }
  }
  return cells;
}

function plain(xml: string): string {
  return xml
    // `[^<>]`, not `[^>]`: from each `<` the match ends at the next `<`, so a name of 200,000 `<` is one pass, not 200,000
    .replace(/<[^<>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
