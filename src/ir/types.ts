import type { SourceLoc } from "../diagnostics/index.js";
import type { PortableSchema } from "../runtime/cddl/portable-schema.js";

/**
 * The intermediate representation shared by the TPL and CDDL front ends.
 * Every named type in it gets a TypeScript type and both codecs, whichever
 * language defined it (see ARCHITECTURE.md, "The IR").
 */

/** How the length of a byte string, text or vector is framed on the wire. */
export type Length =
  /** RFC 9420 `<V>`: a minimal varint giving the byte length; bounds in bytes. */
  | { readonly kind: "varint"; readonly min: number; readonly max: number }
  /** TPL `<a..b>`: a fixed-width prefix wide enough for b; bounds in bytes. */
  | { readonly kind: "prefixed"; readonly width: 1 | 2 | 3 | 4; readonly min: number; readonly max: number }
  /** TPL `[n]`: exactly n bytes, no prefix. */
  | { readonly kind: "fixed"; readonly bytes: number }
  /** `opaque fragment[TLSPlaintext.length]`: an earlier field of the struct gives the byte length. */
  | { readonly kind: "field"; readonly path: readonly string[] }
  /** `opaque X[coordinate_length]`: the caller supplies the length in the codec context. */
  | { readonly kind: "context"; readonly key: string }
  /** All remaining bytes of the input (RFC 9420 padding, declared in the draft config). */
  | { readonly kind: "rest" }
  /** CDDL `[n*m T]`: element count bounds (CBOR array); TPL frames it as `<V>`. */
  | { readonly kind: "count"; readonly min: number; readonly max: number };

export type UintBits = 8 | 16 | 24 | 32 | 64;

export interface EnumValue {
  readonly name: string;
  readonly value: number;
  /** Reserved ranges such as `private_use(0xFE00..0xFFFF)`: not a single name. */
  readonly upTo?: number;
}

/**
 * A CDDL literal used as a type (`"Signature"`, `h'00'`, `1.5`, `true`):
 * exactly that value. Integer literals stay uint/int with min = max.
 * Bytes are hex so the IR stays JSON.
 */
export type LiteralValue =
  | { readonly type: "text"; readonly value: string }
  | { readonly type: "bytes"; readonly hex: string }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "bool"; readonly value: boolean };

/** A value a check compares with: a literal, or an integer. */
export type ConstValue = LiteralValue | { readonly type: "int"; readonly value: bigint };

/**
 * What a CDDL control demands of a value beyond its type, checked by both
 * codecs on encode and on decode. Types in checks are references to
 * definitions (controllers are hoisted), so codecs can call theirs.
 */
export type ValueCheck =
  /** `.ne`, and `.default` (which keeps the default value off the wire, RFC 8610 section 3.8.6) */
  | { readonly op: "ne"; readonly value: ConstValue; readonly why: "ne" | "default" }
  /** `.bits`: only these bit numbers may be set (uint bits, or bit n of byte n >> 3 of a byte string) */
  | { readonly op: "bits"; readonly allowed: readonly number[] }
  /** `.cbor` / `.cborseq`: a byte string holding the CBOR (sequence) of a type; the value stays the bytes */
  | { readonly op: "cbor"; readonly type: IRType & { kind: "ref" }; readonly sequence: boolean }
  /** `.within` / `.and`: the value is of another type as well */
  | { readonly op: "also"; readonly type: IRType & { kind: "ref" } }
  /** `.regexp`: the text matches the XSD regular expression (RFC 8610 section 3.8.3), in linear time */
  | { readonly op: "regexp"; readonly pattern: string };

export type IRType =
  /**
   * A CDDL rule the code generator cannot specialise: any CBOR item (kept
   * byte for byte), validated against the rule by the runtime's CDDL
   * validator from the embedded portable schema (src/runtime/cddl).
   */
  | { readonly kind: "validated"; readonly rule: string; readonly schema: PortableSchema }
  /** A type whose values must pass checks beyond it (CDDL controls). */
  | { readonly kind: "checked"; readonly of: IRType; readonly checks: readonly ValueCheck[] }
  /** One value: in CBOR that item; in TPL nothing (the schema implies it), or its union option. */
  | { readonly kind: "literal"; readonly value: LiteralValue }
  /** min/max: CDDL ranges and `.gt`/`.le` controls, within the width. */
  | { readonly kind: "uint"; readonly bits: UintBits; readonly min?: number; readonly max?: number }
  /**
   * CDDL int / nint: a signed 64-bit integer (bigint); TPL has no image (CBOR-only).
   * `big`: any size (CDDL `integer`, `unsigned`: "preferred", bignums only past
   * 64 bits; `bigint`, `biguint`, `bignint`: "tagged", always tag 2/3).
   */
  | { readonly kind: "int"; readonly min?: bigint; readonly max?: bigint; readonly big?: "preferred" | "tagged" }
  | { readonly kind: "bool" }
  | { readonly kind: "null" }
  /**
   * `bits`: the value must be representable in that width (float16 holds no
   * 1.6). Bounds from CDDL float ranges and `.lt`..`.ge`; an exclusive bound
   * (`...`, `.lt`, `.gt`) excludes its own value.
   */
  | {
      readonly kind: "float";
      readonly bits?: 16 | 32 | 64;
      readonly min?: number;
      readonly max?: number;
      readonly minExclusive?: true;
      readonly maxExclusive?: true;
    }
  /** CDDL `any`: any one CBOR item, kept with its exact encoding. */
  | { readonly kind: "any" }
  | { readonly kind: "tagged"; readonly tag: number; readonly of: IRType }
  /** CDDL `{ * K => V }` (and TPL vectors of key/value structs): a Map. */
  | { readonly kind: "map"; readonly key: IRType; readonly value: IRType; readonly min: number; readonly max: number }
  /** A type choice without a discriminator; options must differ in CBOR major type or tag. */
  | { readonly kind: "union"; readonly options: readonly IRType[] }
  | { readonly kind: "bytes"; readonly length: Length; readonly allZero?: boolean }
  | { readonly kind: "text"; readonly length: Length }
  | { readonly kind: "vector"; readonly of: IRType; readonly length: Length }
  | { readonly kind: "optional"; readonly of: IRType }
  | { readonly kind: "ref"; readonly name: string; readonly document?: string }
  | {
      readonly kind: "record";
      readonly members: readonly IRMember[];
      /**
       * CBOR form: positional array (TPL structs, CDDL `[...]`), map with keys
       * (CDDL `{...}`), or a CBOR sequence (RFC 8742: a CDDL group rule that is
       * a message of its own, its items back to back with no array head).
       */
      readonly encoding?: "array" | "map" | "sequence";
      /** CDDL `* K => V` after the keyed fields of a map: the entries no field claims. */
      readonly rest?: {
        readonly name: string;
        readonly key: IRType;
        readonly value: IRType;
        /**
         * Several `* K => V` entries in one map (`* nint => any, * tstr => uint`):
         * `key` and `value` are the unions, and an entry whose key is of pair
         * i's key type must have a value of pair i's value type.
         */
        readonly pairs?: readonly { readonly key: IRType; readonly value: IRType }[];
      };
      /**
       * CDDL group choices inside a map (`? ( 5 => bstr // 6 => bstr )`):
       * their fields are omittable fields of the record, and at most one
       * option (exactly one unless `optional`) may be present, with its
       * required fields.
       */
      readonly choices?: readonly RecordChoice[];
    }
  | {
      readonly kind: "enum";
      readonly bits: 8 | 16 | 24 | 32;
      readonly values: readonly EnumValue[];
      /** Open enums keep numbers they do not know (IANA registries). */
      readonly open: boolean;
    };

/** One group choice inside a map: its options' fields, by name. */
export interface RecordChoice {
  readonly options: readonly { readonly fields: readonly string[]; readonly required: readonly string[] }[];
  /** `?` before the choice: no option present is fine. */
  readonly optional: boolean;
}

export interface IRField {
  readonly kind: "field";
  readonly name: string;
  readonly type: IRType;
  /** CBOR map key (CDDL `name:` -> text, `1:` -> integer). */
  readonly key?: string | number;
  /** CDDL `?`: the field may be absent (TypeScript `name?: T`). */
  readonly omittable?: boolean;
  /** `ProtocolVersion version = mls10;`: documented, not enforced on decode. */
  readonly fixedValue?: string | number;
  /**
   * CDDL inline repetition in an array (`[tstr, * int]`): the field is a
   * vector whose elements are items of the enclosing array itself, not a
   * nested array (RFC 8610 Appendix A). TPL frames it as any vector.
   */
  readonly spread?: true;
  readonly loc: SourceLoc;
}

/** What a `select` switches on. */
export type Discriminant =
  /** A field decoded earlier in the same struct, possibly nested (`content.sender.sender_type`). */
  | { readonly kind: "field"; readonly path: readonly string[]; readonly enumType: string }
  /** A value from outside the struct (`PrivateMessage.content_type`), passed in the codec context. */
  | { readonly kind: "context"; readonly key: string; readonly enumType: string }
  /** As written in the draft; only between lowering and resolve-selects. */
  | { readonly kind: "unresolved"; readonly path: readonly string[]; readonly loc: SourceLoc };

export interface IRCase {
  /** Enum value names; a `default` arm has none and sets `isDefault`. */
  readonly labels: readonly string[];
  readonly isDefault: boolean;
  readonly members: readonly IRMember[];
  readonly loc: SourceLoc;
}

export interface IRVariant {
  readonly kind: "variant";
  readonly discriminant: Discriminant;
  readonly cases: readonly IRCase[];
  readonly loc: SourceLoc;
}

export type IRMember = IRField | IRVariant;

/** `constant`: a CDDL rule naming one value (`nullpart = 0`), mostly used as the value of others. */
export type DefinitionKind = "struct" | "enum" | "alias" | "constant";

export interface Definition {
  readonly name: string;
  readonly kind: DefinitionKind;
  readonly type: IRType;
  readonly loc: SourceLoc;
  readonly section: string;
  readonly language: "tpl" | "cddl";
  /** Formats this definition cannot be encoded in, with the reason (e.g. a negative int has no TPL image). */
  readonly only?: { readonly format: "cbor" | "tpl"; readonly reason: string };
}

/** One compiled document (a draft, an RFC, or a bare .tls/.cddl file). */
export interface IRDocument {
  readonly name: string;
  readonly source: string;
  readonly definitions: readonly Definition[];
  /** Names of other compiled documents whose definitions this one uses. */
  readonly imports: readonly string[];
}

export function findDefinition(doc: IRDocument, name: string): Definition | undefined {
  return doc.definitions.find((d) => d.name === name);
}
