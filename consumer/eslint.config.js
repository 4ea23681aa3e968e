import { node } from "@repo/eslint-config/node";

export default [
  ...node(import.meta.dirname),
  {
    // STYLE.md rule 12: one module speaks AMQP and one SQL; handlers and the rest see only their types.
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/broker/amqp.ts", "src/store/sqlite-store.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "amqplib", message: "Only src/broker/amqp.ts imports amqplib (STYLE.md rule 12)." },
            { name: "better-sqlite3", message: "Only src/store/sqlite-store.ts imports better-sqlite3." },
          ],
        },
      ],
    },
  },
];
