/**
 * The page's stand-in for src/extract/node-io.ts (the playground's bundle
 * maps one onto the other): there is no file system in a page, so the
 * default io reads nothing. The page passes its own in-memory io to every
 * compile; this only makes a forgotten one fail clearly.
 */
import type { ExtractIo, InputPolicy } from "../../extract/types.js";

export const nodeIo: ExtractIo = {
  readFile: (p) => {
    throw new Error(`no file system in the page: cannot read ${p}`);
  },
  exists: () => false,
};

export function nodeIoWith(policy: InputPolicy): ExtractIo {
  return { ...nodeIo, policy };
}
