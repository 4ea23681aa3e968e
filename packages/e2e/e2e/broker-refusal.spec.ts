import { siteCredentials } from "@repo/stack";
import { expect, test } from "./fixtures.js";
import { closeConnectionsOf } from "./management-api.js";

/** Once the login works again the site's backoff (up to 15 s, plus jitter) decides when it tries. */
const BACK_ONLINE_MS = 60_000;

test("when the broker refuses the site's login, the site tells the buyer in its own language that orders wait, keeps the broker's words on screen for an operator, and drops both once back online", async ({
  shop,
  brokerNode,
}) => {
  test.setTimeout(120_000);
  const { login, passcode } = siteCredentials(shop.country);
  // The strip under the header: one status region, found by the site's own sentence.
  const strip = shop.page.getByRole("status").filter({ hasText: shop.language.brokerRefused });
  const setPassword = (password: string) =>
    brokerNode.managementApi(`api/users/${encodeURIComponent(login)}`, { method: "PUT", body: { password, tags: "" } });

  await setPassword("not-the-sites-password");
  try {
    await closeConnectionsOf(brokerNode, login);

    await shop.expectReconnecting();
    // The refused reconnect's ERROR frame: first what it means, in the site's language; then the broker's words,
    // marked as English, in the same status region.
    await expect(strip).toHaveCount(1);
    await expect(strip).toBeVisible();
    await expect(strip.getByRole("paragraph").first()).toContainText(shop.language.brokerRefused);
    await expect(strip.locator(shop.brokerWords)).toContainText(`Access refused for user '${login}'`);
    expect(await shop.accessibilityViolations()).toEqual([]);
  } finally {
    await setPassword(passcode);
  }

  await shop.expectOnline(BACK_ONLINE_MS);
  await expect(strip).toBeHidden();
  await expect(shop.brokerWords).toHaveCount(0);
});
