import { node } from "@repo/eslint-config/node";

export default [
  ...node(import.meta.dirname),
  // Playwright fixtures are functions whose first argument must be an object pattern, even when empty.
  { files: ["e2e/fixtures.ts"], rules: { "no-empty-pattern": "off" } },
];
