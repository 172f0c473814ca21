// DO NOT EDIT. Generated from grammar/cddl.peggy by scripts/gen-parsers.ts (npm run gen:parsers); edit the grammar and regenerate.
import type { Parser } from "peggy";

/** "File" */
export declare const StartRules: Parser["StartRules"];
export declare const SyntaxError: Parser["SyntaxError"];
export declare const parse: Parser["parse"];
