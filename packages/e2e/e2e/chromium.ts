import { existsSync } from "node:fs";

/**
 * Playwright cannot download its own browsers on this project's machines, so
 * it drives the distribution's Chromium. CHROMIUM_PATH points elsewhere; set
 * but empty, it counts as unset, as every other setting does.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

if (!existsSync(CHROMIUM_PATH)) {
  throw new Error(
    `Chromium is not at ${CHROMIUM_PATH}. Install it (Debian: sudo apt-get update && sudo apt-get install -y chromium) ` +
      "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}

/** Flags that let Chromium run headless as root on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
];
