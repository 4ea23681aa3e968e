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

  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("script-src 'self'");
  expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
  await shop.buy(10);
  await shop.expectConfirmed(10);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
});
