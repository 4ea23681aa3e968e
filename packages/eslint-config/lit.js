import globals from "globals";
import lit from "eslint-plugin-lit";
import { base } from "./base.js";

const UNSAFE_MARKUP = "Render received strings as text (a Lit binding); markup from a string is an injection.";

/** Flat config for Lit components and the Vite sites that host them. */
export function litConfig(tsconfigRootDir) {
  return [
    ...base(tsconfigRootDir),
    lit.configs["flat/recommended"],
    { languageOptions: { globals: { ...globals.browser } } },
    {
      // Sites show strings that came off the wire. Lit's bindings render them
      // as text; these ways of writing markup would render them as HTML.
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [{ group: ["lit/directives/unsafe-*", "lit-html/directives/unsafe-*"], message: UNSAFE_MARKUP }],
            paths: [{ name: "lit/static-html.js", importNames: ["unsafeStatic"], message: UNSAFE_MARKUP }],
          },
        ],
        "no-restricted-properties": [
          "error",
          ...["innerHTML", "outerHTML", "insertAdjacentHTML"].map((property) => ({ property, message: UNSAFE_MARKUP })),
        ],
      },
    },
  ];
}
