import { expect, test } from "./fixtures.js";

test("a shop the page moves elsewhere in its document reconnects without ever showing offline, and an order still unanswered when it moves is sent again on the new connection and confirmed there", async ({
  shop,
  page,
  consumer,
}) => {
  await shop.remaining();
  const connectionStates = await shop.watchConnectionStates();
  // Nobody answers until the test says so, so the order is still owed when the connection it went out on closes.
  await consumer.stop();
  await shop.buy(10);
  const order = shop.ordersOf(10);
  await expect(order).toHaveAttribute("data-status", "accepted");
  const statuses = await shop.watchStatuses(order);

  // What an embedding page may do at any time, say to put the shop in a dialog: Lit disconnects it and connects it again.
  await page.evaluate(() => {
    const element = document.querySelector("ticket-shop");
    if (!element) throw new Error("no ticket-shop in the page");
    const newPlace = document.createElement("div");
    document.body.append(newPlace);
    newPlace.append(element);
  });

  await shop.expectOnline();
  // Back in the outbox when the old connection closed, then sent again on the new one and accepted: still unanswered.
  await expect.poll(statuses).toContain("queued");
  await expect(order).toHaveAttribute("data-status", "accepted");
  await consumer.start();
  await shop.expectConfirmed(10);
  expect(await connectionStates()).toEqual(["connecting", "online"]);
});
