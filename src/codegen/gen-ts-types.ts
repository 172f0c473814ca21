import type { Definition, EnumValue, IRCase, IRMember, IRType, IRVariant } from "../ir/types.js";
import { code, docComment, joinCode, lit, prop, type Code } from "./code.js";
import type { GenContext } from "./gen-context.js";

/**
 * IR -> TypeScript type declarations. uint64 is bigint, byte strings are
 * Uint8Array, optional is `T | null`, enums are string literal unions (plus
 * `number` where unknown or range values can occur), and a select on a
 * field of the struct becomes a discriminated union on that field.
 */
export function genTypeDeclaration(ctx: GenContext, def: Definition): Code {
  return code`${docComment(typeDocText(ctx, def))}\nexport type ${ctx.names.type({ name: def.name })} = ${tsType(ctx, def.type)};`;
}

/** The doc comment of a type: what the draft calls it and where (`struct Lifetime (section "...")`). */
export function typeDocText(ctx: GenContext, def: Definition): string {
  const where = def.section ? ` (section "${def.section}")` : "";
  const name = def.name === ctx.names.id(def.name) ? def.name : `${def.name}, as ${ctx.names.id(def.name)}`;
  return `${def.kind} ${name}${where}`;
}

export function enumUnion(values: readonly EnumValue[], open: boolean): Code {
  const names = [...new Set(values.filter((v) => v.upTo === undefined).map((v) => v.name))].map(lit);
  const numeric = open || values.some((v) => v.upTo !== undefined);
  const parts = numeric ? [...names, code`number`] : names;
  return parts.length > 0 ? joinCode(parts, " | ") : code`never`;
}

export function tsType(ctx: GenContext, t: IRType): Code {
  switch (t.kind) {
    case "checked":
      return tsType(ctx, t.of);
    case "literal":
      return t.value.type === "text" ? lit(t.value.value) : t.value.type === "bool" ? code`${t.value.value}` : t.value.type === "bytes" ? code`Uint8Array` : code`number`;
    case "uint":
      return t.bits === 64 ? code`bigint` : code`number`;
    case "bytes":
      return code`Uint8Array`;
    case "text":
      return code`string`;
    case "vector":
      return code`Array<${tsType(ctx, t.of)}>`;
    case "optional":
      return code`${tsType(ctx, t.of)} | null`;
    case "ref":
      return ctx.names.type(t);
    case "enum":
      return enumUnion(t.values, t.open);
    case "record":
      return membersType(ctx, t.members, t.rest ? code`${prop(t.rest.name)}: Map<${tsType(ctx, t.rest.key)}, ${tsType(ctx, t.rest.value)}>;` : code``);
    case "int":
      return code`bigint`;
    case "bool":
      return code`boolean`;
    case "null":
      return code`null`;
    case "float":
      return code`number`;
    case "validated":
    case "any":
      return ctx.names.rtType("CborItem");
    case "tagged":
      return tsType(ctx, t.of);
    case "map":
      return code`Map<${tsType(ctx, t.key)}, ${tsType(ctx, t.value)}>`;
    case "union":
      return joinCode(
        t.options.map((o) => code`(${tsType(ctx, o)})`),
        " | ",
      );
  }
}

/** An object type for a list of members: plain fields, then one term per select. */
function membersType(ctx: GenContext, members: readonly IRMember[], extra: Code = code``): Code {
  const fields = members.filter((m) => m.kind === "field");
  const variants = members.filter((m): m is IRVariant => m.kind === "variant");
  const obj = code`{ ${fields.map((f) => code`${prop(f.name)}${f.omittable ? code`?` : code``}: ${tsType(ctx, f.type)}; `)}${extra}}`;
  const terms = variants.map((v) => variantType(ctx, v));
  return joinCode([obj, ...terms], " & ");
}

function variantType(ctx: GenContext, v: IRVariant): Code {
  const d = v.discriminant;
  if (d.kind === "field" && d.path.length === 1) {
    // The tag is a field of this object: a discriminated union TypeScript can narrow.
    const tag = prop(d.path[0]!);
    const covered = v.cases.flatMap((c) => c.labels);
    const arms = v.cases.map((c) => {
      const tagType = c.isDefault ? defaultTagType(ctx, d.enumType, covered, c) : joinCode(c.labels.map(lit), " | ");
      return code`({ ${tag}: ${tagType} } & ${membersType(ctx, c.members)})`;
    });
    return code`(${joinCode(arms, " | ")})`;
  }
  // The tag lives elsewhere (nested field or codec context): arm fields are optional.
  const arms = v.cases.filter((c) => c.members.length > 0).map((c) => code`Partial<${membersType(ctx, c.members)}>`);
  return arms.length > 0 ? joinCode(arms, " & ") : code`{}`;
}

function defaultTagType(ctx: GenContext, enumType: string, covered: readonly string[], c: IRCase): Code {
  void c;
  const name = ctx.names.type({ name: enumType, ...docOf(ctx, enumType) });
  return covered.length > 0 ? code`Exclude<${name}, ${joinCode(covered.map(lit), " | ")}>` : name;
}

function docOf(ctx: GenContext, name: string): { document?: string } {
  if (ctx.doc.definitions.some((d) => d.name === name)) return {};
  const d = ctx.scope.definition(name);
  const owner = d ? ctx.doc.imports.find((i) => ctx.scope.definition(name, i) === d) : undefined;
  return owner ? { document: owner } : {};
}
