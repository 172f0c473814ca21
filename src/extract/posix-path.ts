/**
 * POSIX path arithmetic without node:path, so that extraction and the
 * compile pass run in a browser too (the playground). Relative paths
 * resolve against the process's working directory where there is one
 * (Node), else against "/" (a page's in-memory files).
 */
export const sep = "/";

export function isAbsolute(p: string): boolean {
  return p.startsWith("/");
}

/** `.` and `..` segments removed and repeated slashes collapsed; `..` above a relative start is kept. */
export function normalize(p: string): string {
  const abs = isAbsolute(p);
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (seg !== ".." || !abs) out.push(seg);
  }
  const body = out.join("/");
  if (abs) return "/" + body;
  return body === "" ? "." : body;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((x) => x !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

export function resolve(...parts: string[]): string {
  let path = "";
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) {
    const part = parts[i]!;
    if (part !== "") path = path === "" ? part : `${part}/${path}`;
  }
  if (!isAbsolute(path)) path = `${workingDirectory()}/${path}`;
  return normalize(path);
}

export function dirname(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  const at = trimmed.lastIndexOf("/");
  if (at < 0) return ".";
  if (at === 0) return "/";
  return trimmed.slice(0, at);
}

function workingDirectory(): string {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  return typeof proc?.cwd === "function" ? proc.cwd() : "/";
}
