/**
 * Random hostile drafts for the generator fuzzer: CDDL and TPL documents,
 * and markdown drafts wrapping them in fences (and includes), under file
 * names and directories that are hostile too. Only constructs both
 * languages' lowering supports are used (CDDL: arrays, maps with optional
 * keys and a `* tstr => T` rest, `uint .size n`, int, tstr, bstr, bool,
 * float, `[* T]`, `{* tstr => T}`, `#6.n(T)`, type choices of different
 * major types, `&(...)` enums, references; TPL: structs, enums, opaque
 * vectors, uint8..uint64, vectors, optional<T>, selects on an enum field).
 * Names are drawn from fuzz/gen-names.ts; a small share of drafts repeat a
 * name on purpose, which the compiler must refuse with a diagnostic.
 */
import { CDDL_PRELUDE, cddlText, drawIdentifier, drawPathComponent, drawText, drawTitle, NameTally, type DrawnName, type Grammar, type Position } from "./gen-names.js";
import { Rng } from "./rng.js";

export interface DraftFile {
  /** Relative to the draft's root directory; every component but the last is a directory. */
  readonly path: readonly string[];
  readonly text: string;
}

export interface HostileDraft {
  readonly seed: number;
  readonly kind: "cddl" | "tpl" | "md";
  readonly files: readonly DraftFile[];
  /** Index in `files` of the file to compile. */
  readonly entry: number;
  /** The definitions the draft means to define (draft names). */
  readonly rules: readonly string[];
  /** Names referred to that the draft does not define: each must get a located diagnostic. */
  readonly undefinedRefs: readonly string[];
  /** Every name and text taken from the name pools (for the canaries). */
  readonly names: readonly string[];
  /** A name repeated on purpose (where: a rule, a field, a key, an enum value): refused with a diagnostic, or renamed. */
  readonly repeated?: { readonly name: string; readonly position: Position; readonly grammar: Grammar };
  readonly tally: NameTally;
}

interface Ctx {
  readonly rng: Rng;
  readonly tally: NameTally;
  readonly names: string[];
  /** Rule and type names the draft defines. */
  readonly taken: Set<string>;
  /** References to names the draft does not define (on purpose). */
  readonly undefinedRefs: string[];
  repeated?: { name: string; position: Position; grammar: Grammar };
}

function take(ctx: Ctx, position: Position, d: DrawnName): string {
  ctx.tally.add(position, d.classes);
  ctx.names.push(d.text);
  return d.text;
}

/** A name not yet in `used` (or, rarely and once per draft, one that is: a deliberate repeat). */
function fresh(ctx: Ctx, grammar: Grammar, position: Position, used: Set<string>, avoid: ReadonlySet<string> = new Set()): string {
  if (used.size > 0 && ctx.repeated === undefined && ctx.rng.chance(0.01)) {
    const again = [...used][ctx.rng.int(used.size)]!;
    ctx.repeated = { name: again, position, grammar };
    return again;
  }
  for (;;) {
    const d = drawIdentifier(ctx.rng, grammar, [...used, ...ctx.names.slice(-8)]);
    if (used.has(d.text) || avoid.has(d.text)) continue;
    used.add(d.text);
    return take(ctx, position, d);
  }
}

// ---------------------------------------------------------------- CDDL

const SCALARS = ["uint", "uint .size 1", "uint .size 2", "uint .size 4", "uint .size 8", "int", "tstr", "bstr", "bool", "float"];
/** Type choices whose options differ in CBOR major type (bool and float share 7: never together). */
const MAJORS: readonly (readonly string[])[] = [["uint", "int", "uint .size 2"], ["bstr"], ["tstr"], ["[* uint]", "[* tstr]"], ["{* tstr => int}"], ["#6.32(tstr)", "#6.1000(bstr)"], ["bool"]];

function cddlType(ctx: Ctx, refs: readonly string[], depth: number): string {
  const { rng } = ctx;
  const r = rng.int(100);
  if (r < 45 || depth > 2) return rng.pick(SCALARS);
  if (r < 65 && refs.length > 0) return rng.chance(0.03) ? undefinedName(ctx, "cddl") : rng.pick(refs);
  if (r < 75) return `[* ${cddlType(ctx, refs, depth + 1)}]`;
  if (r < 82) return `{* tstr => ${cddlType(ctx, refs, depth + 1)}}`;
  if (r < 90) return `#6.${rng.pick([32, 100, 1000, 65536])}(${cddlType(ctx, refs, depth + 1)})`;
  const groups = [...MAJORS].sort(() => rng.int(3) - 1).slice(0, 2 + rng.int(2));
  return groups.map((g) => rng.pick(g)).join(" / ");
}

/** A name nothing defines (often one every object inherits): the compiler must say so, located. */
function undefinedName(ctx: Ctx, grammar: Grammar): string {
  const d = drawIdentifier(ctx.rng, grammar, [], ctx.rng.chance(0.6) ? "object-proto" : "plain");
  const name = ctx.taken.has(d.text) || CDDL_PRELUDE.has(d.text) ? `${d.text}Undefined` : d.text;
  ctx.undefinedRefs.push(name);
  return name;
}

function cddlComment(ctx: Ctx): string {
  const d = drawText(ctx.rng, ctx.names, (c) => c === "control" || c === "newline");
  // a CDDL comment runs to the end of the line and holds printable characters only
  const text = [...d.text].filter((ch) => /[\x20-\x7e]/.test(ch) || (ch.codePointAt(0)! >= 0xa0 && ch !== "\ufffe" && ch !== "\uffff")).join("");
  return `; ${take(ctx, "comment", { text, classes: d.classes })}`;
}

function cddlRule(ctx: Ctx, name: string, refs: readonly string[]): string {
  const { rng } = ctx;
  const r = rng.int(100);
  if (r < 35) {
    // a map: bare, quoted and integer keys, some optional, maybe a rest
    const keys = new Set<string>();
    // a deliberate repeat is of a bare key, so that it is one (a quoted key's text written bare is another key, or none)
    const bare = new Set<string>();
    const entries: string[] = [];
    for (let i = 0, n = 1 + rng.int(5); i < n; i++) {
      const how = rng.int(10);
      let key: string;
      if (how < 4) {
        key = fresh(ctx, "cddl", "key", bare, keys);
        keys.add(key);
      } else if (how < 9) {
        let d = drawText(rng, ctx.names);
        for (let t = 0; keys.has(d.text) && t < 5; t++) d = drawText(rng, ctx.names);
        if (keys.has(d.text)) continue;
        keys.add(d.text);
        key = cddlText(take(ctx, "key", d), rng);
      } else {
        const v = rng.pick([0, 1, 23, 24, -1, -24, 1000]);
        if (keys.has(String(v))) continue;
        keys.add(String(v));
        key = String(v);
      }
      entries.push(`${rng.chance(0.3) ? "? " : ""}${key}: ${cddlType(ctx, refs, 1)}`);
    }
    if (rng.chance(0.15)) entries.push(`* tstr => ${cddlType(ctx, refs, 1)}`);
    return `${name} = {${rng.chance(0.3) ? "\n  " : " "}${entries.join(rng.chance(0.3) ? ",\n  " : ", ")} }`;
  }
  if (r < 60) {
    const used = new Set<string>();
    const members = Array.from({ length: 1 + rng.int(4) }, () => `${fresh(ctx, "cddl", "field", used)}: ${cddlType(ctx, refs, 1)}`);
    return `${name} = [ ${members.join(", ")} ]`;
  }
  if (r < 75) {
    const used = new Set<string>();
    const values = Array.from({ length: 1 + rng.int(4) }, (_, i) => `${fresh(ctx, "cddl", "enum-value", used)}: ${i * rng.pick([1, 1, 7, 300])}`);
    return `${name} = &( ${values.join(", ")} )`;
  }
  return `${name} = ${cddlType(ctx, refs, 0)}`;
}

function cddlDocument(ctx: Ctx, rules: string[], taken: Set<string>): string {
  const lines: string[] = [];
  const defined: string[] = [];
  for (let i = 0, n = 1 + ctx.rng.int(5); i < n; i++) {
    const name = fresh(ctx, "cddl", "rule", taken, CDDL_PRELUDE);
    if (ctx.rng.chance(0.3)) lines.push(cddlComment(ctx));
    lines.push(cddlRule(ctx, name, defined) + (ctx.rng.chance(0.2) ? ` ${cddlComment(ctx)}` : ""));
    if (!defined.includes(name)) defined.push(name);
    rules.push(name);
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------- TPL

interface TplType {
  readonly name: string;
  readonly enumValues?: readonly string[];
}

function tplComment(ctx: Ctx, block: boolean): string {
  const d = drawText(ctx.rng, ctx.names, (c) => c === "control");
  // a block comment ends at `*/`, a line comment at the line's end; a fence marker would end a markdown fence
  const text = (block ? d.text.replace(/\*\//g, "* /") : d.text.replace(/[\r\n\u2028\u2029]/g, " ")).replace(/`{3,}|~{3,}/g, "``");
  take(ctx, "comment", { text, classes: d.classes });
  return block ? `/* ${text} */` : `// ${text}`;
}

function tplField(ctx: Ctx, types: readonly TplType[], used: Set<string>): string {
  const { rng } = ctx;
  const name = fresh(ctx, "tpl", "field", used);
  // drawn only where it is used, so that an undefined name drawn is one the draft refers to
  const ref = () => (rng.chance(0.02) ? undefinedName(ctx, "tpl") : types.length > 0 && rng.chance(0.4) ? rng.pick(types).name : undefined);
  const r = rng.int(9);
  const decl =
    r === 0 ? `${rng.pick(["uint8", "uint16", "uint24", "uint32", "uint64"])} ${name}` :
    r === 1 ? `opaque ${name}<V>` :
    r === 2 ? `opaque ${name}<0..255>` :
    r === 3 ? `opaque ${name}[${1 + rng.int(4)}]` :
    r === 4 ? `${ref() ?? "uint16"} ${name}<V>` :
    r === 5 ? `optional<${ref() ?? "uint8"}> ${name}` :
    `${ref() ?? rng.pick(["uint8", "uint32"])} ${name}`;
  return `${decl};${rng.chance(0.1) ? ` ${tplComment(ctx, false)}` : ""}`;
}

function tplDefinition(ctx: Ctx, name: string, types: TplType[]): string {
  const { rng } = ctx;
  if (rng.chance(0.15)) {
    // an alias: `uint16 Name;`, `opaque Name[4];`, `opaque Name<V>;`, `Other Name<V>;`
    const of = types.filter((t) => t.enumValues === undefined);
    const decl = rng.pick([
      `${rng.pick(["uint8", "uint16", "uint32", "uint64"])} ${name}`,
      `opaque ${name}[${1 + rng.int(8)}]`,
      `opaque ${name}<V>`,
      `opaque ${name}<1..255>`,
      of.length > 0 ? `${rng.pick(of).name} ${name}<V>` : `uint8 ${name}<0..255>`,
    ]);
    types.push({ name });
    return `${decl};`;
  }
  if (rng.chance(0.3)) {
    const used = new Set<string>();
    const values = Array.from({ length: 1 + rng.int(4) }, () => fresh(ctx, "tpl", "enum-value", used));
    const unique = [...new Set(values)];
    types.push({ name, enumValues: unique });
    return `enum {\n  ${values.map((v, i) => `${v}(${i})`).join(",\n  ")},\n  (255)\n} ${name};`;
  }
  const used = new Set<string>();
  const fields = Array.from({ length: rng.int(4) }, () => tplField(ctx, types, used));
  const enums = types.filter((t) => t.enumValues !== undefined);
  if (enums.length > 0 && rng.chance(0.35)) {
    const e = rng.pick(enums);
    const tag = fresh(ctx, "tpl", "field", used);
    const arms = e.enumValues!.map((v) => {
      const inner = Array.from({ length: rng.int(3) }, () => tplField(ctx, types, used));
      return `    case ${v}: ${inner.length > 0 ? inner.join(" ") : "struct {};"}`;
    });
    fields.push(`${e.name} ${tag};`, `select (${name}.${tag}) {\n${arms.join("\n")}\n  };`);
  }
  types.push({ name });
  return `struct {\n  ${fields.join("\n  ")}\n} ${name};`;
}

function tplDocument(ctx: Ctx, rules: string[], taken: Set<string>): string {
  const types: TplType[] = [];
  const out: string[] = [];
  for (let i = 0, n = 1 + ctx.rng.int(5); i < n; i++) {
    const name = fresh(ctx, "tpl", "rule", taken);
    if (ctx.rng.chance(0.3)) out.push(tplComment(ctx, true));
    out.push(tplDefinition(ctx, name, types));
    rules.push(name);
  }
  return out.join("\n\n") + "\n";
}

// ---------------------------------------------------------------- files

/** File names that are names elsewhere: a built-in document, the runtime, nothing at all. */
const SPECIAL_STEMS = ["rfc9420", "index", "runtime", "", "mimi-content-main", "generated"];

function fileName(ctx: Ctx, ext: string, forInclude = false): string {
  if (ctx.rng.chance(0.08)) return ctx.rng.pick(SPECIAL_STEMS) + ext;
  return take(ctx, "file", drawPathComponent(ctx.rng, ctx.names, forInclude)) + ext;
}

/** One hostile draft from `seed` (reproducible). */
export function drawDraft(seed: number): HostileDraft {
  const rng = new Rng(seed);
  const taken = new Set<string>();
  const ctx: Ctx = { rng, tally: new NameTally(), names: [], taken, undefinedRefs: [] };
  const rules: string[] = [];
  const dirs = Array.from({ length: rng.int(3) }, () => take(ctx, "directory", drawPathComponent(rng, ctx.names)));
  const kind = rng.pick(["cddl", "tpl", "md", "md"] as const);
  const files: DraftFile[] = [];
  if (kind === "cddl") files.push({ path: [...dirs, fileName(ctx, ".cddl")], text: cddlDocument(ctx, rules, taken) });
  else if (kind === "tpl") files.push({ path: [...dirs, fileName(ctx, ".tls")], text: tplDocument(ctx, rules, taken) });
  else {
    const parts: string[] = [];
    for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
      parts.push(`${"#".repeat(1 + rng.int(2))} ${take(ctx, "section", drawTitle(rng, ctx.names))}`, "", "Some prose.", "");
      const lang = rng.pick(["cddl", "tpl"] as const);
      const body = lang === "cddl" ? cddlDocument(ctx, rules, taken) : tplDocument(ctx, rules, taken);
      if (lang === "cddl" && rng.chance(0.25)) {
        // a sibling file pulled in by kramdown's include
        const name = fileName(ctx, ".cddl", true);
        files.push({ path: [...dirs, name], text: body });
        parts.push(`{::include ${name}}`, "");
      } else {
        const fence = rng.pick(["```", "~~~"]);
        parts.push(`${fence} ${lang === "cddl" ? "cddl" : rng.pick(["tls", "tls-presentation"])}`, body.trimEnd(), fence, "");
      }
    }
    files.push({ path: [...dirs, fileName(ctx, ".md")], text: parts.join("\n") });
  }
  return { seed, kind, files, entry: files.length - 1, rules, undefinedRefs: ctx.undefinedRefs, names: ctx.names, ...(ctx.repeated !== undefined ? { repeated: ctx.repeated } : {}), tally: ctx.tally };
}

/** A draft written by hand (a fuzzer finding, reduced), for regression tests: `files` are path components and text, the last one compiled. */
export function fixedDraft(files: readonly DraftFile[], options: { rules?: readonly string[]; undefinedRefs?: readonly string[] } = {}): HostileDraft {
  const last = files[files.length - 1]!.path;
  const name = last[last.length - 1]!;
  const kind = name.endsWith(".md") ? "md" : name.endsWith(".cddl") ? "cddl" : "tpl";
  return { seed: 0, kind, files, entry: files.length - 1, rules: options.rules ?? [], undefinedRefs: options.undefinedRefs ?? [], names: [], tally: new NameTally() };
}
