/**
 * `npm run measure:packages [-- --before DIR]`: what an application pays
 * for mimi-codec's codecs, as a consumer would measure it, written to
 * bench/packages.json and bench/PACKAGES.md.
 *
 * The application imports one type of a built-in module (RFC 9420) and a
 * module generated with `gen --out` from a small draft that uses RFC 9420's
 * KeyPackage. Its packages come from `npm pack` tarballs installed with
 * npm: this checkout's two packages (@mimi-codec/runtime a dependency,
 * mimi-codec, the compiler, a dev dependency), or with `--before DIR` also
 * the one package of an older checkout (copied, built and packed there; the
 * application then depends on it, as its generated modules import it).
 * Without `--before` the earlier "before" numbers are kept from
 * bench/packages.json. Sizes: `du -sk node_modules` and the packages in it;
 * bundles by esbuild (browser, minified, tree-shaken) and gzip -9.
 *
 * Needs a built checkout (npm run build), and the npm registry or cache for
 * the compiler's own dependencies.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleSize, installApp, installSize, joinDraft, pack, ROOT, RUNTIME_PACKAGE, runtimeStaleness } from "../test/helpers/package-metrics.js";
import { renderPackagesReport, type Measurement, type PackagesReport } from "./packages-report.js";

/** How one layout is imported: the built-in module's entries, the runtime, the pipeline. */
interface Layout {
  readonly label: string;
  readonly builtin: string;
  readonly builtinTpl?: string;
  readonly builtinCbor?: string;
  readonly runtime: string;
  readonly pipeline: string;
}

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

async function bundles(app: string, layout: Layout, generatedTypes: readonly string[]): Promise<Measurement["bundles"]> {
  const one = (entry: string, format: "tpl" | "cbor") => `import { Lifetime } from "${entry}"; console.log(Lifetime.${format}.encode({ not_before: 1n, not_after: 2n }));`;
  const sources: Array<[string, string]> = [
    ["one type (`Lifetime`), both codecs", one(layout.builtin, "tpl")],
    ...(layout.builtinTpl ? [["one type, TPL entry", one(layout.builtinTpl, "tpl")] as [string, string]] : []),
    ...(layout.builtinCbor ? [["one type, CBOR entry", one(layout.builtinCbor, "cbor")] as [string, string]] : []),
    ["whole module (rfc9420)", `import * as m from "${layout.builtin}"; console.log(m);`],
    ["runtime", `import * as m from "${layout.runtime}"; console.log(m);`],
    ["pipeline", `import * as m from "${layout.pipeline}"; console.log(m);`],
    ...generatedTypes.map((t): [string, string] => [
      `the application: \`Lifetime\` and the gen --out module's \`${t}\``,
      `import { Lifetime } from "${layout.builtin}"; import { ${t} } from "./wire/generated/join-00/index.ts"; console.log(Lifetime.tpl.decode(new Uint8Array(16)), ${t}.tpl.decode(new Uint8Array(8)));`,
    ]),
  ];
  const out: Array<Measurement["bundles"][number]> = [];
  for (const [what, source] of sources) {
    try {
      const s = await bundleSize(app, source);
      out.push({ what, min: s.min, gzip: s.gzip });
    } catch (e) {
      const first = (e as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(e);
      out.push({ what, error: first });
    }
  }
  return out;
}

function installs(app: string): Pick<Measurement, "install"> {
  const s = installSize(app);
  return { install: { kib: s.kib, packages: s.packages.length } };
}

async function measureAfter(scratch: string): Promise<Measurement> {
  // the tarballs hold what the build wrote
  sh("npm", ["run", "build", "--silent"], ROOT);
  const stale = runtimeStaleness();
  if (stale) throw new Error(stale);
  const tarballs = join(scratch, "after-tgz");
  mkdirSync(tarballs);
  const runtime = pack(RUNTIME_PACKAGE, tarballs);
  const tools = pack(ROOT, tarballs);
  // the developer's machine: both packages, the compiler's dependencies too
  const dev = join(scratch, "after-dev");
  mkdirSync(dev);
  installApp(dev, { dependencies: { "@mimi-codec/runtime": runtime }, devDependencies: { "mimi-codec": tools } });
  writeFileSync(join(dev, "join-00.md"), joinDraft("00", ""));
  sh(join(dev, "node_modules", ".bin", "mimi-codec"), ["gen", "join-00.md", "--out", "wire"], dev);
  const devInstall = installs(dev).install;
  // what the application installs in production: the runtime package only
  const prod = join(scratch, "after-prod");
  mkdirSync(prod);
  installApp(prod, { dependencies: { "@mimi-codec/runtime": runtime } }, { offline: true, omitDev: true });
  cpSync(join(dev, "wire"), join(prod, "wire"), { recursive: true });
  const layout: Layout = {
    label: "after",
    builtin: "@mimi-codec/runtime/rfc9420",
    builtinTpl: "@mimi-codec/runtime/rfc9420/tpl",
    builtinCbor: "@mimi-codec/runtime/rfc9420/cbor",
    runtime: "@mimi-codec/runtime",
    pipeline: "mimi-codec/pipeline",
  };
  return {
    commit: sh("git", ["rev-parse", "--short", "HEAD"], ROOT).trim(),
    ...installs(prod),
    devInstall,
    ...generatedModule(join(dev, "wire", "generated", "join-00", "internal.ts")),
    bundles: await bundles(dev, layout, APP_TYPES),
  };
}

async function measureBefore(dir: string, scratch: string): Promise<Measurement> {
  // a copy, so the older checkout is only read; its node_modules builds it
  const copy = join(scratch, "before-src");
  cpSync(dir, copy, { recursive: true, filter: (p) => !/\/(node_modules|dist|\.git)$/.test(p) });
  symlinkSync(join(dir, "node_modules"), join(copy, "node_modules"));
  const tarballs = join(scratch, "before-tgz");
  mkdirSync(tarballs);
  const tools = pack(copy, tarballs, true);
  const app = join(scratch, "before-app");
  mkdirSync(app);
  // one package: the generated modules import it, so it is a dependency
  installApp(app, { dependencies: { "mimi-codec": tools } });
  writeFileSync(join(app, "join-00.md"), joinDraft("00", ""));
  sh(join(app, "node_modules", ".bin", "mimi-codec"), ["gen", "join-00.md", "--out", "wire"], app);
  const generated = generatedModule(["internal.ts", "index.ts"].map((f) => join(app, "wire", "generated", "join-00", f)).find(existsSync)!);
  const layout: Layout = { label: "before", builtin: "mimi-codec/rfc9420", runtime: "mimi-codec/runtime", pipeline: "mimi-codec/pipeline" };
  return {
    commit: sh("git", ["rev-parse", "--short", "HEAD"], dir).trim(),
    ...installs(app),
    ...generated,
    bundles: await bundles(app, layout, APP_TYPES.filter((t) => generated.generatedTypes.includes(t))),
  };
}

/** The types of the draft the application uses: JoinRequest holds RFC 9420's KeyPackage. */
const APP_TYPES = ["JoinState", "JoinRequest"];

/** What the module gen wrote imports, and the types it generated. */
function generatedModule(file: string): Pick<Measurement, "generatedImports" | "generatedTypes"> {
  const text = readFileSync(file, "utf8");
  const names = /export const TYPE_NAMES = (\[[^\]]*\])/.exec(text);
  return {
    generatedImports: [...text.matchAll(/^import[^;]*? from "([^"]+)";/gms)].map((m) => m[1]!),
    generatedTypes: names ? (JSON.parse(names[1]!.replace(/,\s*\]$/, "]")) as string[]) : [],
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf("--before");
  const beforeDir = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !beforeDir) throw new Error("--before needs the folder of an older checkout (with node_modules)");
  const jsonPath = join(ROOT, "bench", "packages.json");
  const previous = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, "utf8")) as PackagesReport) : undefined;
  const scratch = mkdtempSync(join(tmpdir(), "mimi-measure-packages-"));
  const before = beforeDir ? await measureBefore(resolve(beforeDir), scratch) : previous?.before;
  if (!before) throw new Error("no earlier numbers in bench/packages.json: run once with --before DIR");
  const after = await measureAfter(scratch);
  const report: PackagesReport = { measured: new Date().toISOString().slice(0, 10), node: process.version, npm: sh("npm", ["--version"], ROOT).trim(), before, after };
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(join(ROOT, "bench", "PACKAGES.md"), renderPackagesReport(report));
  console.log(`bench/packages.json and bench/PACKAGES.md written (scratch: ${scratch})`);
}

await main();
