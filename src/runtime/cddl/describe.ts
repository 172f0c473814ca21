import type { BytesValue, Group, GroupEntry, HeadNumber, MemberKey, Occurrence, Type, Value } from "./ast.js";
import { toHex, utf8Length, type CborItem } from "../index.js";

/** Short CDDL text for a construct, for messages; long text is cut with "…". */
export function cddlText(node: Type, max = 60): string {
  return cut(printType(node), max);
}

export function cut(s: string, max: number): string {
  const flat = s.replace(/\s+/g, " ");
  return flat.length <= max ? flat : flat.slice(0, max - 1) + "…";
}

export function printType(t: Type): string {
  switch (t.kind) {
    case "type-choice":
      return t.alternatives.map(printType).join(" / ");
    case "range":
      return `${printType(t.min)}${t.inclusive ? ".." : "..."}${printType(t.max)}`;
    case "control":
      return `${printType(t.target)} .${t.op.name} ${printType(t.controller)}`;
    case "int":
    case "float":
      return t.raw;
    case "text":
    case "bytes":
      return printValue(t);
    case "ref":
      return t.name.name + printArgs(t.args);
    case "paren":
      return `(${printType(t.type)})`;
    case "map":
      return `{${printGroup(t.group)}}`;
    case "array":
      return `[${printGroup(t.group)}]`;
    case "unwrap":
      return `~${t.name.name}${printArgs(t.args)}`;
    case "choice-of-group":
      return `&(${printGroup(t.group)})`;
    case "choice-of-ref":
      return `&${t.name.name}${printArgs(t.args)}`;
    case "tag":
      return `#6${t.tag ? "." + printHead(t.tag) : ""}(${printType(t.type)})`;
    case "major":
      return `#${t.major}${t.ai ? "." + printHead(t.ai) : ""}`;
    case "any":
      return "#";
  }
}

function printHead(h: HeadNumber): string {
  return h.kind === "int" ? h.raw : `<${printType(h.type)}>`;
}

function printArgs(args: readonly Type[]): string {
  return args.length === 0 ? "" : `<${args.map(printType).join(", ")}>`;
}

function printValue(v: Value): string {
  switch (v.kind) {
    case "int":
    case "float":
      return v.raw;
    case "text":
      return JSON.stringify(v.value);
    case "bytes":
      return printBytesLiteral(v);
  }
}

function printBytesLiteral(v: BytesValue): string {
  const q = v.encoding === "hex" ? "h" : v.encoding === "base64" ? "b64" : "";
  return `${q}'${v.content}'`;
}

export function printGroup(g: Group): string {
  return g.choices.map((c) => c.entries.map(printEntry).join(", ")).join(" // ");
}

export function printEntry(e: GroupEntry): string {
  const occ = e.occurrence ? printOccurrence(e.occurrence) + " " : "";
  if (e.kind === "inline-group") return `${occ}(${printGroup(e.group)})`;
  return `${occ}${e.key ? printKey(e.key) + " " : ""}${printType(e.type)}`;
}

function printOccurrence(o: Occurrence): string {
  if (o.min === 0n && o.max === 1n) return "?";
  if (o.min === 1n && o.max === null) return "+";
  if (o.min === 0n && o.max === null) return "*";
  return `${o.min === 0n ? "" : String(o.min)}*${o.max === null ? "" : String(o.max)}`;
}

function printKey(k: MemberKey): string {
  switch (k.kind) {
    case "bareword-key":
      return `${k.name.name}:`;
    case "value-key":
      return `${printValue(k.value)}:`;
    case "type-key":
      return `${printType(k.type)}${k.cut ? " ^" : ""} =>`;
  }
}

/** The item as a reader would name it: `300`, `"abc"`, `h'00ff'`, `null`, `an array of 3 elements`. */
export function describeItem(item: CborItem): string {
  switch (item.type) {
    case "uint":
    case "nint":
      return String(item.value);
    case "float":
      return Number.isNaN(item.value)
        ? "NaN"
        : Number.isFinite(item.value)
          ? `${Number.isInteger(item.value) ? item.value.toFixed(1) : String(item.value)}`
          : item.value > 0
            ? "Infinity"
            : "-Infinity";
    case "text": {
      const n = utf8Length(item.value);
      return n <= 32 ? JSON.stringify(item.value) : `${JSON.stringify(item.value.slice(0, 24)).slice(0, -1)}…" (${n} bytes)`;
    }
    case "bytes":
      return item.value.length <= 16 ? `h'${toHex(item.value)}'` : `h'${toHex(item.value.subarray(0, 12))}…' (${item.value.length} bytes)`;
    case "array":
      return `an array of ${item.items.length} element${item.items.length === 1 ? "" : "s"}`;
    case "map":
      return `a map of ${item.entries.length} entr${item.entries.length === 1 ? "y" : "ies"}`;
    case "tag":
      return `tag ${item.tag}`;
    case "simple":
      return SIMPLE_NAMES[item.value] ?? `simple(${item.value})`;
  }
}

const SIMPLE_NAMES: Readonly<Record<number, string>> = { 20: "false", 21: "true", 22: "null", 23: "undefined" };

/** A map key as written in a path step `{…}`: EDN-like, cut short. */
export function keyText(key: CborItem): string {
  switch (key.type) {
    case "uint":
    case "nint":
    case "simple":
    case "float":
      return describeItem(key);
    case "text":
      return key.value.length <= 32 ? JSON.stringify(key.value) : `${JSON.stringify(key.value.slice(0, 24)).slice(0, -1)}…"`;
    case "bytes":
      return key.value.length <= 16 ? `h'${toHex(key.value)}'` : `h'${toHex(key.value.subarray(0, 12))}…'`;
    case "array":
      return "[…]";
    case "map":
      return "{…}";
    case "tag":
      return `${key.tag}(…)`;
  }
}

/** A value that identifies a map key up to equality of data items (widths and chunking do not count). */
export function keyIdentity(item: CborItem): string {
  switch (item.type) {
    case "uint":
    case "nint":
      return `i${item.value}`;
    case "float":
      return Object.is(item.value, -0) ? "f-0" : `f${item.value}`;
    case "simple":
      return `s${item.value}`;
    case "text":
      return `t${JSON.stringify(item.value)}`;
    case "bytes":
      return `b${toHex(item.value)}`;
    case "array":
      return `a[${item.items.map(keyIdentity).join(",")}]`;
    case "map":
      return `m{${item.entries.map(([k, v]) => `${keyIdentity(k)}:${keyIdentity(v)}`).join(",")}}`;
    case "tag":
      return `g${item.tag}(${keyIdentity(item.item)})`;
  }
}
