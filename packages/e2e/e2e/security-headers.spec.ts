import { SITE_HEADERS } from "@repo/vite-config/site-headers";
import { expect, test } from "./fixtures.js";

/** Every Content-Security-Policy violation the page reports, as "directive blocked-uri". */
declare global {
  interface Window {
    cspViolations?: string[];
  }
}

test("the site is served with a policy that refuses framing and foreign scripts, and the page under it connects, keeps its heartbeat Worker and buys, violating nothing", async ({ shop, page }) => {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(page.url());
  await shop.expectOnline();

  // Every header of the table, as written there: a production server copies the same table.
  const served = response?.headers() ?? {};
  for (const [name, value] of Object.entries(SITE_HEADERS)) expect(served[name.toLowerCase()], name).toBe(value);
  expect(served["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(served["content-security-policy"]).toContain("script-src 'self'");
  // stompjs ticks its heartbeats in a Worker made from a blob: URL, which the policy's worker-src must allow.
  await expect.poll(() => page.workers().some((worker) => worker.url().startsWith("blob:"))).toBe(true);
  await shop.buy(10);
  await shop.expectConfirmed(10);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
});
