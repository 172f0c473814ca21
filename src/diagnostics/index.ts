export * from "./source-loc.js";
export * from "./diagnostic.js";
export * from "./compile-error.js";
