import Ajv2020Import from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import { pointerToken } from "./json-form.js";
import { jsonSchemaId } from "./schema-id.js";

/**
 * Validate a value in JSON form against the generated JSON Schemas
 * (src/codegen/gen-json-schema.ts) with ajv: draft 2020-12, strict mode,
 * all errors, the uri format, and the OpenAPI `discriminator` keyword so a
 * select reports the errors of the arm its tag selects only.
 */

export interface JsonViolation {
  /** RFC 6901 pointer into the value; for a missing or unknown property, the property's own pointer. */
  readonly pointer: string;
  readonly message: string;
}

// ajv is CommonJS: under NodeNext the default import is module.exports, whose `default` is the class.
type Ajv2020Class = typeof Ajv2020Import.default;
type Ajv2020 = InstanceType<Ajv2020Class>;
const Ajv2020Ctor: Ajv2020Class = ((Ajv2020Import as unknown as { default?: Ajv2020Class }).default ??
  Ajv2020Import) as Ajv2020Class;
type AddFormats = typeof addFormatsImport.default;
const addFormats: AddFormats = ((addFormatsImport as unknown as { default?: AddFormats }).default ??
  addFormatsImport) as AddFormats;

interface CompiledSet {
  readonly ajv: Ajv2020;
  readonly ids: ReadonlySet<string>;
  readonly validators: Map<string, ValidateFunction>;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
const compiledSets = new Map<string, CompiledSet>();

function identity(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

/** A new ajv with every schema of the set added (strict: a schema ajv cannot compile throws here or on first use). */
export function createJsonSchemaAjv(schemaDocs: readonly object[]): Ajv2020 {
  const ajv = new Ajv2020Ctor({ strict: true, allErrors: true, verbose: true, discriminator: true });
  addFormats(ajv, ["uri"]);
  for (const doc of schemaDocs) ajv.addSchema(doc);
  return ajv;
}

/** The schema set, compiled once per set of schema objects (by identity) and cached. */
function compiledSet(schemaDocs: readonly object[]): CompiledSet {
  const key = schemaDocs
    .map(identity)
    .sort((a, b) => a - b)
    .join(",");
  let set = compiledSets.get(key);
  if (!set) {
    const ids = new Set(
      schemaDocs.map((d) => (d as { $id?: unknown }).$id).filter((x): x is string => typeof x === "string"),
    );
    set = { ajv: createJsonSchemaAjv(schemaDocs), ids, validators: new Map() };
    compiledSets.set(key, set);
  }
  return set;
}

/** The validator of one type, compiled on first use. */
export function jsonValidator(schemaDocs: readonly object[], docName: string, typeName: string): ValidateFunction {
  const set = compiledSet(schemaDocs);
  const id = jsonSchemaId(docName);
  if (!set.ids.has(id)) throw new Error(`no JSON Schema with $id ${id} among the ${schemaDocs.length} given`);
  const ref = `${id}#/$defs/${encodeURIComponent(pointerToken(typeName))}`;
  let v = set.validators.get(ref);
  if (!v) {
    const doc = schemaDocs.find((d) => (d as { $id?: unknown }).$id === id) as { $defs?: Record<string, unknown> };
    if (!doc.$defs || !Object.hasOwn(doc.$defs, typeName)) throw new Error(`${docName} has no type ${typeName}`);
    v = set.ajv.compile({ $ref: ref });
    set.validators.set(ref, v);
  }
  return v;
}

/** Every violation of `value` (in JSON form) against docName's schema for typeName; [] when valid. */
export function validateJson(
  schemaDocs: readonly object[],
  docName: string,
  typeName: string,
  value: unknown,
): JsonViolation[] {
  const validate = jsonValidator(schemaDocs, docName, typeName);
  if (validate(value)) return [];
  return reportErrors(validate.errors ?? []);
}

// ------------------------------------------------------------ error report

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

/**
 * ajv's errors as violations. A failed anyOf/oneOf (a union, an optional, a
 * select that cannot use a discriminator) also reports every option that did
 * not apply. An option written inline whose type or tag check failed is
 * dropped with everything it said; so are type errors of options behind a
 * $ref, when some other error explains the failure. Else the summary stays,
 * as "must be A or B" when the options differ in JSON type.
 */
export function reportErrors(errors: readonly ErrorObject[]): JsonViolation[] {
  const drop = new Set<ErrorObject>();
  const replace = new Map<ErrorObject, string>();
  const isSummary = (e: ErrorObject) => e.keyword === "anyOf" || e.keyword === "oneOf";
  const summaries = errors.filter(isSummary);
  // One choice per instance path (an optional of a union has two summaries there), innermost first.
  const paths = [...new Set(summaries.map((e) => e.instancePath))].sort(
    (a, b) => b.split("/").length - a.split("/").length,
  );
  for (const at of paths) {
    const here = summaries.filter((s) => s.instancePath === at);
    for (const s of here) {
      const branchOf = (e: ErrorObject) =>
        e !== s && isUnder(e.instancePath, at) && e.schemaPath.startsWith(`${s.schemaPath}/`)
          ? e.schemaPath.slice(s.schemaPath.length + 1).split("/")[0]
          : undefined;
      const rejected = new Set<string>();
      for (const e of errors) {
        const b = branchOf(e);
        if (b === undefined) continue;
        if (e.instancePath === at && e.keyword === "type") rejected.add(b);
        if (!["const", "enum", "not"].includes(e.keyword)) continue;
        const slash = e.instancePath.lastIndexOf("/");
        const child = e.instancePath.slice(slash + 1);
        if (
          e.instancePath.slice(0, slash) === at &&
          e.schemaPath === `${s.schemaPath}/${b}/properties/${child}/${e.keyword}`
        )
          rejected.add(b);
      }
      for (const e of errors) {
        const b = branchOf(e);
        if (b !== undefined && rejected.has(b) && !(e.instancePath === at && (e.keyword === "type" || isSummary(e))))
          drop.add(e);
      }
    }
    const typeGates = errors.filter((e) => e.instancePath === at && e.keyword === "type");
    const others = errors.filter(
      (e) =>
        !drop.has(e) &&
        isUnder(e.instancePath, at) &&
        !(e.instancePath === at && (e.keyword === "type" || isSummary(e))),
    );
    typeGates.forEach((g) => drop.add(g));
    here.slice(1).forEach((s) => drop.add(s));
    if (others.length > 0) drop.add(here[0]!);
    else {
      drop.delete(here[0]!);
      if (typeGates.length > 0)
        replace.set(here[0]!, `must be ${[...new Set(typeGates.map((g) => String(g.params["type"])))].join(" or ")}`);
    }
  }
  // "must match then schema" only repeats what the errors inside `then` say.
  for (const e of errors) if (e.keyword === "if") drop.add(e);
  const kept = errors.filter((e) => !drop.has(e)).map((e) => ({ e, v: violation(e, replace.get(e)) }));
  const out: JsonViolation[] = [];
  const seen = new Set<string>();
  for (const { e, v } of kept) {
    // A tag no arm takes: an error about the tag itself (unknown name, missing) says it better than the discriminator.
    if (e.keyword === "discriminator" && kept.some((x) => x.e !== e && x.v.pointer === v.pointer)) continue;
    const id = `${v.pointer}\u0000${v.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(v);
  }
  // Never report an invalid value as valid, whatever the folding above did.
  if (out.length === 0 && errors.length > 0) return errors.map((e) => violation(e, undefined));
  return out;
}

function list(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((x) => JSON.stringify(x));
  return values.length > 12 ? `${shown.join(", ")}, ... (${values.length} in all)` : shown.join(", ");
}

const HEX_PATTERNS = new Set(["^(?:[0-9a-f]{2})*$", "^(?:[0-9a-f]{2})+$"]);

function violation(e: ErrorObject, replaced: string | undefined): JsonViolation {
  const at = e.instancePath;
  const parent = (e.parentSchema ?? {}) as { pattern?: string; description?: string };
  const p = e.params as Record<string, unknown>;
  const hex = typeof parent.pattern === "string" && HEX_PATTERNS.has(parent.pattern);
  switch (e.keyword) {
    case "required":
      return {
        pointer: `${at}/${pointerToken(String(p["missingProperty"]))}`,
        message: "required property is missing",
      };
    case "additionalProperties":
      return {
        pointer: `${at}/${pointerToken(String(p["additionalProperty"]))}`,
        message: "unknown property: the type has no field of this name",
      };
    case "false schema":
      return {
        pointer: at,
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      };
    case "discriminator":
      return { pointer: `${at}/${pointerToken(String(p["tag"]))}`, message: "selects no arm of the select" };
    case "enum":
      return { pointer: at, message: `must be one of ${list(p["allowedValues"] as unknown[])}` };
    case "const":
      return { pointer: at, message: `must be ${JSON.stringify(p["allowedValue"])}` };
    case "not": {
      const not = (e.schema ?? {}) as { enum?: unknown[] };
      return {
        pointer: at,
        message: Array.isArray(not.enum) ? `must not be one of ${list(not.enum)}` : (e.message ?? "must not match"),
      };
    }
    case "pattern": {
      if (hex) return { pointer: at, message: "must be lowercase hex with an even number of digits" };
      if (parent.pattern === "^(?:00)*$") return { pointer: at, message: "must be all-zero bytes (hex 00 pairs)" };
      const m = /(uint64|CDDL int) as a decimal string(?:, (-?\d+\.\.-?\d+))?/.exec(parent.description ?? "");
      if (m)
        return {
          pointer: at,
          message: `must be a ${m[1]} as a decimal string without leading zeros${m[2] ? ` in ${m[2]}` : ""}`,
        };
      return { pointer: at, message: e.message ?? "does not match the pattern" };
    }
    case "maxLength":
    case "minLength": {
      const limit = Number(p["limit"]);
      if (hex)
        return {
          pointer: at,
          message: `must have ${e.keyword === "maxLength" ? "at most" : "at least"} ${limit / 2} bytes (${limit} hex digits)`,
        };
      return { pointer: at, message: e.message ?? e.keyword };
    }
    default:
      return { pointer: at, message: replaced ?? e.message ?? e.keyword };
  }
}
