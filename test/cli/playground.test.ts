import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { servePlayground } from "../../src/cli/commands/playground.js";
import { runCli } from "../helpers/run-cli.js";

/** `mimi-codec playground`: a user's mistake is one line; the server hands out the page's files on 127.0.0.1 and nothing else. */
describe("mimi-codec playground", () => {
  it("refuses a bad --port or an argument in one line", async () => {
    const bad = await runCli(["playground", "--port", "80000"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('mimi-codec: --port must be a number from 0 to 65535, got "80000"\n');
    const extra = await runCli(["playground", "draft.md"]);
    expect(extra).toMatchObject({ code: 2, err: "mimi-codec: playground takes no arguments\n" });
    const help = await runCli(["playground", "--help"]);
    expect(help.out).toMatch(/^usage: mimi-codec playground \[--port <n>\]/);
  });

  it("serves index.html at / and the page's files, 404 for anything else, on 127.0.0.1 only", async () => {
    const files = new Map([
      ["index.html", new TextEncoder().encode("<!doctype html><p>page")],
      ["playground.js", new TextEncoder().encode("void 0")],
    ]);
    const { url, server } = await servePlayground(files, 0);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const get = (path: string, method = "GET") =>
        new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          const req = request(new URL(path, url), { method }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
          });
          req.on("error", reject);
          req.end();
        });
      expect(await get("/")).toEqual({ status: 200, type: "text/html; charset=utf-8", body: "<!doctype html><p>page" });
      expect(await get("/playground.js")).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
      expect((await get("/../package.json")).status).toBe(404);
      expect((await get("/%2e%2e/package.json")).status).toBe(404);
      expect((await get("/index.html", "POST")).status).toBe(405);
      // a taken port is the listen error, for the command to report
      await expect(servePlayground(files, Number(new URL(url).port))).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      server.close();
    }
  });
});
