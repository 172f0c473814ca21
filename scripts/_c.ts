import { readFileSync } from "node:fs";
import { compileDocument } from "../src/compile/compile-document.js";
import { formatDiagnostic } from "../src/diagnostics/index.js";
const cfg = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
const r = compileDocument({ path: "../shared/drafts/" + cfg.source, config: cfg });
for (const d of r.diagnostics) console.log(formatDiagnostic(d));
console.log("blocks", r.blocks, "defs", r.ir.definitions.length, "broken", [...r.broken.keys()]);
if (process.argv[3]) console.log(JSON.stringify(r.ir.definitions.find(d => d.name === process.argv[3]), null, 1));
