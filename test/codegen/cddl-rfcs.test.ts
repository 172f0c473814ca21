import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCddlFolder, type CddlFileResult } from "../helpers/cddl-corpus.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * Every published RFC's CDDL in ../shared/drafts/cddl-rfcs, compiled as a
 * user would (imports resolved from the same folder): every definition
 * gets a codec or a located error, few need the validated generic codec,
 * and every generated module type-checks in a strict consumer.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

describe.skipIf(!HAVE_DRAFTS)("the CDDL of published RFCs", () => {
  let rows: CddlFileResult[];
  beforeAll(async () => {
    rows = await compileCddlFolder(join(DRAFTS, "cddl-rfcs"), join(mkdtempSync(join(tmpdir(), "cddl-rfcs-")), "generated"), join(root, "src", "runtime"));
  }, 240_000);

  it("every definition has a codec, except those an error names (RFC 9594's AIF examples use RFC 9237 names not in the folder)", () => {
    const total = rows.reduce((n, r) => n + r.definitions, 0);
    const withCodec = rows.reduce((n, r) => n + r.specialised + r.generic, 0);
    const notCompiled = rows.filter((r) => r.notCompiled > 0);
    expect(notCompiled.every((r) => r.errors > 0)).toBe(true);
    expect(notCompiled.map((r) => r.file).every((f) => f.includes("rfc9594-example") && f.includes("aif"))).toBe(true);
    expect(withCodec + notCompiled.reduce((n, r) => n + r.notCompiled, 0)).toBe(total);
    expect(total).toBeGreaterThan(600);
  });

  it("under 5% of the definitions need the validated generic codec", () => {
    const total = rows.reduce((n, r) => n + r.definitions, 0);
    const generic = rows.reduce((n, r) => n + r.generic, 0);
    expect(generic / total).toBeLessThan(0.05);
  });

  it("every generated module passes tsc --strict --noUnusedLocals --noUnusedParameters", () => {
    const program = ts.createProgram(
      rows.map((r) => r.module),
      { strict: true, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] },
    );
    const messages = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(messages).toEqual([]);
  }, 240_000);
});
