import { expectCountryQueueDrained } from "./broker-queues.js";
import { expect, test } from "./fixtures.js";
import { ShopPage } from "./pages/shop-page.js";
import { recordPurchaseSends, recordReplies } from "./stomp-frames.js";

test("two tabs of one site share the stored outbox: a tab loaded while the other's order is unanswered adopts it and sends it too, the consumer sells it once, both tabs get that one outcome, neither owes it once answered, and a reload lists it as confirmed", async ({
  shop,
  page,
  consumer,
  broker,
  brokerNode,
}) => {
  test.setTimeout(120_000);
  const first = shop;
  // What reaches each page, before the site keeps or drops an answer.
  const repliesToFirst = recordReplies(page);
  await first.open();
  await first.expectOnline();
  const remainingBefore = await first.remaining();
  const soldBefore = await first.soldBy(first.country);
  const storeSoldBefore = consumer.soldBy(first.country);
  // Nobody answers for now, so the order is owed when the second tab loads.
  await consumer.stop();

  await first.buy(10);
  const order = first.ordersOf(10);
  await expect(order).toHaveAttribute("data-status", "accepted");
  const orderId = (await order.getAttribute("data-order-id")) ?? "";

  // A second tab of the same site, in the same browser: same localStorage.
  const second = new ShopPage(await page.context().newPage(), first.country, broker.webStompUrl);
  const repliesToSecond = recordReplies(second.page);
  await second.open();
  await second.expectOnline();
  // It found the order in storage and sent it on its own connection: the broker now holds two copies.
  await expect(second.orderWithId(orderId)).toHaveAttribute("data-status", "accepted");
  await expect(second.orders).toHaveCount(1);

  await consumer.start();

  for (const tab of [first, second]) await expect(tab.orderWithId(orderId)).toHaveAttribute("data-status", "confirmed");
  // One answer to each tab, on its own connection: the first copy decided, the second answered from the store, so both
  // carry the same decision (same time, same stock left after it), not two sales.
  const answers = [repliesToFirst(), repliesToSecond()].map((replies) => replies.filter(({ correlationId }) => correlationId === orderId));
  expect(answers.map((replies) => replies.length)).toEqual([1, 1]);
  const [toFirst, toSecond] = answers.map((replies) => replies[0]?.body);
  expect(toFirst).toMatchObject({ orderId, status: "confirmed", remaining: remainingBefore - 10 });
  expect(toSecond).toEqual(toFirst);
  for (const tab of [first, second]) await expect(tab.stockMeter).toHaveAttribute("aria-valuenow", String(remainingBefore - 10));
  await expect.poll(() => second.soldBy(second.country)).toBe(soldBefore + 10);
  // Both copies decided: the store's count is final, and moved by one sale.
  await expectCountryQueueDrained(brokerNode, first.country);
  expect(consumer.soldBy(first.country)).toBe(storeSoldBefore + 10);

  // Answered, so neither owes it any more: a new load lists it as confirmed, from what the tab kept of the answer
  // (a list that forgot it would read as a lost purchase), and sends nothing.
  const sentAfterReload = recordPurchaseSends(second.page);
  await second.page.reload();
  await second.expectOnline();
  await expect(second.orderWithId(orderId)).toHaveAttribute("data-status", "confirmed");
  // Once the stock has come, any resend would have gone before it.
  await second.remaining();
  expect(sentAfterReload()).toEqual([]);
  await second.page.close();
});

test("a tab closed while its order is unanswered leaves it to the site's other open tab, which sends it at once, without a reload, and shows it sold once", async ({
  shop,
  page,
  consumer,
  broker,
  brokerNode,
}) => {
  test.setTimeout(120_000);
  const staying = shop;
  const repliesToStaying = recordReplies(page);
  await staying.open();
  await staying.expectOnline();
  const soldBefore = await staying.soldBy(staying.country);
  const storeSoldBefore = consumer.soldBy(staying.country);
  const closing = new ShopPage(await page.context().newPage(), staying.country, broker.webStompUrl);
  await closing.open();
  await closing.expectOnline();
  // Nobody answers for now: the order is still owed when its tab closes, and its answer could only go to that tab.
  await consumer.stop();
  await closing.buy(10);
  const order = closing.ordersOf(10);
  await expect(order).toHaveAttribute("data-status", "accepted");
  const orderId = (await order.getAttribute("data-order-id")) ?? "";
  await expect(staying.orders).toHaveCount(0);
  await expect(staying.oneOrderInOtherTabNote).toBeVisible();

  await closing.page.close();

  // Sent on the staying tab's own connection, whose temporary queue the answer can reach.
  await expect(staying.orderWithId(orderId)).toHaveAttribute("data-status", "accepted");
  // Listed here now, so no longer counted as the other tab's.
  await expect(staying.oneOrderInOtherTabNote).toBeHidden();
  await consumer.start();
  await expect(staying.orderWithId(orderId)).toHaveAttribute("data-status", "confirmed");
  await expect.poll(() => staying.soldBy(staying.country)).toBe(soldBefore + 10);
  // The closed tab's copy and the staying tab's both decided: one sale.
  await expectCountryQueueDrained(brokerNode, staying.country);
  expect(consumer.soldBy(staying.country)).toBe(storeSoldBefore + 10);
  expect(repliesToStaying().filter(({ correlationId }) => correlationId === orderId)).toHaveLength(1);
  await expect(staying.orders).toHaveCount(1);
});

test("an order placed in one tab, while unanswered, is counted in a note on the site's other open tab, which neither lists nor sends it: a buyer there might otherwise order again; once it is answered, the note gives way to the order's row, as a reload would list it", async ({
  shop,
  page,
  consumer,
  broker,
}) => {
  test.setTimeout(120_000);
  const watching = shop;
  const sentByWatching = recordPurchaseSends(page);
  await watching.open();
  await watching.expectOnline();
  const buying = new ShopPage(await page.context().newPage(), watching.country, broker.webStompUrl);
  await buying.open();
  await buying.expectOnline();
  // Nobody answers for now, so the order stays owed in the buying tab.
  await consumer.stop();

  await buying.buy(10);
  await expect(buying.ordersOf(10)).toHaveAttribute("data-status", "accepted");

  await expect(watching.oneOrderInOtherTabNote).toBeVisible();
  await expect(watching.orders).toHaveCount(0);
  // In place of "no orders yet", which beside it would read as though the order were lost.
  await expect(watching.ordersEmpty).toBeHidden();
  await consumer.start();
  await buying.expectConfirmed(10);
  await expect(watching.oneOrderInOtherTabNote).toBeHidden();
  // Listed as answered rather than gone, without a reload; nothing sent, nor told, here: the order was the other tab's.
  await expect(watching.ordersOf(10)).toHaveAttribute("data-status", "confirmed");
  await expect(watching.orders).toHaveCount(1);
  await expect(watching.ordersEmpty).toBeHidden();
  expect(sentByWatching()).toEqual([]);
  await expect(watching.announcements.filter({ hasText: watching.language.tickets(10) })).toHaveCount(0);
  await buying.page.close();
});
