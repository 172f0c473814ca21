/**
 * What a draft says only in prose, declared per document in
 * schemas/<document>.config.json. Every entry is documented there with the
 * draft text it stands for.
 */
export interface DocumentConfig {
  /** Built-in name, e.g. "rfc9420"; also the generated/ folder name. */
  readonly document: string;
  /** Path of the draft relative to the drafts folder (../shared/drafts). */
  readonly source: string;
  readonly mode: "strict" | "lenient";
  readonly description?: string;
  /**
   * How a copy of the draft is recognised, wherever it lives: by what the
   * file says about itself (src/compile/recognise-builtin.ts).
   */
  readonly identity?: BuiltinIdentity;
  /** Other documents whose definitions fill this one's undefined names. */
  readonly imports?: readonly string[];
  /** uint8 aliases that the draft declares to be UTF-8 text (`Utf8`). */
  readonly text?: readonly string[];
  /** Integer aliases whose values live in an IANA registry (`uint16 WireFormat;`). */
  readonly registries?: Readonly<Record<string, { readonly open: boolean; readonly values: Readonly<Record<string, number>> }>>;
  /** Enums that keep unknown values as numbers (registries the spec says to tolerate). */
  readonly openEnums?: readonly string[];
  /** `Type.field` whose length is all remaining bytes; `allZero` enforces zero padding. */
  readonly remaining?: Readonly<Record<string, { readonly allZero: boolean }>>;
  /** Context keys that may stand in for another (`FramedContent.content_type` <- `PrivateMessage.content_type`). */
  readonly contextAliases?: Readonly<Record<string, string>>;
  /** Case labels that are not values of the selector, per struct: label -> enum value name. */
  readonly caseLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * TPL files (relative to schemas/) holding definitions the draft takes from
   * documents that are not compiled here, each citing its source.
   */
  readonly supplements?: readonly string[];
  /** `Struct.field` vectors of two-field structs that the draft means as maps (CBOR map image). */
  readonly mapVectors?: readonly string[];
  /** Names the draft uses but never defines -> the definition it means. */
  readonly nameFixes?: Readonly<Record<string, string>>;
  /** Select paths to read differently, per struct: written path -> meant path. */
  readonly selectPaths?: Readonly<Record<string, string>>;
  /** Which languages to compile (default both); mimi-content-03 keeps its TPL and CDDL apart. */
  readonly languages?: readonly ("tpl" | "cddl")[];
  /** Only blocks whose section title matches one of these regular expressions. */
  readonly sections?: readonly string[];
  /** Only indented blocks preceded by a `%%%` marker line (RFC 8446's normative TPL). */
  readonly markedBlocksOnly?: boolean;
  /**
   * One module for a data model the draft writes twice: this document's TPL
   * merged with the CDDL of the built-in `with` (mimi-content-03).
   */
  readonly merge?: MergeConfig;
  /**
   * Default decode limits of the generated codecs (runtime DecodeLimits),
   * from what the draft calls nonsensical: mimi-content's Security
   * Considerations ("more than 1024 body parts", "more than 4 levels deep").
   */
  readonly limits?: { readonly maxDepth?: number; readonly maxCount?: number; readonly maxLength?: number; readonly maxSize?: number };
  /** Names defined only as illustrations (RFC 9420 `StructWithVectors`): compiled but not exported specially. */
  readonly notes?: readonly string[];
}

export interface MergeConfig {
  /** The built-in document holding the same draft's CDDL. */
  readonly with: string;
  /** TPL name -> CDDL name, for pairs `align` cannot find by name. */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Per paired TPL name whose two definitions differ in shape: the side its TypeScript type follows. */
  readonly follow?: Readonly<Record<string, "tpl" | "cddl">>;
}

export interface BuiltinIdentity {
  /** The draft name without its version (`draft-ietf-mimi-content`): its other versions compile with this config. */
  readonly docname?: string;
  /** The version this config was written for: `03`, or `latest` for an unnumbered `-latest` docname. */
  readonly version?: string;
  /** The RFC the draft became: a rendering that says `number="9420"` is this document. */
  readonly rfc?: number;
  /** The title, the last resort for a document that names no draft or RFC. */
  readonly title?: string;
  /** SHA-256 of the source text (LF line ends) the config was written for: tells two `-latest` texts apart. */
  readonly sha256?: string;
}

/**
 * A configuration file as written (schemas/config.schema.json): a
 * built-in's schemas/<doc>.config.json, or a user's
 * <draft-basename>.mimi-codec.json / --config file, where every key is
 * optional and `extends` names a built-in config to start from.
 */
export interface ConfigFile extends Partial<DocumentConfig> {
  /** A built-in document whose config this one starts from. */
  readonly extends?: string;
  readonly $schema?: string;
  readonly $comment?: string;
  /** What `mimi-codec init` found the draft leaves to prose; ignored when compiling. */
  readonly suggestions?: readonly ConfigSuggestion[];
}

export interface ConfigSuggestion {
  /** The config key the suggestion is for (`text`, `mapVectors`, ...). */
  readonly key: string;
  /** A value for it, to copy into the key when it applies. */
  readonly value?: unknown;
  /** `file:line:col` of what prompted it. */
  readonly at?: string;
  readonly why: string;
}
