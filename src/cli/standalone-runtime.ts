import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { OutputFile } from "../codegen/generate-files.js";
import { BUILTIN_DOCUMENTS, projectRoot } from "../compile/builtin.js";

/** Where `gen --standalone` puts the runtime, beside generated/; what the modules in generated/<doc>/ import. */
export const STANDALONE_RUNTIME = "../../runtime/index.js";

/** A built-in module's imports, as the repository writes them, and what they become in the copy under runtime/<doc>/. */
const REWRITES: ReadonlyArray<readonly [string, string]> = [
  ['"../../src/runtime/index.js"', '"../index.js"'],
  ['"../../src/runtime/cddl/index.js"', '"../cddl/index.js"'],
];

export class StandaloneCopyError extends Error {
  override readonly name = "StandaloneCopyError";
}

/**
 * The files `gen --standalone` writes beside the generated modules so that
 * they need no package: runtime/ holds the runtime's TypeScript sources
 * (src/runtime, which mimi-codec ships) and, under runtime/<doc>/, each
 * built-in document that a generated module (or another such built-in)
 * imports, its imports pointed at the copy. `generated` are the files gen
 * wrote; `command` goes into the copies' headers.
 */
export function standaloneRuntimeFiles(generated: readonly OutputFile[], command: string): OutputFile[] {
  const root = projectRoot();
  const source = join(root, "src", "runtime");
  const out: OutputFile[] = sourcesUnder(source).map((f) => ({ path: `runtime/${relative(source, f)}`, content: readFileSync(f, "utf8") }));
  const wanted = BUILTIN_DOCUMENTS.filter((d) => generated.some((f) => f.content.includes(`"../../runtime/${d}/internal.js"`)));
  const copied = new Set<string>();
  for (let doc = wanted.shift(); doc !== undefined; doc = wanted.shift()) {
    if (copied.has(doc)) continue;
    copied.add(doc);
    for (const entry of ["internal", "index", "tpl", "cbor"]) {
      const text = copyOfBuiltin(readFileSync(join(root, "generated", doc, `${entry}.ts`), "utf8"), doc, command);
      out.push({ path: `runtime/${doc}/${entry}.ts`, content: text });
      if (entry === "internal") wanted.push(...BUILTIN_DOCUMENTS.filter((d) => text.includes(`"../${d}/internal.js"`)));
    }
  }
  return out;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? sourcesUnder(p) : p.endsWith(".ts") ? [p] : [];
    });
}

function copyOfBuiltin(text: string, doc: string, command: string): string {
  const header = "// Regenerate with `npm run gen`.\n";
  if (!text.includes(header)) throw new StandaloneCopyError(`internal: generated/${doc} has no regenerate line to replace`);
  let out = text.replace(header, `// Copied from mimi-codec's generated/${doc} by \`${command.replace(/[\r\n\u2028\u2029]/g, " ")}\`.\n`);
  for (const [from, to] of REWRITES) out = out.split(from).join(to);
  if (out.includes('"../../src/')) throw new StandaloneCopyError(`internal: generated/${doc} imports something the standalone copy does not hold`);
  return out;
}
