import { diag, type Diagnostic } from "../diagnostics/index.js";
import { documentKind, type ExtractIo } from "../extract/index.js";
import { TypeScope } from "../ir/type-scope.js";
import type { Definition, EnumValue, IRDocument } from "../ir/types.js";
import type { Statement } from "../tpl/ast.js";
import type { DocumentConfig } from "./config.js";
import { readRegistries, registryAliasFor } from "./read-registries.js";

type Registries = NonNullable<DocumentConfig["registries"]>;

/**
 * The IANA registries a draft fills, applied to its integer aliases
 * (`uint16 WireFormat;` becomes an open enum of the registry's values), and
 * to the registries of what it imports: a draft that registers a new
 * ProposalType gets its own ProposalType, RFC 9420's values plus its own,
 * so its selects can name them. The config's `registries` win over both.
 */
export function draftRegistries(input: {
  readonly path: string;
  readonly io: ExtractIo;
  readonly statements: readonly Statement[];
  readonly imports: readonly IRDocument[];
  readonly config: DocumentConfig;
}): { registries: Registries; extensions: Definition[]; diagnostics: Diagnostic[] } {
  const configured = input.config.registries ?? {};
  const kind = documentKind(input.path);
  const found = kind && input.io.exists(input.path) ? readRegistries(input.path, input.io.readFile(input.path), kind) : [];
  const aliases = input.statements.flatMap((s) => (s.kind === "alias" && s.type.kind === "named" && /^uint(8|16|24|32)$/.test(s.type.name) && s.suffix.kind === "none" ? [s.name] : []));
  const scope = new TypeScope([], input.imports);
  const importedEnums = scope.enumDefinitions().map((d) => d.name);
  const registries: Record<string, { open: boolean; values: Record<string, number> }> = {};
  const extensions: Definition[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const reg of found) {
    const localHit = registryAliasFor(reg, aliases);
    if (localHit) {
      const local = localHit.alias;
      if (configured[local] || registries[local]) continue;
      registries[local] = { open: true, values: Object.fromEntries(reg.entries.map((e) => [e.name, e.value])) };
      const first = reg.entries[0]!;
      diagnostics.push(diag("note", "iana/registry", `${local} takes its ${reg.entries.length} values from the ${localHit.registry} registry of this draft's IANA Considerations (an open enum)`, first.loc));
      continue;
    }
    const importedHit = registryAliasFor(reg, importedEnums);
    const imported = importedHit?.alias;
    if (!importedHit || !imported || configured[imported] || extensions.some((d) => d.name === imported)) continue;
    const base = scope.definition(imported)!;
    if (base.type.kind !== "enum") continue;
    const values: EnumValue[] = [...base.type.values];
    const added = reg.entries.filter((e) => !values.some((v) => v.name === e.name || (v.value === e.value && v.upTo === undefined)));
    if (added.length === 0) continue;
    values.push(...added.map((e) => ({ name: e.name, value: e.value })));
    const first = added[0]!;
    const from = input.imports.find((d) => d.definitions.includes(base))?.name ?? "the import";
    extensions.push({ name: imported, kind: "enum", type: { ...base.type, values, open: true }, loc: first.loc, section: "IANA Considerations", language: "tpl" });
    diagnostics.push(
      diag("note", "iana/extends", `this draft registers ${added.map((e) => `${e.name} (${e.value})`).join(", ")} in the ${importedHit.registry} registry: its ${imported} is ${from}'s plus these`, first.loc),
    );
  }
  // the config names an imported registry: this draft's own copy, with the config's values
  for (const [name, reg] of Object.entries(configured)) {
    if (aliases.includes(name) || !importedEnums.includes(name)) continue;
    const base = scope.definition(name)!;
    if (base.type.kind !== "enum") continue;
    const values = Object.entries(reg.values).map(([n, value]) => ({ name: n, value }));
    const loc = { file: input.path, line: 1, col: 1 };
    extensions.push({ name, kind: "enum", type: { ...base.type, values, open: reg.open }, loc, section: "IANA Considerations", language: "tpl" });
    diagnostics.push(diag("note", "config/registry", `${name} has the values the config's registries.${name} gives, not the imported ones`, loc));
  }
  return { registries: { ...registries, ...configured }, extensions, diagnostics };
}
