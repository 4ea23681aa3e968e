import globals from "globals";
import lit from "eslint-plugin-lit";
import { base } from "./base.js";

/** Flat config for Lit components and the Vite sites that host them. */
export function litConfig(tsconfigRootDir) {
  return [
    ...base(tsconfigRootDir),
    lit.configs["flat/recommended"],
    { languageOptions: { globals: { ...globals.browser } } },
  ];
}
