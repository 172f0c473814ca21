/**
 * The page's stand-in for src/codegen/format-module.ts (the playground's
 * bundle maps one onto the other): a module generated in the page is
 * loaded, never read by a person, so it is not formatted and prettier
 * (1 MB) stays out of the page.
 */
export const PRETTIER_OPTIONS = {};

export function formatModule(text: string): Promise<string> {
  return Promise.resolve(text);
}
