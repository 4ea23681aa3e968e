import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Every test file is in one project or the other: a new one cannot go unrun for its folder or name.
        test: { name: "unit", include: ["**/*.test.ts"], exclude: [...configDefaults.exclude, "**/*.int.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "smoke",
          include: ["**/*.int.test.ts"],
          // Boots a real RabbitMQ node (~10 s) and the consumer, then runs a few seconds of load.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
