import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSchema } from "../../src/cli/load-schema.js";
import { emitModule } from "../../src/codegen/emit-module.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { toHex } from "../../src/runtime/index.js";
import { codecsOf, loadSource } from "./helpers.js";

/**
 * Issue 15: drafts are untrusted. Nothing a draft says (a member key, a
 * type or field name, the draft's path) may become code in the generated
 * module; names that are JavaScript-special are escaped, never dropped.
 */

const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  // nothing generated may leave anything on globalThis or Object.prototype
  expect(Object.getOwnPropertyNames(globalThis).filter((k) => !globalsBefore.has(k) && k.startsWith("PWNED"))).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
});

describe("code injection", () => {
  it("a CDDL member key is a quoted property name, never code", async () => {
    const key = "x[globalThis.PWNED_2=(console.log('INJECTED CODE RAN'),2),'x']";
    const schema = await loadSource(`Evil = { ${JSON.stringify(key)}: int, ok: tstr }\n`, "cddl");
    const evil = codecsOf(schema, "Evil");
    const value = { [key]: 5n, ok: "fine" };
    const bytes = evil.cbor.encode(value);
    expect((globalThis as Record<string, unknown>)["PWNED_2"]).toBeUndefined();
    // the key travels with its exact text
    expect(toHex(bytes)).toContain(toHex(new TextEncoder().encode(key)));
    expect(evil.cbor.decode(bytes)).toEqual(value);
    expect(evil.tpl.decode(evil.tpl.encode(value))).toEqual(value);
    expect((globalThis as Record<string, unknown>)["PWNED_2"]).toBeUndefined();
  });

  it("a draft path with a newline stays inside the header comment", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mimi-hostile-")), "x\nglobalThis.PWNED_3 = 3; //");
    mkdirSync(dir);
    const file = join(dir, "a.cddl");
    writeFileSync(file, "A = uint\n");
    const compiled = compileWithImports(file);
    const text = await emitModule({ doc: compiled.ir, imports: [], broken: new Set(), contextAliases: {}, runtimeImport: "../runtime.js", documentImport: (d) => d });
    expect(text.split("\n").filter((l) => l.includes("PWNED_3")).every((l) => l.startsWith("//"))).toBe(true);
    const schema = await loadSchema(file);
    expect(codecsOf(schema, "A").cbor.encode(1n)).toEqual(new Uint8Array([1]));
    expect((globalThis as Record<string, unknown>)["PWNED_3"]).toBeUndefined();
  });

  it("comments, literals and section names cannot close the comment or string they are in", async () => {
    const schema = await loadSource(
      [
        "; a comment with */ and `${globalThis.PWNED_4=4}`",
        'Weird = { "*/ globalThis.PWNED_5=5 /*": uint, "\\u2028": uint, "`${x}`": uint, "\\\\": uint }',
        "",
      ].join("\n"),
      "cddl",
    );
    const weird = codecsOf(schema, "Weird");
    const value = { "*/ globalThis.PWNED_5=5 /*": 1n, "\u2028": 2n, "`${x}`": 3n, "\\": 4n };
    expect(weird.cbor.decode(weird.cbor.encode(value))).toEqual(value);
    expect(weird.tpl.decode(weird.tpl.encode(value))).toEqual(value);
  });
});

describe("names that are not safe identifiers", () => {
  it("reserved words, globals the codecs use and the module's own names are escaped, not dropped", async () => {
    const names = ["delete", "await", "eval", "arguments", "object", "Map", "Uint8Array", "CodecError", "TYPE_NAMES", "size_Foo", "tplSize$Foo", "constructor"];
    const schema = await loadSource([...names.map((n) => `${n.replace("$", "_")} = [ a: uint .size 1, b: uint .size 1 ]`), "Foo = { * tstr => uint .size 1 }", ""].join("\n"), "cddl");
    // every rule has a codec under a TypeScript name that works
    for (const n of [...names.map((x) => x.replace("$", "_")), "Foo"]) {
      const value = n === "Foo" ? new Map([["k", 1]]) : { a: 7, b: names.map((x) => x.replace("$", "_")).indexOf(n) };
      const c = codecsOf(schema, n);
      expect(c.cbor.decode(c.cbor.encode(value))).toEqual(value);
      expect(c.tpl.decode(c.tpl.encode(value))).toEqual(value);
    }
    // `Map` the type does not shadow the Map that map decoders construct
    expect(codecsOf(schema, "Foo").cbor.decode(new Uint8Array([0xa1, 0x61, 0x6b, 0x01]))).toEqual(new Map([["k", 1]]));
    expect(schema.module["delete$"]).toBeDefined();
    expect(schema.module["Map$"]).toBeDefined();
  });

  it("a TPL type named delete compiles; hyphenated CDDL names get identifiers", async () => {
    const tpl = await loadSource("enum { a(1), b(2), (255) } delete;\nstruct { delete d; uint8 x; } Holder;\n", "tls");
    const holder = codecsOf(tpl, "Holder");
    expect(holder.tpl.decode(new Uint8Array([2, 9]))).toEqual({ d: "b", x: 9 });
    const cddl = await loadSource("foo-bar = { my-key: uint .size 1, @e: tstr }\n", "cddl");
    const fb = codecsOf(cddl, "foo-bar");
    const v = { "my-key": 1, "@e": "x" };
    expect(fb.cbor.decode(fb.cbor.encode(v))).toEqual(v);
    expect(cddl.module["foo_bar"]).toBe(cddl.module["foo_bar"]);
  });

  it("a field named __proto__ is an own property of the decoded object, never its prototype", async () => {
    const schema = await loadSource('P = { "__proto__": { polluted: bool }, "toString": uint .size 1, "constructor": tstr }\nQ = [ __proto__: uint .size 1 ]\n', "cddl");
    const p = codecsOf(schema, "P");
    const value = JSON.parse('{"__proto__": {"polluted": true}, "toString": 1, "constructor": "c"}') as Record<string, unknown>;
    for (const format of ["cbor", "tpl"] as const) {
      const decoded = p[format].decode(p[format].encode(value)) as Record<string, unknown>;
      expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(decoded, "__proto__")).toBe(true);
      expect((decoded as { polluted?: unknown }).polluted).toBeUndefined();
      expect(decoded["__proto__"]).toEqual({ polluted: true });
    }
    // a value lacking `toString` is missing that field, not Object.prototype.toString
    expect(() => p.cbor.encode(JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}'))).toThrow(/missing|expected/);
    const q = codecsOf(schema, "Q");
    const decoded = q.cbor.decode(new Uint8Array([0x81, 0x05])) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded["__proto__"]).toBe(5);
  });
});
