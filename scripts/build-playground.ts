/**
 * `npm run build` step: the playground as static files in dist/playground
 * (index.html, playground.js, playground.css), with their gzipped sizes.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPlayground } from "../src/playground/build.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "dist", "playground");
const built = await buildPlayground({ outDir: out, root });
const sizes = [...built.files].map(([name, bytes]) => `${name} ${(bytes.length / 1024).toFixed(0)} KB (${(built.gzipped.get(name)! / 1024).toFixed(0)} KB gzipped)`);
console.log(`playground: ${out}: ${sizes.join(", ")}; ${(built.gzippedTotal / 1024).toFixed(0)} KB gzipped in all`);
