/**
 * Type-check generated modules in-process with the TypeScript compiler API:
 * the project's own compiler options (tsconfig.json: strict, NodeNext,
 * noUncheckedIndexedAccess, verbatimModuleSyntax, ...), plus
 * noUnusedLocals/noUnusedParameters so their diagnostics can be counted
 * apart (issue 12 wants generated code clean of them; until then they are
 * counted, not failed). The modules import the runtime as `gen --out`
 * writes it (`@mimi-codec/runtime`, `@mimi-codec/runtime/<doc>/internal`);
 * `paths` resolves those to this checkout's sources.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Diagnostics that only noUnusedLocals / noUnusedParameters produce. */
const UNUSED_CODES = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205]);

export interface ModuleCheck {
  /** Type errors: any is a finding. */
  readonly errors: string[];
  /** noUnusedLocals / noUnusedParameters diagnostics (counted only). */
  readonly unused: string[];
}

function projectOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath);
  return {
    ...parsed.options,
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noEmit: true,
    declaration: false,
    rootDir: undefined,
    // generated modules and the runtime are for any JavaScript host: no Node types
    types: [],
    paths: {
      "@mimi-codec/runtime": [join(ROOT, "src", "runtime", "index.ts")],
      "@mimi-codec/runtime/cddl": [join(ROOT, "src", "runtime", "cddl", "index.ts")],
      "@mimi-codec/runtime/*": [join(ROOT, "generated", "*.ts")],
    },
  };
}

let options: ts.CompilerOptions | undefined;
let previous: ts.Program | undefined;

/**
 * Write `modules` (one source text each) under `dir` and type-check them
 * together in one program. Returns one result per module, in order.
 */
export function typecheckModules(dir: string, modules: readonly string[]): ModuleCheck[] {
  options ??= projectOptions();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const files = modules.map((text, i) => {
    const file = join(dir, `m${i}`, "index.ts");
    mkdirSync(join(dir, `m${i}`), { recursive: true });
    writeFileSync(file, text);
    return file;
  });
  const host = ts.createCompilerHost(options);
  // the runtime's sources are parsed once and reused by later batches
  const program = ts.createProgram({ rootNames: files, options, host, ...(previous ? { oldProgram: previous } : {}) });
  previous = program;
  return files.map((file) => {
    const sf = program.getSourceFile(file);
    if (!sf) return { errors: [`${file}: not in the program`], unused: [] };
    const all = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    const errors: string[] = [];
    const unused: string[] = [];
    for (const d of all) (UNUSED_CODES.has(d.code) ? unused : errors).push(describe(d));
    return { errors, unused };
  });
}

function describe(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const src = d.file.text.split("\n")[line] ?? "";
  return `TS${d.code} at ${line + 1}:${character + 1}: ${text} | ${src.trim().slice(0, 160)}`;
}
