/**
 * Builds the playground as static files: index.html, playground.js (one
 * classic script, so it runs from file:// where module scripts may not)
 * and playground.css. esbuild bundles playground/main.tsx for the browser;
 * the two Node edges of the compiler (extract/node-io.ts, codegen/
 * format-module.ts) are mapped to the page's own (src/playground/browser),
 * and any other Node module reached fails the build, naming who imports it.
 * esbuild is a development dependency: the package ships dist/playground.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Metafile, Plugin } from "esbuild";

export interface PlaygroundBuild {
  /** File name -> bytes written. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Every source file the bundle holds (project-relative), to check what went in, with its bytes in the bundle. */
  readonly inputs: ReadonlyMap<string, number>;
  /** Bytes of each file gzipped (-9), and their sum: the page weight over the wire. */
  readonly gzipped: ReadonlyMap<string, number>;
  readonly gzippedTotal: number;
}

/** A Node module reached from the page's code. */
export class NodeModuleInPageError extends Error {
  override readonly name = "NodeModuleInPageError";
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The page's stand-ins for the compiler's Node edges (see the files' own comments). */
const EDGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\/src\/extract\/node-io\.(js|ts)$/, "src/playground/browser/node-io.ts"],
  [/\/src\/codegen\/format-module\.(js|ts)$/, "src/playground/browser/format-module.ts"],
];

function browserEdges(root: string): Plugin {
  return {
    name: "mimi-playground-edges",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (NODE_BUILTINS.has(args.path)) {
          return { errors: [{ text: `${args.path} is a Node module; the page cannot have it (imported by ${relative(root, args.importer)})` }] };
        }
        if (!args.path.startsWith(".")) return undefined;
        const target = resolve(args.resolveDir, args.path);
        const edge = EDGES.find(([re]) => re.test(target));
        return edge ? { path: join(root, edge[1]) } : undefined;
      });
    },
  };
}

/** The project root from src/playground or dist/src/playground. */
export function playgroundRoot(from = dirname(new URL(import.meta.url).pathname)): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, "playground", "main.tsx"));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error("cannot find the playground's sources (playground/main.tsx)");
}

/**
 * Bundle the page; write it to `outDir` when given. `entry` (project-relative)
 * replaces the page's own entry, for checking what another module pulls in.
 * Throws NodeModuleInPageError when a Node module is reached.
 */
export async function buildPlayground(opts: { outDir?: string; root?: string; entry?: string } = {}): Promise<PlaygroundBuild> {
  const root = opts.root ?? playgroundRoot();
  const outDir = opts.outDir;
  const esbuild = await import("esbuild");
  let result: Awaited<ReturnType<typeof esbuild.build>> & { metafile: Metafile };
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { playground: join(root, opts.entry ?? "playground/main.tsx") },
      bundle: true,
      write: false,
      outdir: "out",
      format: "iife",
      platform: "browser",
      target: "es2022",
      minify: true,
      metafile: true,
      legalComments: "none",
      jsx: "automatic",
      jsxImportSource: "preact",
      logLevel: "silent",
      plugins: [browserEdges(root)],
    });
  } catch (e) {
    const errors = (e as { errors?: { text: string }[] }).errors ?? [];
    const node = errors.find((x) => x.text.includes("is a Node module"));
    if (node) throw new NodeModuleInPageError(node.text);
    throw e;
  }
  const files = new Map<string, Uint8Array>();
  for (const f of result.outputFiles ?? []) files.set(f.path.split("/").pop()!, f.contents);
  files.set("index.html", new TextEncoder().encode(readFileSync(join(root, "playground", "index.html"), "utf8")));
  const gzipped = new Map([...files].map(([name, bytes]) => [name, gzipSync(bytes, { level: 9 }).length] as const));
  if (outDir !== undefined) {
    mkdirSync(outDir, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(outDir, name), bytes);
  }
  const inputs = new Map<string, number>();
  for (const out of Object.values(result.metafile.outputs)) for (const [file, x] of Object.entries(out.inputs)) inputs.set(file, (inputs.get(file) ?? 0) + x.bytesInOutput);
  return { files, inputs, gzipped, gzippedTotal: [...gzipped.values()].reduce((a, b) => a + b, 0) };
}
