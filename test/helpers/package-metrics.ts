import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * What a consumer of the packages gets, measured the way a consumer would:
 * tarballs from `npm pack`, installed into a scratch application with npm,
 * node_modules counted on disk, and bundles built by esbuild for the
 * browser. Shared by test/package and scripts/measure-packages.ts.
 */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const RUNTIME_PACKAGE = join(ROOT, "packages", "runtime");

/** A small markdown draft whose JoinRequest holds RFC 9420's KeyPackage (`extra`: one more line of JoinState, or ""). */
export function joinDraft(version: string, extra: string): string {
  return [
    "---",
    "title: A join request",
    `docname: draft-example-join-${version}`,
    "---",
    "# Messages",
    "",
    "~~~ tls",
    "struct {",
    "    opaque group_id<V>;",
    "    uint32 epoch;",
    extra,
    "} JoinState;",
    "",
    "struct {",
    "    JoinState state;",
    "    KeyPackage key_package;",
    "} JoinRequest;",
    "~~~",
    "",
  ].join("\n");
}

export class PackageMetricsError extends Error {
  override readonly name = "PackageMetricsError";
}

/**
 * `npm pack` of the package in `dir` into `dest`, without its build
 * scripts: the tarball holds what `npm run build` last wrote (npm ci runs
 * it). Returns the tarball's path.
 */
export function pack(dir: string, dest: string, scripts = false): string {
  const out = execFileSync("npm", ["pack", "--silent", ...(scripts ? [] : ["--ignore-scripts"]), "--pack-destination", dest], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const name = out.trim().split("\n").pop()!;
  if (!name.endsWith(".tgz")) throw new PackageMetricsError(`npm pack in ${dir} printed no tarball name: ${out}`);
  return join(dest, name);
}

/**
 * A scratch application in `dir` with `dependencies` and `devDependencies`
 * (name -> tarball path or version), installed by npm. `offline`: npm may
 * not ask the registry (the packages given must be all there is);
 * `omitDev`: a production install.
 */
export function installApp(
  dir: string,
  deps: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
  opts: { offline?: boolean; omitDev?: boolean } = {},
): void {
  const spec = (v: string) => (v.endsWith(".tgz") ? `file:${v}` : v);
  const map = (m: Record<string, string> | undefined) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, spec(v)]));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module", dependencies: map(deps.dependencies), devDependencies: map(deps.devDependencies) }, null, 2));
  const flags = ["--no-audit", "--no-fund", "--loglevel=error", opts.offline ? "--offline" : "--prefer-offline", ...(opts.omitDev ? ["--omit=dev"] : [])];
  execFileSync("npm", ["install", ...flags], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
}

/** Bytes on disk under node_modules (`du`, 1 KiB blocks) and the packages installed there, nested ones too. */
export function installSize(dir: string): { kib: number; packages: string[] } {
  const nm = join(dir, "node_modules");
  const kib = Number(execFileSync("du", ["-sk", "-L", nm], { encoding: "utf8" }).split("\t")[0]);
  return { kib, packages: packagesUnder(nm) };
}

function packagesUnder(nm: string): string[] {
  if (!existsSync(nm)) return [];
  const out: string[] = [];
  for (const name of readdirSync(nm)) {
    if (name.startsWith(".")) continue;
    const names = name.startsWith("@") ? readdirSync(join(nm, name)).map((n) => `${name}/${n}`) : [name];
    for (const n of names) {
      const dir = join(nm, n);
      if (!existsSync(join(dir, "package.json"))) continue;
      out.push(n);
      // a symlinked package (a workspace) is counted, not walked into
      if (!lstatSync(dir).isSymbolicLink()) out.push(...packagesUnder(join(dir, "node_modules")));
    }
  }
  return out.sort();
}

/** The declared dependencies of an installed package (all kinds a consumer would install). */
export function declaredDependencies(packageDir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  return ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"].flatMap((k) => Object.keys(pkg[k] ?? {}));
}

export interface BundleSize {
  readonly min: number;
  readonly gzip: number;
  /** The minified bundle. */
  readonly text: string;
}

/** `source` (an ES module in `dir`, resolving packages from its node_modules) bundled by esbuild for the browser: minified bytes, gzip -9 bytes. */
export async function bundleSize(dir: string, source: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: dir, sourcefile: "entry.js", loader: "js" },
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]!.text;
  return { min: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, text };
}

/**
 * Why packages/runtime/dist cannot stand for the sources (missing, or older
 * than the newest file of src/runtime or generated/), or null. Tests read
 * the built package as a consumer would; npm ci and npm run build write it.
 */
export function runtimeStaleness(): string | null {
  const index = join(RUNTIME_PACKAGE, "dist", "esm", "src", "runtime", "index.js");
  if (!existsSync(index)) return "packages/runtime/dist is missing: run npm run build";
  const built = statSync(index).mtimeMs;
  const newer = [join(ROOT, "src", "runtime"), join(ROOT, "generated")].flatMap(sourcesUnder).find((f) => statSync(f).mtimeMs > built);
  return newer ? `${newer} is newer than packages/runtime/dist: run npm run build` : null;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourcesUnder(p) : p.endsWith(".ts") ? [p] : [];
  });
}
