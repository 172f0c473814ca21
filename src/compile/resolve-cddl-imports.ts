import type { Rule } from "../cddl/ast.js";
import { parseCddl } from "../cddl/parse-cddl.js";
import { preludeNames } from "../cddl/prelude.js";
import { diag, type Diagnostic } from "../diagnostics/index.js";
import { makeBlock, splitLines, type CodeBlock, type ExtractIo, type PlacedLine } from "../extract/index.js";

/**
 * CDDL split over files. A block's `;# include NAME` brings every rule of
 * NAME.cddl, `;# import NAME` the rules this document needs from it
 * (draft-ietf-cbor-cddl-modules, as the cddlc tool reads them); both look in
 * the including file's folder, then the --cddl-path folders. A file that is
 * nothing but names of .cddl files beside it (cddlc's include lists) includes
 * them. Names still undefined are looked up in the .cddl files of those
 * folders, each use reported as a note that says which directive to write.
 */
export interface CddlImportOptions {
  readonly io: ExtractIo;
  /** Folders searched after the including file's own (--cddl-path). */
  readonly cddlPath?: readonly string[];
  /** Files read at most (imports of imports included). */
  readonly maxFiles?: number;
}

const DIRECTIVE = /^\s*;#\s*(import|include)\s+([^\s;]+)/;
const DEFAULT_MAX_FILES = 64;

interface Loaded {
  readonly path: string;
  readonly lines: readonly string[];
  readonly rules: readonly Rule[];
}

export function resolveCddlImports(blocks: readonly CodeBlock[], opts: CddlImportOptions): { blocks: CodeBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: CodeBlock[] = [...blocks];
  const loaded = new Map<string, Loaded | null>();
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const load = (path: string): Loaded | null => {
    if (loaded.has(path)) return loaded.get(path)!;
    if (loaded.size >= maxFiles) return null;
    let text: string;
    try {
      text = opts.io.readFile(path);
    } catch {
      loaded.set(path, null);
      return null;
    }
    const entry = { path, lines: splitLines(text), rules: parseCddl(text).rules };
    loaded.set(path, entry);
    return entry;
  };
  const folders = (file: string) => [dirOf(file), ...(opts.cddlPath ?? [])];
  const find = (name: string, from: string): string | undefined => {
    for (const dir of folders(from)) for (const p of [`${dir}/${name}.cddl`, `${dir}/${name}`]) if (opts.io.exists(p)) return p;
    return undefined;
  };
  const selective: Loaded[] = [];
  // the document's own files count as included already (a cycle back to them ends there)
  const includedPaths = new Set<string>(blocks.map((b) => b.file));
  const include = (l: Loaded) => {
    if (includedPaths.has(l.path)) return;
    includedPaths.add(l.path);
    const block = wholeFile(l);
    out.push(block);
    queue.push(block);
  };

  // directives, followed through the files they bring in
  const queue: CodeBlock[] = [...blocks];
  while (queue.length > 0) {
    const block = queue.shift()!;
    const lines = block.text.split("\n");
    const list = fileList(lines, block.file, opts.io);
    if (list) {
      for (const p of list) {
        const l = load(p);
        if (l) include(l);
      }
      out.splice(out.indexOf(block), 1); // the list itself is not CDDL
      diagnostics.push(diag("note", "cddl/file-list", `this file only names other .cddl files; they are included (${list.map(baseName).join(", ")})`, { file: block.file, line: block.lines[0]?.line ?? 1, col: 1 }));
      continue;
    }
    lines.forEach((text, i) => {
      const m = DIRECTIVE.exec(text);
      if (!m) return;
      const at = { file: block.lines[i]?.file ?? block.file, line: block.lines[i]?.line ?? i + 1, col: (block.lines[i]?.colOffset ?? 0) + text.indexOf(";") + 1 };
      const path = find(m[2]!, block.file);
      const l = path ? load(path) : null;
      if (!l) {
        const where = folders(block.file).join(", ");
        diagnostics.push(diag("error", "cddl/missing-import", `${m[1]} ${m[2]}: no ${m[2]}.cddl in ${where} (give its folder with --cddl-path)`, at));
        return;
      }
      if (m[1] === "include") include(l);
      else if (!selective.includes(l)) selective.push(l);
    });
  }

  // what the document still needs: from its imports first, then from the files beside it
  // each block parsed once here, however often what it needs is asked (a draft's CDDL block may be megabytes)
  const parsed = new Map<string, readonly Rule[]>();
  const rulesOf = (text: string): readonly Rule[] => {
    let rules = parsed.get(text);
    if (!rules) parsed.set(text, (rules = parseCddl(text).rules));
    return rules;
  };
  const defined = () => new Set(out.flatMap((b) => rulesOf(b.text).map((r) => r.name.name)));
  const needed = (): Set<string> => {
    const have = defined();
    const prelude = preludeNames();
    const want = new Set<string>();
    for (const b of out) for (const n of namesUsed(rulesOf(b.text))) if (!have.has(n) && !prelude.has(n)) want.add(n);
    return want;
  };
  const take = (l: Loaded, want: Set<string>): string[] => {
    const picked = pickRules(l.rules, want);
    if (picked.length === 0) return [];
    out.push(ruleBlock(l, picked));
    return picked.map((r) => r.name.name);
  };
  let want = needed();
  for (const l of selective) take(l, want);
  want = needed();
  if (want.size > 0 && opts.io.listDir) {
    const seen = new Set(loaded.keys());
    const dirs = [...new Set(blocks.flatMap((b) => folders(b.file)))];
    for (const dir of dirs) {
      for (const f of safeList(opts.io, dir).filter((n) => n.endsWith(".cddl")).sort()) {
        if (want.size === 0) break;
        const path = `${dir}/${f}`;
        if (seen.has(path) || blocks.some((b) => b.file === path)) continue;
        seen.add(path);
        const l = load(path);
        if (!l) continue;
        const names = take(l, want);
        if (names.length === 0) continue;
        const first = firstUse(blocks, names);
        diagnostics.push(
          diag("note", "cddl/implicit-import", `${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""} not defined here: taken from ${f} in ${dir} (say so with \`;# import ${f.replace(/\.cddl$/, "")}\`)`, first),
        );
        want = needed();
      }
    }
  }
  return { blocks: out, diagnostics };
}

function dirOf(file: string): string {
  const i = file.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : file.slice(0, i);
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

function safeList(io: ExtractIo, dir: string): string[] {
  try {
    return io.listDir ? io.listDir(dir) : [];
  } catch {
    return [];
  }
}

/** cddlc's include lists: every non-blank, non-comment line names a .cddl file beside this one. */
function fileList(lines: readonly string[], file: string, io: ExtractIo): string[] | null {
  const named = lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith(";"));
  if (named.length === 0 || !named.every((l) => /^[\w.-]+\.cddl$/.test(l))) return null;
  const paths = named.map((n) => `${dirOf(file)}/${n}`);
  return paths.every((p) => io.exists(p)) ? paths : null;
}

function wholeFile(l: Loaded): CodeBlock {
  const placed: PlacedLine[] = l.lines.map((text, i) => ({ text, file: l.path, line: i + 1, colOffset: 0 }));
  return makeBlock({ lang: "cddl", info: "", section: "", origin: "include", fallbackFile: l.path }, placed);
}

/** A block holding just these rules of a file, each at its own lines. */
function ruleBlock(l: Loaded, rules: readonly Rule[]): CodeBlock {
  const placed: PlacedLine[] = [];
  for (const r of [...rules].sort((a, b) => a.at.line - b.at.line)) {
    const span = r.text.split("\n").length;
    for (let i = 0; i < span; i++) {
      const line = r.at.line + i;
      placed.push({ text: l.lines[line - 1] ?? "", file: l.path, line, colOffset: 0 });
    }
  }
  return makeBlock({ lang: "cddl", info: "", section: "", origin: "include", fallbackFile: l.path }, placed);
}

/** The rules defining `want`, and what they use, transitively (all `/=` and `//=` parts of a name). */
function pickRules(rules: readonly Rule[], want: ReadonlySet<string>): Rule[] {
  const byName = new Map<string, Rule[]>();
  for (const r of rules) (byName.get(r.name.name) ?? byName.set(r.name.name, []).get(r.name.name)!).push(r);
  const picked = new Set<Rule>();
  const stack = [...want].filter((n) => byName.has(n));
  const done = new Set<string>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (done.has(n)) continue;
    done.add(n);
    for (const r of byName.get(n) ?? []) {
      picked.add(r);
      for (const m of namesUsed([r])) if (byName.has(m) && !done.has(m)) stack.push(m);
    }
  }
  return [...picked];
}

/** Every name the rules' right-hand sides mention, without their own generic parameters. Iterative: rules come from drafts. */
export function namesUsed(rules: readonly Rule[]): Set<string> {
  const used = new Set<string>();
  for (const r of rules) {
    const params = new Set(r.params.map((p) => p.name));
    const stack: unknown[] = [r.kind === "type-rule" ? r.type : r.entry];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) {
        for (const x of node as unknown[]) stack.push(x); // not push(...node): a choice of 150,000 values is more arguments than a call takes
        continue;
      }
      if (node === null || typeof node !== "object") continue;
      const o = node as { kind?: string; name?: { name?: string } };
      if ((o.kind === "ref" || o.kind === "unwrap" || o.kind === "choice-of-ref") && typeof o.name?.name === "string" && !params.has(o.name.name)) used.add(o.name.name);
      for (const [k, v] of Object.entries(node)) if (k !== "at" && typeof v === "object") stack.push(v);
    }
  }
  return used;
}

function firstUse(blocks: readonly CodeBlock[], names: readonly string[]): { file: string; line: number; col: number } {
  for (const b of blocks) {
    const lines = b.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      for (const n of names) {
        const m = new RegExp(`(?<![\\w$@.-])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w$@.-])`).exec(lines[i]!);
        if (m) return { file: b.lines[i]?.file ?? b.file, line: b.lines[i]?.line ?? i + 1, col: (b.lines[i]?.colOffset ?? 0) + m.index + 1 };
      }
    }
  }
  return { file: blocks[0]?.file ?? "", line: 1, col: 1 };
}
