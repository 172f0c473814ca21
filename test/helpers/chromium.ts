import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/**
 * Headless Chromium (the Debian package `chromium`, or $CHROMIUM) driven
 * over the DevTools protocol on a pipe (--remote-debugging-pipe: requests
 * on fd 3, replies on fd 4, each a JSON message ended by a NUL byte), so a
 * test can set the viewport exactly, load a page, evaluate script in it,
 * take screenshots and print it to PDF, without a driver library.
 */
export function findChromium(): string | null {
  const candidates = [process.env["CHROMIUM"], "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].filter((c): c is string => !!c);
  for (const c of candidates) {
    const r = spawnSync(c, ["--version"], { encoding: "utf8", timeout: 20_000 });
    if (r.status === 0) return c;
  }
  return null;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export class Browser {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(m: Message) => void> = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const input = child.stdio[4] as Readable;
    let buffer = "";
    input.setEncoding("utf8");
    input.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\0"); end >= 0; end = buffer.indexOf("\0")) {
        const m = JSON.parse(buffer.slice(0, end)) as Message;
        buffer = buffer.slice(end + 1);
        const waiting = m.id !== undefined ? this.pending.get(m.id) : undefined;
        if (waiting) {
          this.pending.delete(m.id!);
          if (m.error) waiting.reject(new Error(m.error.message));
          else waiting.resolve(m.result ?? {});
        } else for (const l of this.listeners) l(m);
      }
    });
    child.on("exit", () => {
      for (const p of this.pending.values()) p.reject(new Error("chromium exited"));
      this.pending.clear();
    });
  }

  static launch(executable: string): Browser {
    const profile = mkdtempSync(join(tmpdir(), "mimi-chromium-"));
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      "--font-render-hinting=none",
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      "about:blank",
    ];
    const child = spawn(executable, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    child.stderr?.resume();
    return new Browser(child, profile);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    const out = this.child.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  }

  /** Resolves on the first event `method` of `sessionId`. */
  once(method: string, sessionId: string): Promise<Message> {
    return new Promise((resolve) => {
      const l = (m: Message) => {
        if (m.method === method && m.sessionId === sessionId) {
          this.listeners.splice(this.listeners.indexOf(l), 1);
          resolve(m);
        }
      };
      this.listeners.push(l);
    });
  }

  /** A new tab with a fixed viewport (CSS px, device scale 1). */
  async page(width: number, height: number): Promise<Page> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    await this.send("Page.enable", {}, sessionId);
    await this.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    return new Page(this, sessionId);
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once("exit", () => resolve())));
    await this.send("Browser.close").catch(() => undefined);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {}

  async goto(url: string): Promise<void> {
    const loaded = this.browser.once("Page.loadEventFired", this.sessionId);
    const r = (await this.browser.send("Page.navigate", { url }, this.sessionId)) as { errorText?: string };
    if (r.errorText) throw new Error(`navigating to ${url}: ${r.errorText}`);
    await loaded;
  }

  /** The value of a JavaScript expression in the page (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.browser.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, this.sessionId)) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** PNG of the viewport (the first screen when the page is scrolled to the top). */
  async screenshot(): Promise<Buffer> {
    const r = (await this.browser.send("Page.captureScreenshot", { format: "png" }, this.sessionId)) as { data: string };
    return Buffer.from(r.data, "base64");
  }

  /** The page as print media lays it out. */
  async emulatePrint(on: boolean): Promise<void> {
    await this.browser.send("Emulation.setEmulatedMedia", { media: on ? "print" : "" }, this.sessionId);
  }

  /** PDF as printing gives it (A4, the page's own print stylesheet). */
  async pdf(): Promise<Buffer> {
    const r = (await this.browser.send("Page.printToPDF", { paperWidth: 8.27, paperHeight: 11.69, preferCSSPageSize: true }, this.sessionId)) as { data: string };
    return Buffer.from(r.data, "base64");
  }
}
