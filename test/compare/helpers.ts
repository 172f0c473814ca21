import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { formatLoc, type SourceLoc } from "../../src/diagnostics/index.js";
import type { Finding } from "../../src/compare/finding.js";
import { TypeScope } from "../../src/ir/type-scope.js";
import type { Definition, IRField, IRMember, IRType } from "../../src/ir/types.js";

/** The repository root (two levels above test/compare) and the shared corpus beside it. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DRAFTS = join(ROOT, "..", "shared", "drafts");
export const HAVE_DRAFTS = existsSync(DRAFTS);

// ------------------------------------------------------------ inline IR

export const at = (file: string, line: number, col = 1): SourceLoc => ({ file, line, col });

export function field(name: string, type: IRType, loc: SourceLoc, extra: Partial<IRField> = {}): IRField {
  return { kind: "field", name, type, loc, ...extra };
}

export function define(
  name: string,
  type: IRType,
  loc: SourceLoc,
  kind: Definition["kind"] = type.kind === "record" ? "struct" : type.kind === "enum" ? "enum" : "alias",
): Definition {
  return { name, kind, type, loc, section: "", language: loc.file.endsWith(".cddl") ? "cddl" : "tpl" };
}

export const scopeOf = (...defs: Definition[]) => new TypeScope(defs, []);

export const u = (bits: 8 | 16 | 24 | 32 | 64): IRType => ({ kind: "uint", bits });
export const ref = (name: string): IRType => ({ kind: "ref", name });
export const V = { kind: "varint", min: 0, max: 0x3fffffff } as const;
export const bytesV: IRType = { kind: "bytes", length: V };
export const textV: IRType = { kind: "text", length: V };
export const rec = (members: readonly IRMember[], encoding?: "array" | "map"): IRType => ({
  kind: "record",
  members,
  ...(encoding ? { encoding } : {}),
});

/** `kind path [tpl cbor] left right` per finding: what the tests compare. */
export function show(fs: readonly Finding[]): string[] {
  return fs.map((f) => `${f.kind} ${f.path} [${f.formats.tpl} ${f.formats.cbor}] ${formatLoc(f.left)} ${formatLoc(f.right)}`);
}

export const kinds = (fs: readonly Finding[]) => fs.map((f) => `${f.kind} ${f.path}`);

// ------------------------------------------------------------ inline drafts

/** Files under a fresh temporary directory; returns their paths by name. */
export function writeTemp(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "mimi-compare-"));
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    writeFileSync(p, text);
    out[name] = p;
  }
  return out;
}

/**
 * A compile cache holding an empty rfc9420: a bare .tls/.cddl file imports
 * rfc9420 by default, and these tests must not need the corpus.
 */
export function stubCache(): Map<string, CompiledDocument> {
  const rfc9420: CompiledDocument = {
    ir: { name: "rfc9420", source: "", definitions: [], imports: [] },
    path: "",
    config: { document: "rfc9420", source: "", mode: "strict" },
    diagnostics: [],
    broken: new Map(),
    blocks: 0,
    cddlBlocks: 0,
  };
  return new Map([["rfc9420", rfc9420]]);
}
