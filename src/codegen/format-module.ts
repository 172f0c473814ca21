import * as prettier from "prettier";

/**
 * prettier's options for generated modules. The `babel-ts` parser prints
 * exactly what the `typescript` parser did for the generated code (byte for
 * byte on every built-in document; `npm run gen:check` keeps it so) and
 * parses over twice as fast, which takes a third off formatting, the bulk
 * of `mimi-codec gen` (5.0 s -> 3.2 s for the built-in documents).
 */
export const PRETTIER_OPTIONS: prettier.Options = { parser: "babel-ts", printWidth: 120 };

/** A generated module's text, formatted the one way every generated file is. */
export function formatModule(text: string): Promise<string> {
  return prettier.format(text, PRETTIER_OPTIONS);
}
