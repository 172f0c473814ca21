import type { IRType, Length } from "../ir/types.js";

/**
 * A short, language-neutral rendering of an IR type for finding messages:
 * `uint32`, `bytes[32]`, `bytes<0..4095>`, `text<V>`, `vector<MessageId>`,
 * `map<name, value>`, `optional<InReplyTo>`, `#6.32(text<V>)`, and the
 * name of any referenced definition.
 */
export function describeType(t: IRType, depth = 0): string {
  if (depth > 4) return "…";
  const d = (x: IRType) => describeType(x, depth + 1);
  switch (t.kind) {
    case "checked":
      return `${d(t.of)} (${t.checks.map((c) => `.${c.op}`).join(" ")})`;
    case "literal":
      return t.value.type === "bytes" ? `h'${t.value.hex}'` : JSON.stringify(t.value.value);
    case "uint":
      return `uint${t.bits}${t.min !== undefined || t.max !== undefined ? ` (${t.min ?? 0}..${t.max ?? "max"})` : ""}`;
    case "int":
      return t.min !== undefined || t.max !== undefined ? `int (${t.min ?? "min"}..${t.max ?? "max"})` : "int";
    case "bool":
    case "null":
    case "validated":
    case "any":
      return t.kind;
    case "float":
      return `float${t.bits ?? ""}`;
    case "tagged":
      return `#6.${t.tag}(${d(t.of)})`;
    case "map":
      return `map<${d(t.key)}, ${d(t.value)}>`;
    case "union":
      return t.options.map(d).join(" / ");
    case "bytes":
      return `bytes${describeLength(t.length)}`;
    case "text":
      return `text${describeLength(t.length)}`;
    case "vector":
      return `vector<${d(t.of)}>${t.length.kind === "varint" || t.length.kind === "count" ? describeBounds(t.length) : describeLength(t.length)}`;
    case "optional":
      return `optional<${d(t.of)}>`;
    case "ref":
      return t.document ? `${t.document}.${t.name}` : t.name;
    case "record":
      return `${t.encoding === "map" ? "map record" : "record"} {${t.members.length} members}`;
    case "enum":
      return `enum${t.bits}${t.open ? " (open)" : ""}`;
  }
}

const VARINT_MAX = 0x3fffffff;
const COUNT_MAX = 0xffffffff;

function describeBounds(len: Length & { kind: "varint" | "count" }): string {
  const unit = len.kind === "count" ? " items" : " bytes";
  const max = len.kind === "varint" ? VARINT_MAX : COUNT_MAX;
  if (len.min === 0 && len.max === max) return "";
  return ` (${len.min}..${len.max === max ? "*" : len.max}${unit})`;
}

export function describeLength(len: Length): string {
  switch (len.kind) {
    case "varint":
      return len.min === 0 && len.max === VARINT_MAX ? "<V>" : `<${len.min}..${len.max === VARINT_MAX ? "V" : len.max}>`;
    case "prefixed":
      return `<${len.min}..${len.max}>`;
    case "fixed":
      return `[${len.bytes}]`;
    case "field":
      return `[${len.path.join(".")}]`;
    case "context":
      return `[${len.key}]`;
    case "rest":
      return "[rest]";
    case "count":
      return len.min === 0 && len.max === COUNT_MAX ? "[*]" : `[${len.min}*${len.max === COUNT_MAX ? "" : len.max}]`;
  }
}
