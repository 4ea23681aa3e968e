import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Type-aware rules shared by every workspace. `tsconfigRootDir` must be the
 * workspace's own folder, so each workspace passes its `import.meta.dirname`.
 */
export function base(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ["dist/**", "coverage/**", "playwright-report/**", "test-results/**"] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions: {
          // Tool configs (vite.config.ts, vitest.config.ts) sit outside each tsconfig's `src`.
          projectService: { allowDefaultProject: ["vite.config.ts", "vitest.config.ts"] },
          tsconfigRootDir,
        },
      },
      rules: {
        // Template literals with numbers are how we build routing keys and log lines.
        "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        "@typescript-eslint/consistent-type-imports": "error",
        "no-console": "error",
        // A focused or skipped test lets the rest pass unseen, and no skipped test counts as passing here.
        "no-restricted-syntax": [
          "error",
          {
            selector: "MemberExpression[object.name=/^(it|test|describe|bench)$/][property.name=/^(only|skip|skipIf|runIf|todo|fixme|fail|fails)$/]",
            message: "Run every test: a focused, skipped or conditional test lets the others pass unseen.",
          },
          {
            // Playwright's test.describe.only and friends.
            selector: "MemberExpression[object.object.name='test'][object.property.name='describe'][property.name=/^(only|skip|fixme)$/]",
            message: "Run every test: a focused, skipped or conditional test lets the others pass unseen.",
          },
          {
            // vitest's it.concurrent.skip and the like.
            selector: "MemberExpression[object.property.name=/^(concurrent|sequential)$/][property.name=/^(only|skip|skipIf|runIf|todo|fails)$/]",
            message: "Run every test: a focused, skipped or conditional test lets the others pass unseen.",
          },
          {
            // Skipping from inside a running test: Playwright's testInfo.skip() or test.info().skip(), vitest's context.skip().
            selector: "CallExpression[callee.property.name=/^(skip|fixme|fail)$/]",
            message: "Run every test: a test that skips itself passes unseen; fail loudly with what is missing instead.",
          },
        ],
      },
    },
    {
      files: ["**/*.js", "**/*.mjs"],
      ...tseslint.configs.disableTypeChecked,
    },
  );
}
