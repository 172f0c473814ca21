/**
 * After `tsc -p tsconfig.build.json` (dist/): builds what the two packages
 * ship beyond it (npm run build runs both).
 *
 * - packages/runtime/dist/esm: the compiled runtime (src/runtime) and the
 *   built-in generated modules, as tsc wrote them into dist/;
 * - packages/runtime/dist/cjs: the same modules as CommonJS (esbuild, one
 *   file at a time, no bundling) with the same declarations, under a
 *   package.json that makes Node and TypeScript read them as CommonJS;
 * - dist/reexport: the entries mimi-codec kept for its existing users
 *   (`mimi-codec/runtime`, `mimi-codec/rfc9420`, ...), each re-exporting
 *   the runtime package's entry, in both formats, so an application that
 *   imports both names gets one copy of each module.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { BUILTIN_DOCUMENTS } from "../src/compile/builtin.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const runtimePackage = join(root, "packages", "runtime");

/** The entries of mimi-codec that re-export the runtime package's: mimi-codec subpath -> runtime subpath. */
export const REEXPORTED: Readonly<Record<string, string>> = {
  runtime: "",
  "runtime/cddl": "/cddl",
  ...Object.fromEntries(BUILTIN_DOCUMENTS.map((d) => [d, `/${d}`])),
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Files written by this run; the rest of each output folder is removed at the end. */
const written = new Set<string>();

/**
 * Each file appears whole (written beside, then renamed): tests that bundle
 * or pack the runtime package may read it while another test's `npm pack`
 * runs this build again.
 */
function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  written.add(path);
}

/** Remove what an earlier build left under `dir` and this one did not write. */
function removeStale(dir: string): void {
  if (!existsSync(dir)) return;
  for (const file of filesUnder(dir)) if (!written.has(file) && !file.endsWith(".tmp")) rmSync(file);
}

function buildRuntimePackage(): number {
  const out = join(runtimePackage, "dist");
  let modules = 0;
  for (const tree of ["src/runtime", "generated"]) {
    for (const file of filesUnder(join(root, "dist", tree))) {
      const rel = relative(join(root, "dist"), file);
      if (file.endsWith(".d.ts")) {
        const text = readFileSync(file, "utf8");
        for (const format of ["esm", "cjs"]) write(join(out, format, rel), text);
      } else if (file.endsWith(".js")) {
        const text = readFileSync(file, "utf8");
        write(join(out, "esm", rel), text);
        write(join(out, "cjs", rel), transformSync(text, { format: "cjs", target: "es2022", loader: "js" }).code);
        modules++;
      }
    }
  }
  // without it the CommonJS files would be read as ES modules (the package says "type": "module")
  write(join(out, "cjs", "package.json"), '{ "type": "commonjs" }\n');
  removeStale(out);
  return modules;
}

function buildReexports(): void {
  const out = join(root, "dist", "reexport");
  for (const [from, to] of Object.entries(REEXPORTED)) {
    const spec = JSON.stringify(`@mimi-codec/runtime${to}`);
    const base = join(out, from);
    const note = `// mimi-codec/${from}: the runtime package's entry (npm run build writes this file)\n`;
    write(`${base}.js`, `${note}export * from ${spec};\n`);
    write(`${base}.d.ts`, `${note}export * from ${spec};\n`);
    write(`${base}.cjs`, `${note}module.exports = require(${spec});\n`);
    write(`${base}.d.cts`, `${note}export * from ${spec};\n`);
  }
  removeStale(out);
}

const modules = buildRuntimePackage();
buildReexports();
console.log(`packages/runtime/dist: ${modules} modules as ESM and CommonJS; dist/reexport: ${Object.keys(REEXPORTED).length} entries of mimi-codec`);
