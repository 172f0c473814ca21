/**
 * What the types pane shows of a definition: the text the source wrote
 * (for a pasted source, cut from it at the definition's location), or for
 * a built-in, whose draft the package does not ship, the compiled IR
 * written out in the definition's own language with its draft location.
 */
import { describeType } from "../compare/describe-type.js";
import type { Definition, IRMember } from "../ir/types.js";

/** The lines of `source` that hold `def`, starting at its location. */
export function sourceExcerpt(source: string, def: Definition): string {
  const lines = source.split(/\r\n|\r|\n/);
  const at = def.loc.line - 1;
  if (at < 0 || at >= lines.length) return "";
  return def.language === "tpl" ? tplExcerpt(lines, at) : cddlExcerpt(lines, at);
}

/** TPL names a struct after its closing brace: walk up to the `{` that opens it. */
function tplExcerpt(lines: readonly string[], at: number): string {
  let depth = 0;
  let first = at;
  for (let i = at; i >= 0 && i > at - 400; i--) {
    const l = lines[i]!;
    depth += count(l, "}") - count(l, "{");
    first = i;
    if (depth <= 0 && (i < at || !l.includes("}"))) break;
  }
  // a C-style `struct Name {` starts at the name: walk down to its closing brace instead
  if (first === at && count(lines[at]!, "{") > count(lines[at]!, "}")) return downToBalance(lines, at);
  return lines.slice(first, at + 1).join("\n");
}

function downToBalance(lines: readonly string[], at: number): string {
  let depth = 0;
  let last = at;
  for (let i = at; i < lines.length && i < at + 400; i++) {
    depth += count(lines[i]!, "{") - count(lines[i]!, "}");
    last = i;
    if (depth <= 0) break;
  }
  return lines.slice(at, last + 1).join("\n");
}

/** A CDDL rule runs on while its brackets are open or the next line is indented. */
function cddlExcerpt(lines: readonly string[], at: number): string {
  let depth = 0;
  let last = at;
  for (let i = at; i < lines.length && i < at + 400; i++) {
    const l = lines[i]!.replace(/;.*$/, "");
    depth += count(l, "{[(") - count(l, "}])");
    last = i;
    const next = lines[i + 1];
    if (depth <= 0 && (next === undefined || next.trim() === "" || !/^\s/.test(next))) break;
  }
  return lines.slice(at, last + 1).join("\n");
}

function count(s: string, chars: string): number {
  let n = 0;
  for (const c of s) if (chars.includes(c)) n++;
  return n;
}

/** A definition written out from the IR: `struct { ... } Name;` for TPL, `Name = [ ... ]` for CDDL. */
export function renderDefinition(def: Definition): string {
  const t = def.type;
  if (t.kind === "record") {
    const body = membersText(t.members, "  ", def.language);
    if (def.language === "tpl") return `struct {\n${body}\n} ${def.name};`;
    const [open, close] = t.encoding === "map" ? ["{", "}"] : ["[", "]"];
    return `${def.name} = ${open}\n${body}\n${close}`;
  }
  if (t.kind === "enum") {
    const values = t.values.map((v) => `  ${v.name}(${v.upTo !== undefined ? `${v.value}..${v.upTo}` : v.value})`).join(",\n");
    return def.language === "tpl" ? `enum {\n${values}${t.open ? ",\n  (open)" : ""}\n} ${def.name};` : `${def.name} = &(\n${values.replace(/\((\S+)\)/g, ": $1")}\n)`;
  }
  return def.language === "tpl" ? `${describeType(t)} ${def.name};` : `${def.name} = ${describeType(t)}`;
}

function membersText(members: readonly IRMember[], indent: string, language: "tpl" | "cddl"): string {
  return members
    .map((m) => {
      if (m.kind === "field") {
        if (language === "tpl") return `${indent}${describeType(m.type)} ${m.name};`;
        return `${indent}${m.omittable ? "? " : ""}${m.key !== undefined && String(m.key) !== m.name ? `${JSON.stringify(m.key)} ` : ""}${m.name}: ${describeType(m.type)},`;
      }
      const cases = m.cases.map((c) => `${indent}  case ${c.isDefault ? "default" : c.labels.join(", ")}:\n${membersText(c.members, indent + "    ", language)}`).join("\n");
      return `${indent}select (${m.discriminant.kind === "field" ? m.discriminant.path.join(".") : m.discriminant.kind === "context" ? m.discriminant.key : "?"}) {\n${cases}\n${indent}};`;
    })
    .join("\n");
}
