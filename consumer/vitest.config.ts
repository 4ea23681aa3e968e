import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["test/quiet-logs.ts"],
    projects: [
      {
        extends: true,
        // Every test file is in one project or the other: a new one cannot go unrun for its folder or name.
        test: { name: "unit", include: ["**/*.test.ts"], exclude: [...configDefaults.exclude, "**/*.int.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          // Each file boots a real RabbitMQ node (~10 s); two at once would starve a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
