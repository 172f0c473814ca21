import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Imports point one way (ARCHITECTURE.md): runtime <- generated <- pipeline/report
 * <- cli, and extract/tpl/cddl/edn -> ir -> codegen. This reads every import
 * of src/ and generated/ and checks each against the allowed directions, and
 * that the folder graph has no cycle.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

/** What each layer may import (besides itself and npm packages). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  "src/runtime": [],
  // the CDDL validator core and its AST: what a generated module's validated generic codec runs on
  "src/runtime/cddl": ["src/runtime"],
  "src/diagnostics": [],
  "src/extract": ["src/diagnostics"],
  "src/parsers": [], // generated from grammar/*.peggy (scripts/gen-parsers.ts)
  "src/tpl": ["src/diagnostics", "src/parsers"],
  "src/cddl": ["src/diagnostics", "src/tpl", "src/runtime/cddl"], // shares the grammar loader; the AST lives with the validator core
  "src/edn": ["src/runtime", "src/tpl"],
  "src/ir": ["src/diagnostics", "src/tpl", "src/cddl", "src/runtime/cddl"], // validated generic codecs embed portable schemas
  "src/json": ["src/ir", "src/runtime", "src/diagnostics"],
  "src/codegen": ["src/ir", "src/diagnostics", "src/compile", "src/json"],
  "src/compile": ["src/diagnostics", "src/extract", "src/tpl", "src/cddl", "src/edn", "src/ir"],
  "src/compare": ["src/ir", "src/compile", "src/diagnostics"],
  "src/validate": ["src/cddl", "src/runtime", "src/runtime/cddl", "src/diagnostics", "src/extract", "src/compile", "src/edn"],
  "src/testing": ["src/ir", "src/runtime"],
  "generated": ["src/runtime", "src/runtime/cddl", "generated"],
  "src/pipeline": ["src/runtime", "generated", "src/edn"],
  "src/report": ["src/runtime", "generated", "src/pipeline", "src/edn", "src/ir", "src/compile"],
  "src/merge": ["src/ir", "src/compile", "src/compare", "src/diagnostics"],
  "src/check": ["src/diagnostics", "src/extract", "src/edn", "src/runtime", "src/pipeline"],
  // the playground's page logic: the compiler core, codegen and runtime, all bundled for the browser (src/playground/build.ts)
  "src/playground": ["src/runtime", "src/runtime/cddl", "generated", "src/compile", "src/extract", "src/codegen", "src/ir", "src/json", "src/edn", "src/report", "src/pipeline", "src/check", "src/compare", "src/diagnostics", "schemas"],
  "src/cli": ["*"],
};

/** Folders below a layer that are layers of their own. */
const SUBLAYERS = ["src/runtime/cddl"];

function layerOf(file: string): string {
  const rel = relative(root, file);
  if (rel.startsWith("generated/")) return "generated";
  if (rel.startsWith("schemas/")) return "schemas"; // the checked-in JSON the playground embeds
  const sub = SUBLAYERS.find((s) => rel.startsWith(s + "/"));
  if (sub) return sub;
  const parts = rel.split("/");
  return parts.slice(0, 2).join("/");
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const files = [...walk(join(root, "src")), ...walk(join(root, "generated"))];
const edges: Array<{ from: string; to: string; file: string; spec: string }> = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n;]*?from\s+["']([^"']+)["']/g)) {
    const spec = m[1]!;
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(file), spec);
    edges.push({ from: layerOf(file), to: layerOf(target), file: relative(root, file), spec });
  }
  for (const m of text.matchAll(/import\(\s*["'](\.[^"']+)["']\s*\)/g)) {
    edges.push({ from: layerOf(file), to: layerOf(resolve(dirname(file), m[1]!)), file: relative(root, file), spec: m[1]! });
  }
}

describe("import directions", () => {
  it("reads the imports of every source file", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
  });

  it("every import points the allowed way", () => {
    const bad = edges.filter((e) => {
      if (e.from === e.to) return false;
      const allowed = ALLOWED[e.from];
      if (!allowed) return true; // a new folder must be placed in the table
      return !allowed.includes("*") && !allowed.includes(e.to);
    });
    expect(bad.map((e) => `${e.file} imports ${e.spec} (${e.from} -> ${e.to})`)).toEqual([]);
  });

  it("the folder graph has no cycle", () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) if (e.from !== e.to) (graph.get(e.from) ?? graph.set(e.from, new Set()).get(e.from)!).add(e.to);
    const state = new Map<string, "open" | "done">();
    const cycle: string[] = [];
    const visit = (n: string, path: string[]): boolean => {
      if (state.get(n) === "open") {
        cycle.push(...path.slice(path.indexOf(n)), n);
        return true;
      }
      if (state.get(n) === "done") return false;
      state.set(n, "open");
      for (const m of graph.get(n) ?? []) if (visit(m, [...path, n])) return true;
      state.set(n, "done");
      return false;
    };
    for (const n of graph.keys()) if (visit(n, [])) break;
    expect(cycle).toEqual([]);
  });
});

describe("generated code is built only through the safe emitter", () => {
  it("only src/codegen/code.ts can make Code, and its constructor token is not exported", () => {
    const codegen = walk(join(root, "src", "codegen"));
    const makers = codegen.filter((f) => /new Code\(/.test(readFileSync(f, "utf8"))).map((f) => relative(root, f));
    expect(makers).toEqual(["src/codegen/code.ts"]);
    const codeTs = readFileSync(join(root, "src", "codegen", "code.ts"), "utf8");
    expect(codeTs).toMatch(/^const TOKEN: unique symbol/m);
    expect(codeTs).not.toMatch(/export[^\n]*\bTOKEN\b/);
  });

  it("the generators emit Code, not strings: no function in them returns string[] of code", () => {
    const generators = walk(join(root, "src", "codegen")).filter((f) => /\/(gen-[^/]+|emit-module|emitter-base)\.ts$/.test(f) && !f.endsWith("gen-json-schema.ts")); // JSON Schemas are JSON.stringify output, not code
    expect(generators.length).toBeGreaterThan(5);
    const offenders = generators.filter((f) => /\): string\[\]\s*\{/.test(readFileSync(f, "utf8"))).map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
