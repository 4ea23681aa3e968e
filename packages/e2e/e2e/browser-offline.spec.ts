import { expect, test } from "./fixtures.js";

/**
 * Missed heartbeats would tell after 20–30 s: the browser's own offline
 * event is to tell within a few. The rest is room for a slow machine.
 */
const NOTICED_MS = 5_000;
/** The countdown the test waits for before the network comes back: well above what being back may take. */
const LONG_WAIT_S = 6;
/** From the network's return to online: one attempt and a handshake, not the rest of the countdown. */
const BACK_MS = 3_000;

test("when the browser goes offline, the site says so within seconds and queues what the buyer orders; when it is back, the site reconnects at once rather than finish its countdown, and the order is confirmed", async ({
  shop,
  page,
}) => {
  test.setTimeout(90_000);
  const states = await shop.watchConnectionStates();

  await page.context().setOffline(true);

  await expect(shop.connectionBadge).toHaveAttribute("data-state", "reconnecting", { timeout: NOTICED_MS });
  await shop.expectRetrying("reconnecting");
  expect(await states()).toEqual(["reconnecting"]);
  await shop.buy(10);
  await shop.expectQueued(10);
  // Each attempt fails while offline and the wait doubles: 1, 2, then 4 s and more, each with up to half again in jitter.
  await expect.poll(() => shop.retrySeconds(), { timeout: 30_000, intervals: [250] }).toBeGreaterThanOrEqual(LONG_WAIT_S);

  await page.context().setOffline(false);

  await shop.expectOnline(BACK_MS);
  await shop.expectConfirmed(10);
});

test("an order the site had sent when the browser went offline waits for the connection saying it went out once already, so the buyer does not order again; back online, it is sold once", async ({
  shop,
  page,
  consumer,
}) => {
  test.setTimeout(90_000);
  // Nobody answers: the order is taken by the broker and awaits its answer when the network goes.
  await consumer.stop();
  await shop.buy(10);
  const order = shop.ordersOf(10);
  await expect(order).toHaveAttribute("data-status", "sent");

  await page.context().setOffline(true);

  await expect(order).toHaveAttribute("data-status", "queued");
  await expect(order).toContainText(shop.language.queued);
  await expect(order).toContainText(shop.language.resendAdvice);
  await page.context().setOffline(false);
  await shop.expectOnline(BACK_MS);
  await consumer.start();
  await shop.expectConfirmed(10);
  await expect(order).not.toContainText(shop.language.resendAdvice);
  await expect(shop.orders).toHaveCount(1);
});
