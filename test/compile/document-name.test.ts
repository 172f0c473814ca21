import { describe, expect, it } from "vitest";
import { documentNameOf } from "../../src/compile/config-for-draft.js";

/** A draft's module name comes from its file name, and is never empty (it names files and folders). */
describe("documentNameOf", () => {
  it("drops the extension and keeps letters, digits, - and _", () => {
    expect(documentNameOf("/x/draft-ietf-mimi-content-05.md")).toBe("draft-ietf-mimi-content-05");
    expect(documentNameOf("C:\\drafts\\my draft.xml")).toBe("my-draft");
  });

  it("a file that is all extension is named by it, not by nothing", () => {
    expect(documentNameOf("/tmp/.cddl")).toBe("cddl");
    expect(documentNameOf("/tmp/-.tls")).toBe("tls");
    expect(documentNameOf("/tmp/...")).toBe("draft");
  });
});
