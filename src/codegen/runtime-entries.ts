/**
 * Where a generated module finds the runtime's other entries, given how it
 * imports the runtime itself: a package (`@mimi-codec/runtime`, or what
 * `gen --runtime` names) has them as subpaths; a path to the runtime's
 * index (the repository's `../../src/runtime/index.js`, or the copy `gen
 * --standalone` writes) has them as folders beside it.
 */

/** The CDDL validator entry: `@mimi-codec/runtime` -> `@mimi-codec/runtime/cddl`, `../../src/runtime/index.js` -> `../../src/runtime/cddl/index.js`. */
export function cddlEntryOf(runtimeImport: string): string {
  const m = /^(.*)\/index\.(js|ts|mjs)$/.exec(runtimeImport);
  return m ? `${m[1]}/cddl/index.${m[2]}` : `${runtimeImport}/cddl`;
}

/** A built-in document's internal entry: `@mimi-codec/runtime/rfc9420/internal`, or `../../runtime/rfc9420/internal.js` beside a copied runtime. */
export function builtinEntryOf(runtimeImport: string, document: string): string {
  const m = /^(.*)\/index\.(js|ts|mjs)$/.exec(runtimeImport);
  return m ? `${m[1]}/${document}/internal.${m[2]}` : `${runtimeImport}/${document}/internal`;
}
