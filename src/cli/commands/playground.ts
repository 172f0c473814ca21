/**
 * `mimi-codec playground`: serves the playground's static files on
 * 127.0.0.1. The files are dist/playground (npm run build); from a source
 * checkout without them they are bundled now, in memory. The server only
 * hands out those files: the page does all its work in the browser.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { projectRoot } from "../../compile/builtin.js";
import { UsageError } from "../cli-error.js";
import type { CliIo } from "../io.js";

export const PLAYGROUND_HELP = `usage: mimi-codec playground [--port <n>]

Serves the playground on http://127.0.0.1:<port>/ until interrupted: pick a
built-in document or paste a draft, TPL or CDDL; paste bytes (hex, a draft's
annotated dump, base64, EDN, JSON) and see them decoded in TPL or CBOR with
the byte span of every field. Everything runs in the browser; the page is
also written as static files by \`npm run build\` (dist/playground), which
open from file:// or any static host.
  --port <n>   the port (default 8080; when that one is taken, a free one)`;

const DEFAULT_PORT = 8080;

const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

/** The playground's files: the built ones, else bundled now (needs esbuild, a development dependency). */
export async function playgroundFiles(): Promise<Map<string, Uint8Array>> {
  const dir = join(projectRoot(), "dist", "playground");
  if (existsSync(join(dir, "index.html")) && existsSync(join(dir, "playground.js"))) {
    return new Map(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))] as const));
  }
  try {
    const { buildPlayground } = await import("../../playground/build.js");
    return new Map((await buildPlayground()).files);
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND") throw new UsageError("the playground is not built (dist/playground) and esbuild is not installed to build it: run npm run build", 1);
    throw e;
  }
}

/** Serve `files` on 127.0.0.1; port 0 takes a free one. Rejects with the listen error (EADDRINUSE). */
export function servePlayground(files: ReadonlyMap<string, Uint8Array>, port: number): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname).replace(/^\/+/, "") || "index.html";
    const body = files.get(name);
    if ((req.method !== "GET" && req.method !== "HEAD") || !body) {
      res.writeHead(body ? 405 : 404, { "content-type": "text/plain; charset=utf-8" }).end(body ? "method not allowed\n" : "not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[name.split(".").pop() ?? ""] ?? "application/octet-stream", "cache-control": "no-store", "x-content-type-options": "nosniff" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const addr = server.address();
      resolve({ url: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}/`, server });
    });
  });
}

export async function playgroundCommand(opts: { port?: number }, io: CliIo): Promise<number> {
  const files = await playgroundFiles();
  let served: { url: string; server: Server };
  try {
    served = await servePlayground(files, opts.port ?? DEFAULT_PORT);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "EADDRINUSE" && opts.port === undefined) served = await servePlayground(files, 0);
    else if (code === "EADDRINUSE") throw new UsageError(`port ${opts.port} is in use; choose another with --port`, 1);
    else if (code === "EACCES") throw new UsageError(`port ${opts.port ?? DEFAULT_PORT} needs privileges; choose another with --port`, 1);
    else throw e;
  }
  io.out(`playground: ${served.url} (Ctrl-C stops it)`);
  await new Promise<void>((resolve) => {
    const stop = () => served.server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
