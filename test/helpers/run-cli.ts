import { main } from "../../src/cli/main.js";

/** Run the CLI in-process and capture what it prints. */
export async function runCli(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    out: (t) => {
      out += t.endsWith("\n") ? t : t + "\n";
    },
    err: (t) => {
      err += t.endsWith("\n") ? t : t + "\n";
    },
    readStdin: async () => stdin,
  });
  return { code, out, err };
}
