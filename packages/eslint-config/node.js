import globals from "globals";
import { base } from "./base.js";

/** Flat config for Node services, libraries and tools. */
export function node(tsconfigRootDir) {
  return [
    ...base(tsconfigRootDir),
    { languageOptions: { globals: { ...globals.node } } },
  ];
}
