import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // expect.poll waits for what a child process, /proc or a node does: 1 s (vitest's default) is too short for a
    // process to start on a loaded 2-core machine. Every poll here is for an eventual state, so a longer wait costs nothing when all is well.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Every test file is in one project or the other: a new one cannot go unrun for its folder or name.
          include: ["**/*.test.ts"],
          exclude: [...configDefaults.exclude, "**/*.int.test.ts"],
          // Some start Node processes and wait up to 10 s for them (stop-request, processes): the default 5 s would cut those waits short on a slow machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          // Each file boots real RabbitMQ nodes (~10 s each); two files at once would starve a 2-core machine.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
