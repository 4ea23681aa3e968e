import { DEFAULT_RUSH_WINDOW } from "@repo/ui/headless";
import { routeReceiptLine } from "./broker-wire.js";
import { expectCountryQueueDrained } from "./broker-queues.js";
import { expect, test } from "./fixtures.js";
import { RUSH_SIZE } from "./pages/shop-page.js";

/** A rush keeps at most this many orders waiting for their receipt. */
const RUSH_WINDOW = DEFAULT_RUSH_WINDOW;
/** Each rush order is for 10 tickets. */
const RUSH_QUANTITY = 10;
/** Receipts the page gets before the line holds the rest back: the rush has sent these and a window more when it stalls. */
const RECEIPTS_PASSED = 50;
/** Orders the rush sends before the cut; the rest are never placed. */
const SENT = RECEIPTS_PASSED + RUSH_WINDOW;
/** After the cut, the queue holds two copies of every order; the consumer decides each once and answers the second from its store. */
const ANSWERED_MS = 60_000;

test("when the connection drops mid-rush, the rush ends as interrupted and says so, places no more orders, and every order it sent is confirmed exactly once after the reconnect", async ({
  shop,
  consumer,
  brokerNode,
}) => {
  test.setTimeout(180_000);
  // Nothing the broker says after the 50th receipt reaches the page: the rush sends 10 orders more and, with no receipt
  // for them and no sign of a refusal either, still runs, 40 orders short, when the connection drops. (A rush that had
  // sent every order would run on: the receipts of their resends on the next connection would finish it.)
  const line = await routeReceiptLine(shop, RECEIPTS_PASSED);
  await shop.open();
  await shop.expectOnline();
  const remainingBefore = await shop.remaining();
  // Nobody answers until the test says so, so every order is still owed when the connection drops.
  await consumer.stop();

  await shop.rushStartButton(RUSH_SIZE).click();
  await expect(shop.orders).toHaveCount(SENT);
  await expect.poll(() => line.held()).toBe(RUSH_WINDOW);
  await expect(shop.rushStopButton).toBeEnabled();
  await line.cut();

  // On screen and to screen readers, once.
  await expect(shop.rushCard.getByText(shop.language.rushInterrupted)).toBeVisible();
  await expect(shop.announcements.filter({ hasText: shop.language.rushInterrupted })).toHaveCount(1);
  // Told too: 60 placed of the 100 (each language words it its own way around the two figures).
  await expect(shop.announcements.filter({ hasText: shop.language.rushInterrupted })).toContainText(new RegExp(`${SENT}\\D+${RUSH_SIZE}`));
  await expect(shop.rushStopButton).toBeDisabled();
  // Its bars count the 60 it placed, and it says they are 60 of the 100: the other 40 are not on their way.
  await expect(shop.rushCard.getByText(shop.language.rushPlaced(SENT, RUSH_SIZE))).toBeVisible();
  await expect(shop.rushAnswered).toHaveAttribute("aria-valuemax", String(SENT));
  await shop.expectOnline();
  await consumer.start();

  await expect(shop.ordersWithStatus("confirmed")).toHaveCount(SENT, { timeout: ANSWERED_MS });
  await expect(shop.orders).toHaveCount(SENT);
  const orderIds = (await shop.orders.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-order-id") ?? ""))).sort();
  expect(new Set(orderIds).size).toBe(SENT);
  // Nothing came back on the cut connection; on the new one, one answer per order, and only for these orders.
  const replies = line.replies();
  expect(replies.map(({ correlationId }) => correlationId ?? "").sort()).toEqual(orderIds);
  // Each answer says what was left right after its sale: 60 sales of 10, one per order, whichever copy came first.
  const remainingAfterEach = replies.map(({ body }) => body.remaining ?? NaN).sort((a, b) => b - a);
  expect(remainingAfterEach).toEqual(Array.from({ length: SENT }, (_, i) => remainingBefore - RUSH_QUANTITY * (i + 1)));
  // Once both copies of every order are consumed, the stock has moved by the rush and no more.
  await expectCountryQueueDrained(brokerNode, shop.country);
  await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", String(remainingBefore - SENT * RUSH_QUANTITY));
  await expect(shop.rushStartButton(RUSH_SIZE)).toBeEnabled();
  // The reconnect and the answers that followed did not tell the interruption again.
  await expect(shop.announcements.filter({ hasText: shop.language.rushInterrupted })).toHaveCount(1);
});
