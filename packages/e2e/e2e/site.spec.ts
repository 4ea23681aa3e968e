import { expect, test } from "./fixtures.js";
import { publishedTo } from "./management-api.js";

test("a buyer's +10 and +100 orders go through the country queue and come back confirmed, in the site's language, on a page that passes a WCAG 2.1 AA audit", async ({ shop, country, broker }) => {
  const publishedBefore = await publishedTo(broker, country);

  await shop.buy(10);
  await shop.buy(100);

  await shop.expectConfirmed(10);
  await shop.expectConfirmed(100);
  await expect(shop.orders).toHaveCount(2);
  // The broker samples queue statistics every few seconds, hence the poll.
  await expect.poll(() => publishedTo(broker, country), { timeout: 20_000 }).toBeGreaterThanOrEqual(publishedBefore + 2);
  // Each site has its own colours, so each is audited: contrast, names, roles, in every shadow root.
  expect(await shop.accessibilityViolations()).toEqual([]);
});

test("a rush started from the keyboard sends its 100 orders at the broker's pace, all are answered, and the focus stays on the button pressed", async ({ shop, page }) => {
  const start = shop.rushStartButton(100);

  await start.focus();
  await page.keyboard.press("Enter");

  await expect(shop.rushAnswered).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(shop.rushAnswered).toHaveAttribute("aria-valuemax", "100");
  await expect(shop.orders.and(page.locator("[data-status=confirmed]"))).toHaveCount(100);
  // Unavailable while the rush ran, yet never lost the keyboard focus; Stop is unavailable again now it is over.
  await expect(start).toBeFocused();
  await expect(start).toBeEnabled();
  await expect(shop.rushStopButton).toBeDisabled();
});
