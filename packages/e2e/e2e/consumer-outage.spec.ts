import { expect, test } from "./fixtures.js";
import { countryQueue } from "./management-api.js";

test("an order placed while the consumer is down waits in the queue and is confirmed once it is back", async ({ shop, consumer, broker }) => {
  await consumer.stop();

  await shop.buy(10);

  const order = shop.ordersOf(10);
  // The broker accepted it (receipt) and holds it in the country queue, with nobody there to answer.
  await expect(order).toHaveAttribute("data-status", "sent");
  // The broker samples queue statistics every few seconds, hence the poll.
  await expect.poll(async () => countryQueue(broker, shop.country), { timeout: 20_000 }).toMatchObject({ consumers: 0, messages: 1 });
  await expect(order).toHaveAttribute("data-status", "sent");

  await consumer.start();

  await shop.expectConfirmed(10);
});
