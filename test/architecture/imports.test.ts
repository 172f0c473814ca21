import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Imports point one way (DESIGN.md): runtime <- generated <- pipeline/report
 * <- cli, and extract/tpl/cddl/edn -> ir -> codegen. This reads every import
 * of src/ and generated/ and checks each against the allowed directions, and
 * that the folder graph has no cycle.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

/** What each layer may import (besides itself and npm packages). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  "src/runtime": [],
  "src/diagnostics": [],
  "src/extract": ["src/diagnostics"],
  "src/tpl": ["src/diagnostics"],
  "src/cddl": ["src/diagnostics", "src/tpl"], // shares the grammar loader
  "src/edn": ["src/runtime", "src/tpl"],
  "src/ir": ["src/diagnostics", "src/tpl", "src/cddl"],
  "src/json": ["src/ir", "src/runtime", "src/diagnostics"],
  "src/codegen": ["src/ir", "src/diagnostics", "src/compile", "src/json"],
  "src/compile": ["src/diagnostics", "src/extract", "src/tpl", "src/cddl", "src/edn", "src/ir"],
  "src/compare": ["src/ir", "src/compile", "src/diagnostics"],
  "src/validate": ["src/cddl", "src/runtime", "src/diagnostics", "src/extract", "src/compile", "src/edn"],
  "src/testing": ["src/ir", "src/runtime"],
  "generated": ["src/runtime", "generated"],
  "src/pipeline": ["src/runtime", "generated", "src/edn"],
  "src/report": ["src/runtime", "generated", "src/pipeline", "src/edn", "src/ir", "src/compile"],
  "src/merge": ["src/ir", "src/compile", "src/compare", "src/diagnostics"],
  "src/check": ["src/diagnostics", "src/extract", "src/edn", "src/runtime", "src/pipeline"],
  "src/cli": ["*"],
};

function layerOf(file: string): string {
  const rel = relative(root, file);
  if (rel.startsWith("generated/")) return "generated";
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
