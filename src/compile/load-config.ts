import Ajv2020Import from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { nodeIo, type ExtractIo } from "../extract/index.js";
import { isBuiltin, loadBuiltinConfig, projectRoot } from "./builtin.js";
import type { ConfigFile, DocumentConfig } from "./config.js";

/** A config file that cannot be used: one line naming the file and each offending key path. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

// ajv is CommonJS: under NodeNext the default import is module.exports, whose `default` is the class.
type Ajv2020Class = typeof Ajv2020Import.default;
const Ajv2020Ctor: Ajv2020Class = ((Ajv2020Import as unknown as { default?: Ajv2020Class }).default ?? Ajv2020Import) as Ajv2020Class;

let validator: ValidateFunction | undefined;

/** schemas/config.schema.json, compiled once. */
function configValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(projectRoot(), "schemas", "config.schema.json"), "utf8")) as object;
    validator = new Ajv2020Ctor({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

/** Every way `value` breaks the config schema, as `/key/path: message` (empty when it is valid). */
export function configErrors(value: unknown): string[] {
  const validate = configValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describeError);
}

function describeError(e: ErrorObject): string {
  const extra = (e.params as { additionalProperty?: string }).additionalProperty;
  if (extra !== undefined) return `${e.instancePath}/${extra}: unknown key`;
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  return `${e.instancePath || "/"}: ${e.message ?? "invalid"}${allowed ? ` (${allowed.map((a) => JSON.stringify(a)).join(", ")})` : ""}`;
}

/** `<draft-basename>.mimi-codec.json` beside the draft. */
export function configBeside(draft: string): string {
  return join(dirname(draft), `${basename(draft, extname(draft))}.mimi-codec.json`);
}

/**
 * A user's config file for `draft`, checked against the schema and made
 * into a DocumentConfig: `extends` resolved, paths (imports that are
 * files, supplements) made absolute from the config's folder, defaults
 * filled in (lenient, importing rfc9420).
 */
export function readConfigFile(file: string, draft: string, defaultName: string, io: ExtractIo = nodeIo): DocumentConfig {
  if (!io.exists(file)) throw new ConfigError(`${file}: no such config file`);
  let raw: unknown;
  try {
    raw = JSON.parse(io.readFile(file));
  } catch (e) {
    throw new ConfigError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const errors = configErrors(raw);
  if (errors.length > 0) throw new ConfigError(`${file}: ${errors.length === 1 ? "" : `${errors.length} errors: `}${errors.join("; ")}`);
  const given = raw as ConfigFile;
  if (given.extends !== undefined && !isBuiltin(given.extends)) throw new ConfigError(`${file}: /extends: ${given.extends} is not a built-in document`);
  const base: Partial<DocumentConfig> = given.extends !== undefined ? withoutIdentity(loadBuiltinConfig(given.extends as never)) : {};
  const dir = dirname(resolve(file));
  const local = (p: string) => resolve(dir, p);
  const { extends: _e, $schema: _s, $comment: _c, suggestions: _g, ...keys } = given;
  void _e, _s, _c, _g;
  return {
    ...base,
    ...keys,
    document: keys.document ?? defaultName,
    source: draft,
    mode: keys.mode ?? base.mode ?? "lenient",
    imports: (keys.imports ?? base.imports ?? ["rfc9420"]).map((i) => (isBuiltin(i) ? i : local(i))),
    ...(keys.supplements ? { supplements: keys.supplements.map(local) } : {}),
  };
}

function withoutIdentity(config: DocumentConfig): Partial<DocumentConfig> {
  const { identity: _i, document: _d, source: _s, ...rest } = config;
  void _i, _d, _s;
  return rest;
}
