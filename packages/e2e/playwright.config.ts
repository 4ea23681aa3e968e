import { defineConfig } from "@playwright/test";
import { COUNTRIES } from "@repo/contract";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/chromium.js";
import { sitePorts } from "./e2e/environment.js";

const ports = await sitePorts();

/**
 * One project per site, each with its own baseURL, for the flows every site
 * must pass; one more, `system`, for the flows that span sites or stop the
 * consumer. One worker at a time: every test shares one broker node; each
 * project's worker has a consumer and a database of its own, replaced with
 * the worker after a failure.
 */
export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    ...COUNTRIES.map((country) => ({
      name: `site-${country}`,
      testMatch: "site.spec.ts",
      use: { country, baseURL: `http://127.0.0.1:${ports[country]}` },
    })),
    {
      name: "system",
      // Every other spec, so a new one cannot end up in no project and silently never run.
      testMatch: "*.spec.ts",
      testIgnore: "site.spec.ts",
      use: { baseURL: `http://127.0.0.1:${ports.fr}` },
    },
  ],
});
