import { expect, test } from "./fixtures.js";
import { recordPurchaseSends } from "./stomp-frames.js";

/** Six deliveries with 5 s of backoff in all before the consumer answers `processing_failed`; room for a busy machine. */
const UNPROCESSED_MS = 30_000;

test("an order the consumer could not store shows not processed with Try again, keeps both across a reload without being sent again, and Try again sells it once", async ({
  shop,
  consumer,
}) => {
  test.setTimeout(120_000);
  const remainingBefore = await shop.remaining();
  const soldBefore = await shop.soldBy(shop.country);
  // Every write the consumer tries fails for longer than the deliveries the queue allows.
  const releaseLock = consumer.holdStoreWriteLock();
  const order = shop.ordersOf(10);
  try {
    await shop.buy(10);
    await expect(order).toHaveAttribute("data-status", "rejected", { timeout: UNPROCESSED_MS });
  } finally {
    releaseLock();
  }
  await expect(order).toContainText(shop.language.unprocessed);
  const orderId = (await order.getAttribute("data-order-id")) ?? "";

  // The consumer could write again, but a reload neither forgets the order nor sends it unasked.
  const sends = recordPurchaseSends(shop.page);
  await shop.page.reload();
  await shop.expectOnline();
  // The first stock broadcast on the new connection comes after anything the page sends on connecting.
  expect(await shop.remaining()).toBe(remainingBefore);
  const reloaded = shop.orderWithId(orderId);
  await expect(reloaded).toHaveAttribute("data-status", "rejected");
  await expect(reloaded).toContainText(shop.language.unprocessed);
  expect(sends()).toEqual([]);
  expect(await shop.soldBy(shop.country)).toBe(soldBefore);

  await shop.retryButton(reloaded).click();

  await expect(reloaded).toHaveAttribute("data-status", "confirmed");
  expect(sends()).toEqual([orderId]);
  await expect.poll(() => shop.soldBy(shop.country)).toBe(soldBefore + 10);
});
