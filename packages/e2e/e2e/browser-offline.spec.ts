import { expectCountryQueueDrained } from "./broker-queues.js";
import { expect, test } from "./fixtures.js";

/**
 * Missed heartbeats would tell after 20–30 s: the browser's own offline
 * event is to tell within a few. The rest is room for a slow machine.
 */
const NOTICED_MS = 5_000;
/**
 * From the network's return to online: one attempt and a handshake, not the
 * rest of the backoff's wait, which is 8 s or more by then.
 */
const BACK_MS = 5_000;
/**
 * Attempts to let fail while offline: the waits before them are 1, 2 and
 * 4 s, and 8 s after the third (each with up to half again in jitter),
 * well above what being back may take.
 */
const ATTEMPTS_WHILE_OFFLINE = 3;

test("when the browser goes offline, the site says so within seconds, waits for the network with no countdown or Retry now, and queues what the buyer orders; when it is back, the site reconnects at once rather than finish its wait, and the order is confirmed", async ({
  shop,
  page,
}) => {
  test.setTimeout(90_000);
  const states = await shop.watchConnectionStates();
  let attemptsFailed = 0;
  // Sockets opened from now on, each an attempt; the one open now closes when the network goes, unseen here.
  page.on("websocket", (socket) => {
    socket.on("close", () => {
      attemptsFailed++;
    });
  });

  await page.context().setOffline(true);

  await expect(shop.connectionBadge).toHaveAttribute("data-state", "reconnecting", { timeout: NOTICED_MS });
  await shop.expectWaitingForNetwork("reconnecting");
  expect(await states()).toEqual(["reconnecting"]);
  await shop.buy(10);
  await shop.expectQueued(10);
  await expect.poll(() => attemptsFailed, { timeout: 30_000 }).toBeGreaterThanOrEqual(ATTEMPTS_WHILE_OFFLINE);
  // Attempts failing all along did not bring the countdown back.
  await shop.expectWaitingForNetwork("reconnecting");

  await page.context().setOffline(false);

  await shop.expectOnline(BACK_MS);
  await shop.expectConfirmed(10);
});

test("an order the site had sent when the browser went offline waits for the connection saying it went out once already, so the buyer does not order again; back online, it is sold once", async ({
  shop,
  page,
  consumer,
  brokerNode,
}) => {
  test.setTimeout(90_000);
  const soldBefore = consumer.soldBy(shop.country);
  // Nobody answers: the order is taken by the broker and awaits its answer when the network goes.
  await consumer.stop();
  await shop.buy(10);
  const order = shop.ordersOf(10);
  await expect(order).toHaveAttribute("data-status", "accepted");

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
  // The queue held the order twice (sent, then sent again on the new connection): both decided, one sale.
  await expectCountryQueueDrained(brokerNode, shop.country);
  expect(consumer.soldBy(shop.country)).toBe(soldBefore + 10);
});
