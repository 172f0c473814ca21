import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { compileBuiltins } from "../src/compile/compile-set.js";
import { generateFiles } from "../src/codegen/generate-files.js";
const all = compileBuiltins();
for (const c of all) {
  const files = await generateFiles(c, all.filter((x) => c.ir.imports.includes(x.ir.name)), { runtimeImport: "../../src/runtime/index.js", generatedDir: "generated", schemasDir: "schemas" });
  for (const f of files) { mkdirSync(dirname(f.path), { recursive: true }); writeFileSync(f.path, f.content); }
  console.log(c.ir.name, c.blocks, c.ir.definitions.length, c.broken.size);
}
