/** What `gen --out` was given that shapes the files it writes (not --check, --json, --quiet or --timings). */
export interface GenCommandLine {
  readonly drafts: readonly string[];
  readonly out: string;
  readonly imports?: readonly string[];
  readonly configFile?: string;
  readonly cddlPath?: readonly string[];
  readonly allowInclude?: readonly string[];
  readonly allowErrors?: boolean;
  readonly runtime?: string;
  readonly standalone?: boolean;
}

/**
 * The command that writes the same files again, for the generated modules'
 * headers: `mimi-codec gen join.md --out out --runtime my-runtime`. Each
 * word is quoted for a POSIX shell where it needs it; a draft read from
 * stdin is `-` again.
 */
export function regenerateCommand(c: GenCommandLine): string {
  const words = ["mimi-codec", "gen", ...c.drafts.map((d) => (/^<stdin>\.\w+$/.test(d) ? "-" : d)), "--out", c.out];
  for (const i of c.imports ?? []) words.push("--import", i);
  if (c.configFile !== undefined) words.push("--config", c.configFile);
  for (const p of c.cddlPath ?? []) words.push("--cddl-path", p);
  for (const p of c.allowInclude ?? []) words.push("--allow-include", p);
  if (c.allowErrors) words.push("--allow-errors");
  if (c.runtime !== undefined) words.push("--runtime", c.runtime);
  if (c.standalone) words.push("--standalone");
  return words.map(shellWord).join(" ");
}

function shellWord(w: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
