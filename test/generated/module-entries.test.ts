import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BUILTIN_DOCUMENTS } from "../../src/compile/builtin.js";

/**
 * The public surface of a generated document (issue 13): index.ts exports
 * its types, codec objects and documented constants and nothing else;
 * tpl.ts and cbor.ts the same codec objects holding one format; internal.ts
 * everything, for the other generated modules that import it. Every call a
 * module makes when it loads is marked `/* @__PURE__ *\/`, so a bundler
 * drops what the application does not use.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const CONSTANTS = ["TYPE_NAMES", "CONTEXT_KEYS", "DOCUMENT_LIMITS"];

type Module = Record<string, unknown>;
const load = (doc: string, entry: string): Promise<Module> => import(`../../generated/${doc}/${entry}.ts`) as Promise<Module>;

describe.each(BUILTIN_DOCUMENTS)("generated/%s", (doc) => {
  it("index.ts exports exactly its types' codec objects and the documented constants", async () => {
    const index = await load(doc, "index");
    const typeNames = index["TYPE_NAMES"] as readonly string[];
    expect(typeNames.length).toBeGreaterThan(10);
    const exported = Object.keys(index).sort();
    expect(exported).toEqual([...typeNames, ...CONSTANTS.filter((c) => c in index)].sort());
    for (const name of typeNames) {
      const codecs = Object.keys(index[name] as object);
      expect(codecs.length, name).toBeGreaterThan(0);
      expect(codecs.every((k) => k === "tpl" || k === "cbor"), name).toBe(true);
    }
  });

  it("tpl.ts and cbor.ts hold the same codecs, one format each; internal.ts has the internal functions", async () => {
    const [index, tpl, cbor, internal] = await Promise.all(["index", "tpl", "cbor", "internal"].map((e) => load(doc, e)));
    for (const name of index!["TYPE_NAMES"] as readonly string[]) {
      const both = index![name] as { tpl?: unknown; cbor?: unknown };
      expect((tpl![name] as { tpl?: unknown } | undefined)?.tpl, name).toBe(both.tpl);
      expect((cbor![name] as { cbor?: unknown } | undefined)?.cbor, name).toBe(both.cbor);
      if (tpl![name]) expect(Object.keys(tpl![name] as object)).toEqual(["tpl"]);
      if (cbor![name]) expect(Object.keys(cbor![name] as object)).toEqual(["cbor"]);
      expect(internal![name]).toBe(both);
    }
    const first = (index!["TYPE_NAMES"] as readonly string[])[0]!;
    expect(Object.keys(internal!).filter((k) => k.endsWith(`$${first}`)).length).toBeGreaterThan(2);
  });

  it("every call made at load time is marked pure, in every file", () => {
    for (const entry of ["internal", "index", "tpl", "cbor"]) {
      const file = `generated/${doc}/${entry}.ts`;
      const unmarked = unmarkedLoadTimeCalls(readFileSync(`${root}/${file}`, "utf8"));
      expect(unmarked, file).toEqual([]);
    }
  });

  it("imports other documents through their internal entry, only those it uses", () => {
    const text = readFileSync(`${root}/generated/${doc}/internal.ts`, "utf8");
    for (const m of text.matchAll(/import \* as (\$doc\$\w+) from "([^"]+)"/g)) {
      expect(m[2]).toMatch(/^\.\.\/[a-z0-9-]+\/internal\.js$/);
      expect(text.split(`${m[1]!}.`).length, m[1]).toBeGreaterThan(1);
    }
  });
});

/** Calls and `new` expressions evaluated when the module loads (outside any function) with no pure annotation before them. */
function unmarkedLoadTimeCalls(text: string): string[] {
  const sf = ts.createSourceFile("m.ts", text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return; // runs when called, not when loaded
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // the trivia before the expression: where a bundler looks for the annotation
      if (!text.slice(node.pos, node.getStart(sf)).includes("/* @__PURE__ */")) out.push(node.getText(sf).slice(0, 80));
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of sf.statements) if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) visit(statement);
  return out;
}

describe("the pure-call check", () => {
  it("finds an unmarked call at load time, not one inside a function or a marked one", () => {
    const found = unmarkedLoadTimeCalls("const a = f(1);\nconst b = /* @__PURE__ */ g(2);\nconst c = new Map();\nfunction h() { return k(3); }\nexport const d = { x: () => m(4) };\n");
    expect(found).toEqual(["f(1)", "new Map()"]);
  });
});
