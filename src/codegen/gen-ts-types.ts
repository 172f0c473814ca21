import type { Definition, EnumValue, IRCase, IRMember, IRType, IRVariant } from "../ir/types.js";
import { qualified, type GenContext } from "./gen-context.js";

/**
 * IR -> TypeScript type declarations. uint64 is bigint, byte strings are
 * Uint8Array, optional is `T | null`, enums are string literal unions (plus
 * `number` where unknown or range values can occur), and a select on a
 * field of the struct becomes a discriminated union on that field.
 */
export function genTypeDeclaration(ctx: GenContext, def: Definition): string {
  const doc = `/** ${def.kind} ${def.name}${def.section ? ` (section "${def.section.replace(/\*\//g, "* /")}")` : ""} */\n`;
  if (def.type.kind === "enum") return `${doc}export type ${def.name} = ${enumUnion(def.type.values, def.type.open)};`;
  if (def.type.kind === "record") return `${doc}export type ${def.name} = ${tsType(ctx, def.type)};`;
  return `${doc}export type ${def.name} = ${tsType(ctx, def.type)};`;
}

export function enumUnion(values: readonly EnumValue[], open: boolean): string {
  const names = [...new Set(values.filter((v) => v.upTo === undefined).map((v) => JSON.stringify(v.name)))];
  const numeric = open || values.some((v) => v.upTo !== undefined);
  const parts = numeric ? [...names, "number"] : names;
  return parts.length > 0 ? parts.join(" | ") : "never";
}

export function tsType(ctx: GenContext, t: IRType): string {
  switch (t.kind) {
    case "uint":
      return t.bits === 64 ? "bigint" : "number";
    case "bytes":
      return "Uint8Array";
    case "text":
      return "string";
    case "vector":
      return `Array<${tsType(ctx, t.of)}>`;
    case "optional":
      return `${tsType(ctx, t.of)} | null`;
    case "ref":
      return qualified(t);
    case "enum":
      return enumUnion(t.values, t.open);
    case "record":
      return membersType(ctx, t.members, t.rest ? `${propName(t.rest.name)}: Map<${tsType(ctx, t.rest.key)}, ${tsType(ctx, t.rest.value)}>;` : "");
    case "int":
      return "bigint";
    case "bool":
      return "boolean";
    case "null":
      return "null";
    case "float":
      return "number";
    case "any":
      return "CborItem";
    case "tagged":
      return tsType(ctx, t.of);
    case "map":
      return `Map<${tsType(ctx, t.key)}, ${tsType(ctx, t.value)}>`;
    case "union":
      return t.options.map((o) => `(${tsType(ctx, o)})`).join(" | ");
  }
}

/** An object type for a list of members: plain fields, then one term per select. */
function membersType(ctx: GenContext, members: readonly IRMember[], extra = ""): string {
  const fields = members.filter((m) => m.kind === "field");
  const variants = members.filter((m): m is IRVariant => m.kind === "variant");
  const obj = `{ ${fields.map((f) => `${propName(f.name)}${f.omittable ? "?" : ""}: ${tsType(ctx, f.type)};`).join(" ")} ${extra}}`;
  const terms = variants.map((v) => variantType(ctx, v));
  return [obj, ...terms].join(" & ");
}

function variantType(ctx: GenContext, v: IRVariant): string {
  const d = v.discriminant;
  if (d.kind === "field" && d.path.length === 1) {
    // The tag is a field of this object: a discriminated union TypeScript can narrow.
    const tag = propName(d.path[0]!);
    const covered = v.cases.flatMap((c) => c.labels);
    const arms = v.cases.map((c) => {
      const tagType = c.isDefault ? defaultTagType(ctx, d.enumType, covered, c) : c.labels.map((l) => JSON.stringify(l)).join(" | ");
      return `({ ${tag}: ${tagType} } & ${membersType(ctx, c.members)})`;
    });
    return `(${arms.join(" | ")})`;
  }
  // The tag lives elsewhere (nested field or codec context): arm fields are optional.
  const arms = v.cases.filter((c) => c.members.length > 0).map((c) => `Partial<${membersType(ctx, c.members)}>`);
  return arms.length > 0 ? arms.join(" & ") : "{}";
}

function defaultTagType(ctx: GenContext, enumType: string, covered: readonly string[], c: IRCase): string {
  void c;
  const name = qualified({ name: enumType, ...docOf(ctx, enumType) });
  return covered.length > 0 ? `Exclude<${name}, ${covered.map((l) => JSON.stringify(l)).join(" | ")}>` : name;
}

function docOf(ctx: GenContext, name: string): { document?: string } {
  if (ctx.doc.definitions.some((d) => d.name === name)) return {};
  const d = ctx.scope.definition(name);
  const owner = d ? ctx.doc.imports.find((i) => ctx.scope.definition(name, i) === d) : undefined;
  return owner ? { document: owner } : {};
}

export function propName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
