import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { BUILTIN_DOCUMENTS, builtinConfigFile } from "../../src/compile/builtin.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { ConfigError, configErrors, readConfigFile } from "../../src/compile/load-config.js";
import { runCli } from "../helpers/run-cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const schema = JSON.parse(readFileSync(join(root, "schemas", "config.schema.json"), "utf8")) as {
  properties: Record<string, { type?: string; enum?: unknown[]; properties?: Record<string, unknown> }>;
};

/** The TypeScript interfaces the schema describes, read from src/compile/config.ts. */
function interfaceProperties(name: string): Map<string, { optional: boolean; type: string }> {
  const project = new Project({ tsConfigFilePath: join(root, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  const file = project.addSourceFileAtPath(join(root, "src", "compile", "config.ts"));
  const out = new Map<string, { optional: boolean; type: string }>();
  for (const p of file.getInterfaceOrThrow(name).getProperties()) out.set(p.getName(), { optional: p.hasQuestionToken(), type: p.getType().getText(p) });
  return out;
}

describe("schemas/config.schema.json against DocumentConfig (src/compile/config.ts)", () => {
  const documentConfig = interfaceProperties("DocumentConfig");
  const configFile = interfaceProperties("ConfigFile");

  it("has a property for every key of DocumentConfig and ConfigFile, and no other", () => {
    const keys = new Set([...documentConfig.keys(), ...configFile.keys()]);
    expect(Object.keys(schema.properties).sort()).toEqual([...keys].sort());
  });

  it("each key has the JSON type its TypeScript type says", () => {
    const jsonType = (ts: string): string => {
      if (/^readonly .*\[\]$|^readonly \(.*\)\[\]$/.test(ts)) return "array";
      if (ts === "string") return "string";
      if (ts === "boolean") return "boolean";
      if (/^".*"( \| ".*")*$/.test(ts)) return "enum";
      return "object";
    };
    for (const [key, p] of documentConfig) {
      const s = schema.properties[key]!;
      const want = jsonType(p.type.replace(/ \| undefined$/, ""));
      expect(s.enum ? "enum" : s.type, `${key}: ${p.type}`).toBe(want);
    }
    expect(Object.keys(schema.properties["identity"]!.properties!).sort()).toEqual([...interfaceProperties("BuiltinIdentity").keys()].sort());
  });

  it("every built-in config is valid", () => {
    for (const b of BUILTIN_DOCUMENTS) expect(configErrors(JSON.parse(readFileSync(builtinConfigFile(b), "utf8"))), b).toEqual([]);
  });

  it("reports every error with its key path", () => {
    expect(configErrors({ regstries: {}, registries: { WireFormat: { open: "yes", values: { a: -1 } } }, mode: "loose" })).toEqual([
      "/regstries: unknown key",
      '/mode: must be equal to one of the allowed values ("strict", "lenient")',
      "/registries/WireFormat/open: must be boolean",
      "/registries/WireFormat/values/a: must be >= 0",
    ]);
  });
});

describe("a draft's own configuration", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimi-config-"));
  const draft = join(dir, "my-draft.md");
  writeFileSync(
    draft,
    ["# Types", "", "~~~ tls", "uint8 Char;", "struct {", "    Char name<V>;", "    uint16 kind;", "} Named;", "~~~", ""].join("\n"),
  );
  const named = (c: ReturnType<typeof compileWithImports>) => c.ir.definitions.find((d) => d.name === "Named")!;

  it("without one: lenient, importing rfc9420, the name a vector of uint8", () => {
    const c = compileWithImports(draft, { cache: new Map() });
    expect(c.config).toMatchObject({ document: "my-draft", mode: "lenient", imports: ["rfc9420"] });
    expect(JSON.stringify(named(c).type)).toContain('"kind":"vector"');
  });

  it("<draft-basename>.mimi-codec.json beside the draft is found; --config wins over it", () => {
    writeFileSync(join(dir, "my-draft.mimi-codec.json"), JSON.stringify({ document: "mine", text: ["Char"], imports: [] }));
    const c = compileWithImports(draft, { cache: new Map() });
    expect(c.config).toMatchObject({ document: "mine", imports: [] });
    expect(JSON.stringify(named(c).type)).toContain('"kind":"text"');
    expect(c.diagnostics.find((d) => d.code === "config/file")?.message).toContain("found beside the draft");
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ document: "other", mode: "strict" }));
    expect(compileWithImports(draft, { cache: new Map(), configFile: other }).config).toMatchObject({ document: "other", mode: "strict", imports: ["rfc9420"] });
  });

  it("a bad config is one line naming the file and each key path", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ text: "Char", mapVectors: ["nodot"] }));
    expect(() => readConfigFile(bad, draft, "x")).toThrow(ConfigError);
    expect(() => readConfigFile(bad, draft, "x")).toThrow(`${bad}: 2 errors: /text: must be array; /mapVectors/0: must match pattern "^[^.]+\\.[^.]+$"`);
    writeFileSync(bad, "{ not json");
    expect(() => readConfigFile(bad, draft, "x")).toThrow(/bad\.json: not JSON/);
  });

  it("extends starts from a built-in's config; files in it are relative to the config", () => {
    const cfg = join(dir, "ext.json");
    writeFileSync(cfg, JSON.stringify({ extends: "mimi-protocol-06", supplements: ["extra.tls"], caseLabels: {} }));
    const c = readConfigFile(cfg, draft, "my-draft");
    expect(c).toMatchObject({ document: "my-draft", mode: "lenient", imports: ["rfc9420"], supplements: [join(dir, "extra.tls")], caseLabels: {} });
    expect(c.identity).toBeUndefined();
  });

  it("a config entry that names nothing in the draft is reported at the config file", () => {
    const cfg = join(dir, "mv.json");
    writeFileSync(cfg, JSON.stringify({ mapVectors: ["Named.nope"] }, null, 2));
    const c = compileWithImports(draft, { cache: new Map(), configFile: cfg });
    expect(c.diagnostics.find((d) => d.code === "ir/map-vector")).toMatchObject({ loc: { file: cfg, line: 3, col: 5 } });
  });

  it("the CLI takes --config and reports a bad one on one line", async () => {
    const bad = join(dir, "bad2.json");
    writeFileSync(bad, JSON.stringify({ mode: 1 }));
    const r = await runCli(["lint", draft, "--config", bad]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`mimi-codec: ${bad}: /mode: must be equal to one of the allowed values ("strict", "lenient")`);
    expect((await runCli(["lint", draft, draft, "--config", bad])).err).toMatch(/--config gives the configuration of one draft file/);
  });
});

describe("mimi-codec init", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimi-init-"));
  const draft = join(dir, "draft-x.md");
  writeFileSync(
    draft,
    [
      "# Types",
      "",
      "~~~ tls",
      "uint8 Utf8;",
      "uint16 Kind;",
      "enum { red(0), green(1), (255) } Color;",
      "struct { Utf8 key<V>; opaque value<V>; } Pair;",
      "struct {",
      "    Utf8 title<V>;",
      "    Pair pairs<V>;",
      "    Kind kind;",
      "    select (kind) { case one: uint8 a; case two: uint16 b; };",
      "    Color color;",
      "    select (color) { case red: uint8 r; case gren: uint8 g; };",
      "    Colour other;",
      "} Thing;",
      "~~~",
      "",
    ].join("\n"),
  );

  it("writes <draft>.mimi-codec.json with a suggestion per thing left to prose, each located", async () => {
    const r = await runCli(["init", draft]);
    expect(r.code).toBe(0);
    const file = join(dir, "draft-x.mimi-codec.json");
    expect(r.out.trim()).toBe(`${file}: 5 suggestions (1 nameFixes, 1 text, 1 mapVectors, 1 registries, 1 caseLabels)`);
    const written = JSON.parse(readFileSync(file, "utf8")) as { suggestions: Array<{ key: string; value: unknown; at: string }> };
    expect(configErrors(written)).toEqual([]);
    const byKey = Object.fromEntries(written.suggestions.map((s) => [s.key, s]));
    expect(byKey["text"]).toMatchObject({ value: ["Utf8"], at: `${draft}:4:7` });
    expect(byKey["mapVectors"]).toMatchObject({ value: ["Thing.pairs"], at: `${draft}:10:5` });
    expect(byKey["registries"]).toMatchObject({ value: { Kind: { open: true, values: { one: null, two: null } } } });
    expect(byKey["caseLabels"]).toMatchObject({ value: { Thing: { gren: "green" } } });
    expect(byKey["nameFixes"]).toMatchObject({ value: { Colour: "Color" }, at: `${draft}:15:5` });
    // the written file is a valid config: compiling ignores the suggestions
    expect(compileWithImports(draft, { cache: new Map() }).diagnostics.find((d) => d.code === "config/file")).toBeDefined();
    // and init does not overwrite it unless told to
    expect((await runCli(["init", draft])).err).toMatch(/exists; --force overwrites it/);
    expect((await runCli(["init", draft, "--force"])).code).toBe(0);
  });
});
