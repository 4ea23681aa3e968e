import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "smoke",
          include: ["test/**/*.int.test.ts"],
          // Boots a real RabbitMQ node (~10 s) and the consumer, then runs a few seconds of load.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
