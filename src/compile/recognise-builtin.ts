import { BUILTIN_DOCUMENTS, loadBuiltinConfig, type BuiltinDocument } from "./builtin.js";
import type { BuiltinIdentity, DocumentConfig } from "./config.js";
import { normaliseTitle, type DocumentIdentity } from "./read-identity.js";

/** A built-in document recognised in a file, and whether the file is the text its config was written for. */
export interface RecognisedBuiltin {
  readonly name: BuiltinDocument;
  /** The file is the configured text (same fingerprint, docname version or RFC number). */
  readonly exact: boolean;
  /** How it was recognised, for the note: `its docname draft-ietf-mimi-content-03`. */
  readonly by: string;
}

/**
 * The built-in document a file is, by what it says (docname, RFC number,
 * title) and its fingerprint, never by its path. A different version of a
 * known draft family is recognised as the family's nearest configured
 * version, not exact. A built-in that is only the other half of a merge
 * (mimi-content-03-cddl) is never the answer: its partner is.
 */
export function recogniseBuiltin(id: DocumentIdentity): RecognisedBuiltin | undefined {
  const candidates = primaryBuiltins();
  const bySha = candidates.find((c) => c.identity.sha256 === id.sha256);
  if (bySha) return { name: bySha.name, exact: true, by: "its text" };
  if (id.rfc !== undefined) {
    const byRfc = candidates.find((c) => c.identity.rfc === id.rfc);
    if (byRfc) return { name: byRfc.name, exact: true, by: `its RFC number ${id.rfc}` };
  }
  if (id.family) {
    const family = candidates.filter((c) => c.identity.docname === id.family);
    const chosen = nearestVersion(family, id.version);
    if (chosen) {
      const exact = id.version !== undefined && id.version !== "latest" && chosen.identity.version === id.version;
      return { name: chosen.name, exact, by: `its docname ${id.docname}` };
    }
  }
  if (id.title) {
    const t = normaliseTitle(id.title);
    const byTitle = candidates.find((c) => c.identity.title !== undefined && normaliseTitle(c.identity.title) === t);
    if (byTitle) return { name: byTitle.name, exact: false, by: `its title "${id.title}"` };
  }
  return undefined;
}

/**
 * The config a recognised file compiles with. The text it was written for
 * gets it as it is; another version gets it without what only fits that
 * text (the merge with its CDDL twin and the language split that goes
 * with it), plus a note naming the version it was written for.
 */
export function configForRecognised(r: RecognisedBuiltin, path: string, id: DocumentIdentity): { config: DocumentConfig; note: string } {
  const base = loadBuiltinConfig(r.name);
  const configured = describeVersion(base.identity);
  if (r.exact) {
    return { config: { ...base, source: path }, note: `recognised by ${r.by} as the built-in document ${r.name} (${configured}); compiled with schemas/${r.name}.config.json` };
  }
  const { merge, languages, ...rest } = base;
  const dropped = merge ? `, without its merge with ${merge.with}${languages ? ` and its language split` : ""}` : "";
  const config: DocumentConfig = { ...(merge ? rest : { ...rest, ...(languages ? { languages } : {}) }), source: path };
  const what = id.docname ? `${id.docname}${id.version === "latest" ? " (a -latest text)" : ""}` : "this text";
  return {
    config,
    note: `recognised by ${r.by} as a version of the built-in document ${r.name}, whose configuration was written for ${configured}; ${what} is not that text: compiled with schemas/${r.name}.config.json${dropped}. Give it its own with --config or ${configHint(path)} if names or registries changed`,
  };
}

function configHint(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return `${base.replace(/\.[^.]*$/, "")}.mimi-codec.json beside it`;
}

function describeVersion(identity: BuiltinIdentity | undefined): string {
  if (!identity) return "its source";
  const parts: string[] = [];
  if (identity.rfc !== undefined) parts.push(`RFC ${identity.rfc}`);
  if (identity.docname) parts.push(`${identity.docname}-${identity.version ?? "??"}`);
  if (identity.sha256) parts.push(`sha256 ${identity.sha256.slice(0, 12)}`);
  return parts.join(", ");
}

interface Candidate {
  readonly name: BuiltinDocument;
  readonly identity: BuiltinIdentity;
}

/** Built-ins a file can be: each with an identity, minus the CDDL halves of merged pairs. */
function primaryBuiltins(): Candidate[] {
  const configs = BUILTIN_DOCUMENTS.map((name) => ({ name, config: loadBuiltinConfig(name) }));
  const partners = new Set(configs.flatMap((c) => (c.config.merge ? [c.config.merge.with] : [])));
  return configs.filter((c) => c.config.identity && !partners.has(c.name)).map((c) => ({ name: c.name, identity: c.config.identity! }));
}

/**
 * The family member whose version is nearest: the same number, else the
 * newest at or below it, else the oldest above it; `latest` (or no
 * version) means the newest, where a configured `latest` counts as newer
 * than any number.
 */
function nearestVersion(family: readonly Candidate[], version: string | undefined): Candidate | undefined {
  const rank = (c: Candidate) => (c.identity.version === undefined || c.identity.version === "latest" ? Infinity : Number(c.identity.version));
  const sorted = [...family].sort((a, b) => rank(a) - rank(b));
  if (sorted.length === 0) return undefined;
  if (version === undefined || version === "latest") return sorted[sorted.length - 1];
  const n = Number(version);
  return sorted.find((c) => rank(c) === n) ?? [...sorted].reverse().find((c) => rank(c) <= n) ?? sorted[0];
}
