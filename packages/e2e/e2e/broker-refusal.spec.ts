import { siteCredentials } from "@repo/stack";
import { expect, test } from "./fixtures.js";
import { closeConnectionsOf } from "./management-api.js";

/** Once the login works again the site's backoff (up to 15 s, plus jitter) decides when it tries. */
const BACK_ONLINE_MS = 60_000;

test("when the broker refuses the site's login, the site says why on screen, not in a tooltip, and drops it once back online", async ({ shop, brokerNode }) => {
  test.setTimeout(120_000);
  const { login, passcode } = siteCredentials(shop.country);
  const brokerClosed = shop.page.getByText(shop.language.brokerClosed);
  const setPassword = (password: string) =>
    brokerNode.managementApi(`api/users/${encodeURIComponent(login)}`, { method: "PUT", body: { password, tags: "" } });

  await setPassword("not-the-sites-password");
  try {
    // The broker's connection list fills in within a few seconds of a connect.
    await expect.poll(() => closeConnectionsOf(brokerNode, login)).toBeGreaterThan(0);

    await shop.expectReconnecting();
    // The refused reconnect's ERROR frame: the broker's words, marked as English, after the site's own, in a status region.
    await expect(brokerClosed).toBeVisible();
    await expect(brokerClosed.locator('q[lang="en"]')).toContainText(`Access refused for user '${login}'`);
    await expect(shop.page.getByRole("status").filter({ has: brokerClosed })).toHaveCount(1);
    expect(await shop.accessibilityViolations()).toEqual([]);
  } finally {
    await setPassword(passcode);
  }

  await shop.expectOnline(BACK_ONLINE_MS);
  await expect(brokerClosed).toBeHidden();
});
