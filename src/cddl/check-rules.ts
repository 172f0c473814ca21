import type { ChoiceOfRef, Pos, Ref, Rule, Type, Unwrap } from "./ast.js";
import { walkRule, type UseContext } from "./walk-rule.js";

export type CddlSeverity = "error" | "warning" | "note";

/** A finding about a set of rules; positions are block-relative. */
export interface CddlDiagnostic {
  readonly code: string;
  readonly severity: CddlSeverity;
  readonly message: string;
  readonly at: Pos;
  /** The other place the finding is about (the first definition of a duplicate). */
  readonly relatedAt?: Pos;
}

/**
 * Checks over parsed rules (one block or several blocks of one document,
 * concatenated) with the prelude's rules:
 * - `cddl/duplicate-rule` (error): a name defined twice with `=`; the
 *   second definition is reported, `relatedAt` is the first. Identical
 *   definitions (same AST apart from positions and spacing) are
 *   `cddl/duplicate-rule-identical` (warning).
 * - `cddl/redefines-prelude` (warning): `=` on a name of the prelude with
 *   another definition than the prelude's (repeating it is harmless).
 * - `cddl/choice-without-base` (note): `/=` or `//=` on a name that no `=`
 *   defines; normal for sockets (`$name`, `$$name`), which are not reported.
 * - `cddl/mixed-choice-kinds` (error): a name extended with both `/=` and `//=`.
 * - `cddl/socket-kind` (warning): `$name //=` or `$$name /=`.
 * - `cddl/undefined-name` (error): a name used but not defined; sockets
 *   may stay undefined.
 * - `cddl/generic-arity` (error): generic arguments that do not match the
 *   parameters (too many, too few, or none where some are required).
 * - `cddl/group-as-type` (error): a name that is certainly a group used
 *   where only a type is allowed (after a member key, as an operand of a
 *   range or control operator, in a tag, in a type choice, after `~`);
 *   `cddl/type-as-group` (error): `&name` where `name` is certainly a type.
 */
export function checkRules(rules: readonly Rule[], prelude: readonly Rule[], options: CheckOptions = {}): CddlDiagnostic[] {
  const out: CddlDiagnostic[] = [];
  const table = new NameTable(rules, prelude, options.others);
  const unparsed = new Set(options.unparsed ?? []);
  checkDefinitions(table, out);
  for (const rule of rules) checkUses(rule, table, unparsed, out);
  out.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col || a.code.localeCompare(b.code));
  return out;
}

export interface CheckOptions {
  /**
   * Names of rules that did not parse (`CddlSyntaxError.rule`): uses of
   * them are not reported again as undefined.
   */
  readonly unparsed?: Iterable<string>;
  /**
   * Rules defined elsewhere in the same document (other blocks), looked up
   * by name after the prelude: as if they came after it in `prelude`, but
   * without building a table of every other block for each block.
   */
  readonly others?: (name: string) => Rule | undefined;
}

type NameKind = "type" | "group" | "either";

class NameTable {
  readonly defs = new Map<string, Rule[]>();
  private readonly preludeDefs = new Map<string, Rule>();
  private readonly kinds = new Map<string, NameKind>();

  constructor(
    rules: readonly Rule[],
    prelude: readonly Rule[],
    private readonly others: (name: string) => Rule | undefined = () => undefined,
  ) {
    for (const r of prelude) if (!this.preludeDefs.has(r.name.name)) this.preludeDefs.set(r.name.name, r);
    for (const r of rules) {
      const list = this.defs.get(r.name.name);
      if (list) list.push(r);
      else this.defs.set(r.name.name, [r]);
    }
  }

  preludeRule(name: string): Rule | undefined {
    return this.preludeDefs.get(name) ?? this.others(name);
  }

  isPrelude(name: string): boolean {
    return this.preludeRule(name) !== undefined;
  }

  /** The definition that fixes a name's generic parameters: its first `=`, else its first rule. */
  primary(name: string): Rule | undefined {
    const list = this.defs.get(name);
    if (list) return list.find((r) => r.assign === "=") ?? list[0];
    return this.preludeRule(name);
  }

  /**
   * Whether a name certainly stands for a type, certainly for a group, or
   * could be either. Aliases (`a = b`) are followed in a loop and every
   * name on the way gets the answer, so a chain of thousands of rules is
   * walked once, without recursion; a cycle of aliases is "either".
   */
  kindOf(name: string): NameKind {
    const path: string[] = [];
    const onPath = new Set<string>();
    let kind: NameKind | undefined;
    for (let cur = name; kind === undefined; ) {
      const known = this.kinds.get(cur);
      if (known) kind = known;
      else if (onPath.has(cur)) kind = "either";
      else {
        path.push(cur);
        onPath.add(cur);
        const step = this.ownKind(cur);
        if (typeof step === "string") kind = step;
        else cur = step.alias;
      }
    }
    for (const n of path) this.kinds.set(n, kind);
    return kind;
  }

  /** A name's kind from its own rules, or the name it is an alias of. */
  private ownKind(name: string): NameKind | { alias: string } {
    const pre = this.preludeRule(name);
    const list = this.defs.get(name) ?? (pre ? [pre] : []);
    if (list.some((r) => r.assign === "//=")) return "group";
    if (list.some((r) => r.assign === "/=")) return "type";
    const first = list[0];
    if (first?.kind === "group-rule") return "group";
    if (first?.kind !== "type-rule") return "either";
    let type: Type = first.type;
    while (type.kind === "paren") type = type.type;
    if (type.kind !== "ref") return "type";
    if (first.params.some((p) => p.name === type.name.name)) return "either";
    if (!this.defs.has(type.name.name) && !this.preludeRule(type.name.name)) return "either";
    return { alias: type.name.name };
  }
}

function isSocket(name: string): boolean {
  return name.startsWith("$");
}

function checkDefinitions(table: NameTable, out: CddlDiagnostic[]): void {
  for (const [name, list] of table.defs) {
    const assigned = list.filter((r) => r.assign === "=");
    const first = assigned[0];
    for (const again of assigned.slice(1)) {
      if (first && sameDefinition(first, again)) {
        out.push({
          code: "cddl/duplicate-rule-identical",
          severity: "warning",
          message: `${name} is defined again, identically (first at ${first.at.line}:${first.at.col})`,
          at: again.at,
          relatedAt: first.at,
        });
      } else if (first) {
        out.push({
          code: "cddl/duplicate-rule",
          severity: "error",
          message: `${name} is defined twice with "=" (first at ${first.at.line}:${first.at.col}); use "/=" or "//=" to add choices`,
          at: again.at,
          relatedAt: first.at,
        });
      }
    }
    const fromPrelude = table.preludeRule(name);
    if (first && fromPrelude && !sameDefinition(first, fromPrelude)) {
      out.push({ code: "cddl/redefines-prelude", severity: "warning", message: `${name} redefines the prelude's ${name}`, at: first.at });
    }
    const extensions = list.filter((r) => r.assign !== "=");
    const head = extensions[0];
    if (head && !first && !table.isPrelude(name) && !isSocket(name)) {
      out.push({
        code: "cddl/choice-without-base",
        severity: "note",
        message: `${name} ${head.assign} adds choices, but ${name} is not defined with "="; only sockets ($name, $$name) are usually left open like this`,
        at: head.at,
      });
    }
    const typeExt = extensions.find((r) => r.assign === "/=");
    const groupExt = extensions.find((r) => r.assign === "//=");
    if (typeExt && groupExt) {
      const [a, b] = typeExt.at.line < groupExt.at.line ? [typeExt, groupExt] : [groupExt, typeExt];
      out.push({
        code: "cddl/mixed-choice-kinds",
        severity: "error",
        message: `${name} gets type choices ("/=") and group choices ("//="); it must be one or the other`,
        at: b.at,
        relatedAt: a.at,
      });
    }
    for (const r of list) {
      const wrong = (r.assign === "//=" && name.startsWith("$") && !name.startsWith("$$")) || (r.assign === "/=" && name.startsWith("$$"));
      if (wrong) {
        out.push({
          code: "cddl/socket-kind",
          severity: "warning",
          message: name.startsWith("$$")
            ? `${name} is a group socket ($$), but "/=" adds type choices`
            : `${name} is a type socket ($), but "//=" adds group choices; group sockets are named $$${name.slice(1)}`,
          at: r.at,
        });
      }
    }
  }
}

function checkUses(rule: Rule, table: NameTable, unparsed: ReadonlySet<string>, out: CddlDiagnostic[]): void {
  const params = new Set(rule.params.map((p) => p.name));
  walkRule(rule, {
    ref(node, context) {
      const name = node.name.name;
      if (params.has(name)) {
        if (node.args.length > 0) out.push(arity(node, `${name} is a generic parameter of ${rule.name.name} and takes no arguments`));
        return;
      }
      const def = table.primary(name);
      if (!def) {
        if (!isSocket(name) && !unparsed.has(name)) {
          out.push({ code: "cddl/undefined-name", severity: "error", message: `${name} is not defined`, at: node.name.at });
        }
        return;
      }
      const want = def.params.length;
      const got = node.args.length;
      if (want !== got) {
        const message =
          want === 0
            ? `${name} is not generic, but ${got} generic argument${got === 1 ? " is" : "s are"} given`
            : `${name} takes ${want} generic argument${want === 1 ? "" : "s"} (${def.params.map((p) => p.name).join(", ")}), but ${got} ${got === 1 ? "is" : "are"} given`;
        out.push({ ...arity(node, message), relatedAt: def.at });
      }
      checkKind(node, context, table, out);
    },
  });
}

function arity(node: Ref | Unwrap | ChoiceOfRef, message: string): CddlDiagnostic {
  return { code: "cddl/generic-arity", severity: "error", message, at: node.name.at };
}

function checkKind(node: Ref | Unwrap | ChoiceOfRef, context: UseContext, table: NameTable, out: CddlDiagnostic[]): void {
  const name = node.name.name;
  const kind = table.kindOf(name);
  if (node.kind === "choice-of-ref") {
    if (kind === "type") {
      out.push({ code: "cddl/type-as-group", severity: "error", message: `&${name} needs a group, but ${name} is a type`, at: node.name.at });
    }
    return;
  }
  const typeOnly = node.kind === "unwrap" || context === "type";
  if (typeOnly && kind === "group") {
    const where = node.kind === "unwrap" ? `~${name} unwraps a map or array type` : "only a type is allowed here";
    out.push({ code: "cddl/group-as-type", severity: "error", message: `${name} is a group, but ${where}`, at: node.name.at });
  }
}

/** Same definition apart from positions and spacing. */
function sameDefinition(a: Rule, b: Rule): boolean {
  return canonical(a) === canonical(b);
}

function canonical(rule: Rule): string {
  return JSON.stringify(rule, (key, value: unknown) => {
    if (key === "at" || key === "text") return undefined;
    return typeof value === "bigint" ? `${value}n` : value;
  });
}
