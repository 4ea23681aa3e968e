import { expect, test } from "./fixtures.js";

test("an order placed while the consumer is down waits in the queue and is confirmed once it is back", async ({ shop, consumer }) => {
  await consumer.stop();

  await shop.buy(10);

  const order = shop.ordersOf(10);
  // The broker accepted it (receipt), nobody has answered yet.
  await expect(order).toHaveAttribute("data-status", "sent");
  await shop.page.waitForTimeout(1000);
  await expect(order).toHaveAttribute("data-status", "sent");

  await consumer.start();

  await shop.expectConfirmed(10);
});
