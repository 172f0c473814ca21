import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as main from "../../generated/mimi-content-main/index.js";
import { MLSMessage } from "../../generated/rfc9420/index.js";
import { topFields } from "../../src/ir/resolve-selects.js";
import type { IRMember } from "../../src/ir/types.js";
import { fromJsonValue, toJsonValue } from "../../src/json/json-form.js";
import { validateJson } from "../../src/json/validate-json.js";
import { buildGroup, type GroupScenario } from "../interop/mls-group.js";
import { DRAFTS, HAVE_DRAFTS, schemasOf, type DocName } from "./schema-set.js";

/**
 * The schema and the codec agree: a mutated JSON value passes the schema
 * exactly when it reads back (fromJsonValue), encodes, and decodes to the
 * same JSON. Mutations: delete a property, add one, or replace any node
 * with a value from a list of near misses.
 */
interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

const NEAR_MISSES: unknown[] = [
  0,
  -1,
  1,
  255,
  256,
  65536,
  2 ** 32,
  2 ** 53,
  1.5,
  "",
  "0",
  "-1",
  "zz",
  "00",
  "0A",
  "000",
  "0".repeat(64),
  "18446744073709551615",
  "18446744073709551616",
  "007",
  null,
  true,
  [],
  {},
  [null],
  "render",
  "single",
  "multi",
  "basic",
  "mls10",
  { int: "3" },
  { cbor: "01" },
  [{ key: "a", value: { cbor: "01" } }],
  "€".repeat(100),
];

function agreement(doc: DocName, type: string, codec: Codec, json0: unknown, rounds: number, seed: number) {
  const s = schemasOf(doc);
  let state = seed;
  const rand = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const disagreements: string[] = [];
  let valid = 0;
  let invalid = 0;
  let exempt = 0;
  for (let i = 0; i < rounds; i++) {
    const j = structuredClone(json0) as Record<string, unknown>;
    let parent: Record<string | number, unknown> | unknown[] | null = null;
    let key: string | number = "";
    let cur: unknown = j;
    const path: string[] = [];
    for (let d = 0; d < 8 && cur !== null && typeof cur === "object"; d++) {
      const keys: Array<string | number> = Array.isArray(cur) ? cur.map((_, k) => k) : Object.keys(cur);
      if (keys.length === 0 || (d > 0 && rand() < 0.2)) break;
      parent = cur as Record<string, unknown>;
      key = pick(keys);
      cur = (cur as Record<string | number, unknown>)[key];
      path.push(String(key));
    }
    if (parent === null) continue;
    const op = rand();
    let what: string;
    if (op < 0.15 && !Array.isArray(parent)) {
      delete (parent as Record<string, unknown>)[key];
      what = "delete";
    } else if (op < 0.25 && !Array.isArray(parent)) {
      (parent as Record<string, unknown>)[`zz${Math.floor(rand() * 3)}`] = structuredClone(pick(NEAR_MISSES));
      what = "add a property";
    } else {
      const r = pick(NEAR_MISSES);
      (parent as Record<string | number, unknown>)[key] = structuredClone(r);
      what = `set ${JSON.stringify(r).slice(0, 24)}`;
    }
    const violations = validateJson(s.set, doc, type, j);
    let codecSays = "ok";
    try {
      const back = JSON.parse(
        JSON.stringify(
          toJsonValue(codec.decode(codec.encode(fromJsonValue(s.scope, s.type(type), j))), s.scope, s.type(type)),
        ),
      );
      if (JSON.stringify(back) !== JSON.stringify(j)) codecSays = "reads back differently";
    } catch (e) {
      codecSays = (e as Error).message;
    }
    if (violations.length === 0) valid++;
    else invalid++;
    if ((violations.length === 0) === (codecSays === "ok")) continue;
    // Documented limit: a select on a codec-context value cannot be checked by the schema, so its arm fields are optional there.
    if (violations.length === 0 && what === "delete" && contextArmFields(doc).has(String(key))) {
      exempt++;
      continue;
    }
    disagreements.push(`/${path.join("/")} ${what}: schema ${JSON.stringify(violations)}, codec: ${codecSays}`);
  }
  return { valid, invalid, exempt, disagreements };
}

/** Names of the fields that only arms of a select on a codec-context value have. */
function contextArmFields(doc: DocName): Set<string> {
  const out = new Set<string>();
  const s = schemasOf(doc);
  const walk = (ms: readonly IRMember[]) => {
    for (const m of ms) {
      if (m.kind !== "variant") continue;
      for (const c of m.cases) {
        if (m.discriminant.kind === "context") for (const f of topFields(c.members)) out.add(f.name);
        walk(c.members);
      }
    }
  };
  for (const d of [s.doc, ...s.imports].flatMap((x) => x.definitions))
    if (d.type.kind === "record") walk(d.type.members);
  return out;
}

describe.skipIf(!HAVE_DRAFTS)("schema and codec agree on mutated values", () => {
  it("mimi-content main: every example, 300 mutations each", () => {
    const base = join(DRAFTS, "mimi-content/main-2026-03/examples");
    let valid = 0;
    let invalid = 0;
    const all: string[] = [];
    for (const f of readdirSync(base).filter((x) => x.endsWith(".cbor"))) {
      const type = f.startsWith("implied") ? "MessageDerivedValues" : "mimiContent";
      const codec = (main as unknown as Record<string, { cbor: Codec }>)[type]!.cbor;
      const s = schemasOf("mimi-content-main");
      const json0 = JSON.parse(
        JSON.stringify(toJsonValue(codec.decode(new Uint8Array(readFileSync(join(base, f)))), s.scope, s.type(type))),
      );
      const r = agreement("mimi-content-main", type, codec, json0, 300, f.length * 7919);
      valid += r.valid;
      invalid += r.invalid;
      all.push(...r.disagreements.map((d) => `${f} ${d}`));
    }
    expect(all).toEqual([]);
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(1000);
  });

  describe("RFC 9420 MLSMessages of a ts-mls group, 150 mutations each", () => {
    let g: GroupScenario;
    beforeAll(async () => {
      g = await buildGroup();
    });
    it("TLS presentation language", () => {
      const s = schemasOf("rfc9420");
      const codec = MLSMessage.tpl as unknown as Codec;
      const all: string[] = [];
      let valid = 0;
      let exempt = 0;
      for (const [i, m] of g.wire.entries()) {
        const json0 = JSON.parse(JSON.stringify(toJsonValue(codec.decode(m.bytes), s.scope, s.type("MLSMessage"))));
        const r = agreement("rfc9420", "MLSMessage", codec, json0, 150, 1000 + i);
        valid += r.valid;
        exempt += r.exempt;
        all.push(...r.disagreements.map((d) => `${m.label} ${d}`));
      }
      expect(all).toEqual([]);
      expect(valid).toBeGreaterThan(20);
      expect(exempt).toBeLessThan(10);
    });
  });
});
