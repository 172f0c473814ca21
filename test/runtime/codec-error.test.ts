import { describe, expect, it } from "vitest";
import { CodecError, isCodecError, rethrowWithPath } from "../../src/runtime/index.js";

function caught(f: () => void): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("CodecError", () => {
  it("carries reason and offset and formats the message", () => {
    const e = new CodecError("truncated: need 2 bytes, have 1", 7);
    expect(e.name).toBe("CodecError");
    expect(e.reason).toBe("truncated: need 2 bytes, have 1");
    expect(e.offset).toBe(7);
    expect(e.path).toBe("");
    expect(e.message).toBe("truncated: need 2 bytes, have 1 at offset 7");
    expect(e).toBeInstanceOf(Error);
    expect(isCodecError(e)).toBe(true);
  });

  it("accepts an initial path", () => {
    const e = new CodecError("bad", 3, "A.b");
    expect(e.path).toBe("A.b");
    expect(e.message).toBe("bad at offset 3 (A.b)");
  });

  it("builds a path from segments prepended while unwinding", () => {
    const e = new CodecError("invalid UTF-8", 42);
    // Innermost first, as generated catch blocks see them.
    expect(e.prepend("content")).toBe(e);
    expect(e.path).toBe("content");
    expect(e.message).toBe("invalid UTF-8 at offset 42 (content)");
    e.prepend("[1]");
    expect(e.path).toBe("[1].content");
    e.prepend("parts");
    expect(e.path).toBe("parts[1].content");
    e.prepend("body").prepend("MimiContent");
    expect(e.path).toBe("MimiContent.body.parts[1].content");
    expect(e.message).toBe("invalid UTF-8 at offset 42 (MimiContent.body.parts[1].content)");
    expect(e.reason).toBe("invalid UTF-8");
    expect(e.offset).toBe(42);
  });

  it("handles nested indexes and ignores empty segments", () => {
    const e = new CodecError("x", 0);
    e.prepend("[2]").prepend("[0]").prepend("").prepend("grid").prepend("T");
    expect(e.path).toBe("T.grid[0][2]");
  });

  it("shows the final path in an uncaught error's stack header", () => {
    const e = new CodecError("bad", 1);
    e.prepend("f").prepend("Root");
    expect(String(e.stack).split("\n")[0]).toBe("CodecError: bad at offset 1 (Root.f)");
  });

  it("isCodecError rejects other values", () => {
    expect(isCodecError(new Error("x"))).toBe(false);
    expect(isCodecError("CodecError")).toBe(false);
    expect(isCodecError(null)).toBe(false);
    expect(isCodecError(undefined)).toBe(false);
    expect(isCodecError({ name: "CodecError", offset: 1 })).toBe(false);
  });
});

describe("rethrowWithPath", () => {
  it("prepends to a CodecError and rethrows the same object", () => {
    const original = new CodecError("bad", 5, "field");
    const e = caught(() => rethrowWithPath(original, "Root"));
    expect(e).toBe(original);
    expect(original.path).toBe("Root.field");
  });

  it("works through nested generated-style decoders", () => {
    const inner = (): never => {
      throw new CodecError("presence byte must be 0 or 1, got 2", 9);
    };
    const decodePart = (): void => {
      try {
        inner();
      } catch (e) {
        rethrowWithPath(e, "content");
      }
    };
    const decodeParts = (): void => {
      for (let i = 0; i < 2; i++) {
        try {
          if (i === 1) decodePart();
        } catch (e) {
          rethrowWithPath(e, `[${i}]`);
        }
      }
    };
    const decodeRoot = (): void => {
      try {
        try {
          decodeParts();
        } catch (e) {
          rethrowWithPath(e, "parts");
        }
      } catch (e) {
        rethrowWithPath(e, "Msg");
      }
    };
    const e = caught(decodeRoot) as CodecError;
    expect(e.path).toBe("Msg.parts[1].content");
    expect(e.message).toBe("presence byte must be 0 or 1, got 2 at offset 9 (Msg.parts[1].content)");
  });

  it("wraps a foreign Error, keeping it as the cause", () => {
    const boom = new TypeError("x is not a function");
    const e = caught(() => rethrowWithPath(boom, "field"));
    expect(isCodecError(e)).toBe(true);
    const ce = e as CodecError;
    expect(ce.offset).toBe(-1);
    expect(ce.path).toBe("field");
    expect(ce.reason).toBe("internal error: TypeError: x is not a function");
    expect(ce.cause).toBe(boom);
    expect(ce.message).toBe("internal error: TypeError: x is not a function at offset -1 (field)");
  });

  it("wraps real stack exhaustion as a nesting error", () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    const overflow = caught(() => recurse(0));
    expect(overflow).toBeInstanceOf(RangeError);
    const e = caught(() => rethrowWithPath(overflow, "Root")) as CodecError;
    expect(isCodecError(e)).toBe(true);
    expect(e.reason).toBe("nesting too deep: call stack exhausted");
    expect(e.path).toBe("Root");
    expect(e.offset).toBe(-1);
  });

  it("wraps non-Error throwables", () => {
    const e1 = caught(() => rethrowWithPath("oops", "a")) as CodecError;
    expect(isCodecError(e1)).toBe(true);
    expect(e1.reason).toBe("internal error: non-Error thrown: oops");
    const e2 = caught(() => rethrowWithPath(undefined, "a")) as CodecError;
    expect(e2.reason).toBe("internal error: non-Error thrown: undefined");
    const e3 = caught(() => rethrowWithPath(Object.create(null), "a")) as CodecError;
    expect(e3.reason).toBe("internal error: non-Error thrown: [object Object]");
  });
});
