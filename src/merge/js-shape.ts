import type { Definition, IRMember, IRType } from "../ir/types.js";

/**
 * The JavaScript shape of a type: what its generated TypeScript type says
 * (gen-ts-types.ts), with refs to paired definitions named by their merged
 * name and other refs expanded. Two definitions "agree in shape" when these
 * texts are equal: one TypeScript type can then stand for both. Wire-only
 * facts (tags, widths within number or bigint, lengths, framing) are not
 * part of the shape.
 */
export interface ShapeScope {
  readonly def: (name: string) => Definition | undefined;
  /** The merged name of a paired definition, or undefined for an unpaired one. */
  readonly merged: (name: string) => string | undefined;
}

export function jsShape(scope: ShapeScope, t: IRType, open: readonly string[] = []): string {
  switch (t.kind) {
    case "checked":
      return jsShape(scope, t.of, open);
    case "literal":
      return t.value.type === "text" ? JSON.stringify(t.value.value) : t.value.type === "bool" ? String(t.value.value) : t.value.type === "bytes" ? "Uint8Array" : "number";
    case "uint":
      return t.bits === 64 ? "bigint" : "number";
    case "int":
      return "bigint";
    case "float":
      return "number";
    case "bool":
      return "boolean";
    case "null":
      return "null";
    case "validated":
    case "any":
      return "CborItem";
    case "bytes":
      return "Uint8Array";
    case "text":
      return "string";
    case "tagged":
      return jsShape(scope, t.of, open);
    case "vector":
      return `Array<${jsShape(scope, t.of, open)}>`;
    case "optional":
      return `${jsShape(scope, t.of, open)} | null`;
    case "map":
      return `Map<${jsShape(scope, t.key, open)}, ${jsShape(scope, t.value, open)}>`;
    case "union":
      return t.options.map((o) => `(${jsShape(scope, o, open)})`).join(" | ");
    case "enum": {
      const names = [...new Set(t.values.filter((v) => v.upTo === undefined).map((v) => JSON.stringify(v.name)))].sort();
      return [...names, ...(t.open || t.values.some((v) => v.upTo !== undefined) ? ["number"] : [])].join(" | ");
    }
    case "ref": {
      if (t.document) return `${t.document}.${t.name}`;
      const m = scope.merged(t.name);
      if (m !== undefined) return m;
      const d = scope.def(t.name);
      if (!d || open.includes(t.name)) return `?${t.name}`;
      return jsShape(scope, d.type, [...open, t.name]);
    }
    case "record":
      return `{ ${membersShape(scope, t.members, open)}${t.rest ? ` ${t.rest.name}: Map<${jsShape(scope, t.rest.key, open)}, ${jsShape(scope, t.rest.value, open)}>;` : ""} }`;
  }
}

function membersShape(scope: ShapeScope, members: readonly IRMember[], open: readonly string[]): string {
  return members
    .map((m) => {
      if (m.kind === "field") return `${m.name}${m.omittable ? "?" : ""}: ${jsShape(scope, m.type, open)};`;
      const tag = m.discriminant.kind === "field" ? m.discriminant.path.join(".") : m.discriminant.kind === "context" ? `context ${m.discriminant.key}` : "?";
      const arms = m.cases.map((c) => `${c.isDefault ? "default" : c.labels.join("|")} => { ${membersShape(scope, c.members, open)} }`);
      return `select(${tag}) { ${arms.join(" ")} }`;
    })
    .join(" ");
}
