import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * `mimi-codec ... | head -1`: when the reader closes the pipe, the CLI stops
 * quietly with status 0, as Unix tools do, instead of dying on an unhandled
 * EPIPE with a stack trace.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("a closed stdout pipe", () => {
  it("ends the CLI quietly", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "--help"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(err).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 30_000);
});
