import type { BytesValue, ChoiceOfRef, Group, GroupEntry, HeadNumber, Ref, Rule, Type, Type1, Type2, Unwrap } from "./ast.js";

/**
 * Where a name is used, as far as type-vs-group matters:
 * - `rule`: the whole right-hand side of a type rule (`a = b` may alias a group);
 * - `entry`: the whole type of a group entry without a key (`[ b ]` may include a group);
 * - `argument`: a generic argument (may be either, depending on the parameter's use);
 * - `type`: anywhere else, where only a type is allowed.
 */
export type UseContext = "rule" | "entry" | "argument" | "type";

export interface RuleVisitor {
  /** Every name used: a type or group reference, `~name` or `&name`. */
  ref?(node: Ref | Unwrap | ChoiceOfRef, context: UseContext): void;
  bytes?(node: BytesValue): void;
}

/** Calls the visitor for every reference and byte string literal of a rule, in source order. */
export function walkRule(rule: Rule, visitor: RuleVisitor): void {
  if (rule.kind === "type-rule") walkType(rule.type, "rule", visitor);
  else walkEntry(rule.entry, visitor);
}

function walkType(type: Type, context: UseContext, v: RuleVisitor): void {
  if (type.kind === "type-choice") {
    for (const alt of type.alternatives) walkType1(alt, "type", v);
  } else {
    walkType1(type, context, v);
  }
}

function walkType1(type: Type1, context: UseContext, v: RuleVisitor): void {
  switch (type.kind) {
    case "range":
      walkType2(type.min, "type", v);
      walkType2(type.max, "type", v);
      return;
    case "control":
      walkType2(type.target, "type", v);
      walkType2(type.controller, "type", v);
      return;
    default:
      walkType2(type, context, v);
  }
}

function walkType2(type: Type2, context: UseContext, v: RuleVisitor): void {
  switch (type.kind) {
    case "ref":
    case "unwrap":
    case "choice-of-ref":
      v.ref?.(type, type.kind === "ref" ? context : "type");
      for (const arg of type.args) walkType1(arg, "argument", v);
      return;
    case "paren":
      walkType(type.type, context, v);
      return;
    case "map":
    case "array":
    case "choice-of-group":
      walkGroup(type.group, v);
      return;
    case "tag":
      if (type.tag) walkHeadNumber(type.tag, v);
      walkType(type.type, "type", v);
      return;
    case "major":
      if (type.ai) walkHeadNumber(type.ai, v);
      return;
    case "bytes":
      v.bytes?.(type);
      return;
    case "int":
    case "float":
    case "text":
    case "any":
      return;
  }
}

function walkHeadNumber(h: HeadNumber, v: RuleVisitor): void {
  if (h.kind === "head-type") walkType(h.type, "type", v);
}

function walkGroup(group: Group, v: RuleVisitor): void {
  for (const choice of group.choices) for (const entry of choice.entries) walkEntry(entry, v);
}

function walkEntry(entry: GroupEntry, v: RuleVisitor): void {
  if (entry.kind === "inline-group") {
    walkGroup(entry.group, v);
    return;
  }
  if (entry.key) {
    if (entry.key.kind === "type-key") walkType1(entry.key.type, "type", v);
    else if (entry.key.kind === "value-key" && entry.key.value.kind === "bytes") v.bytes?.(entry.key.value);
  }
  walkType(entry.type, entry.key ? "type" : "entry", v);
}
