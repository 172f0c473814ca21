/**
 * `npx tsx scripts/cddl-rfcs.ts [folder]`: issue 12's table for a folder of
 * .cddl files (default ../shared/drafts/cddl-rfcs): per file, definitions,
 * specialised and validated generic codecs, diagnostics, and whether the
 * generated module passes `tsc --strict --noUnusedLocals --noUnusedParameters`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { cddlTable, compileCddlFolder } from "../test/helpers/cddl-corpus.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const folder = process.argv[2] ?? join(root, "..", "shared", "drafts", "cddl-rfcs");
const out = join(mkdtempSync(join(tmpdir(), "cddl-rfcs-")), "generated");
const rows = await compileCddlFolder(folder, out, join(root, "src", "runtime"));
const program = ts.createProgram(
  rows.map((r) => r.module),
  { strict: true, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] },
);
const diagnostics = ts.getPreEmitDiagnostics(program);
const byFile = new Map<string, number>();
for (const d of diagnostics) if (d.file) byFile.set(d.file.fileName, (byFile.get(d.file.fileName) ?? 0) + 1);
console.log(cddlTable(rows));
console.log("");
console.log(`tsc --strict --noUnusedLocals --noUnusedParameters: ${rows.filter((r) => !byFile.has(r.module)).length}/${rows.length} modules clean`);
for (const d of diagnostics.slice(0, 20)) console.log(`  ${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
