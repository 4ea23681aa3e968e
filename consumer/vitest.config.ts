import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["test/quiet-logs.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.int.test.ts"],
          // Each file boots a real RabbitMQ node (~10 s); two at once would starve a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
