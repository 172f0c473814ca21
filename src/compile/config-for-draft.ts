import { diag, type Diagnostic } from "../diagnostics/index.js";
import { documentKind, nodeIo, type ExtractIo } from "../extract/index.js";
import { join } from "node:path";
import { projectRoot, type BuiltinDocument } from "./builtin.js";
import type { DocumentConfig } from "./config.js";
import { readIdentity, type DocumentIdentity } from "./read-identity.js";
import { configForRecognised, recogniseBuiltin } from "./recognise-builtin.js";
import { configBeside, readConfigFile } from "./load-config.js";

/** The configuration a draft file compiles with, and where it came from. */
export interface DraftConfig {
  readonly config: DocumentConfig;
  /** Notes to report with the draft's diagnostics (which config, and why). */
  readonly notes: readonly Diagnostic[];
  /** The built-in document the file was recognised as, if any. */
  readonly builtin?: BuiltinDocument;
  /** The built-in's config applies unchanged (the file is the text it was written for). */
  readonly exact?: boolean;
  readonly identity: DocumentIdentity;
  /** The file the config was read from. */
  readonly file: string | undefined;
}

/**
 * A draft's configuration, the first of: the file given with --config;
 * `<draft-basename>.mimi-codec.json` beside the draft; a built-in
 * document's own when the file says it is one (recognise-builtin.ts); the
 * default: lenient, importing RFC 9420 (the MIMI drafts build on MLS).
 */
export function configForDraft(path: string, opts: { io?: ExtractIo; configFile?: string; discover?: boolean } = {}): DraftConfig {
  const io = opts.io ?? nodeIo;
  const identity = readIdentity(io.exists(path) ? io.readFile(path) : "", documentKind(path));
  const at = { file: path, line: 1, col: 1 };
  const file = opts.configFile ?? (opts.discover !== false && io.exists(configBeside(path)) ? configBeside(path) : undefined);
  if (file !== undefined) {
    const config = readConfigFile(file, path, documentNameOf(path), io);
    const how = opts.configFile !== undefined ? "--config" : "found beside the draft";
    return { config, notes: [diag("note", "config/file", `compiled with the configuration ${file} (${how})`, at)], identity, file };
  }
  const recognised = recogniseBuiltin(identity);
  if (recognised) {
    const { config, note } = configForRecognised(recognised, path, identity);
    const file = join(projectRoot(), "schemas", `${recognised.name}.config.json`);
    return { config, notes: [diag("note", recognised.exact ? "config/builtin" : "config/builtin-version", note, at)], builtin: recognised.name, exact: recognised.exact, identity, file };
  }
  const config: DocumentConfig = { document: documentNameOf(path), source: path, mode: "lenient", imports: ["rfc9420"] };
  return { config, notes: [], identity, file: undefined };
}

/** The name a draft's generated module gets: its file name without the extension. */
export function documentNameOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.(md|mkd|markdown|xml|txt|tls|tpl|cddl)$/i, "").replace(/[^A-Za-z0-9_-]/g, "-");
}
