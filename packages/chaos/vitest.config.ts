import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every test file, whatever its name: one cannot go unrun for it.
    include: ["**/*.test.ts"],
    // Each file boots a real RabbitMQ node and the consumer; two at once would starve a 2-core machine.
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
