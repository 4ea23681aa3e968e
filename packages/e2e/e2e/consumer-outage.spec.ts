import { countryQueueDepth } from "./broker-queues.js";
import { expect, test } from "./fixtures.js";

/** The queue's figures lag by a few seconds; the site gives up waiting for an answer 15 s after the SEND. */
const QUEUE_MS = 30_000;

test("an open page says the box office is not answering once the consumer stops; an order placed meanwhile waits in the queue, shows unconfirmed, and is confirmed once the consumer is back", async ({
  shop,
  consumer,
  brokerNode,
}) => {
  test.setTimeout(120_000);
  await shop.remaining();
  await consumer.stop();

  // The stock it heard is still shown, greyed and dated; the consumer's broadcasts stopped with it. The badge still
  // says online: where the buyer buys, a hint says what becomes of an order now.
  await expect(shop.stockSilent).toBeVisible();
  await expect(shop.boxOfficeHint).toBeVisible();
  await expect(shop.page.getByRole("heading", { name: shop.language.stockHeadingNotLive })).toBeVisible();
  await shop.buy(10);

  const order = shop.ordersOf(10);
  // The broker accepted it (receipt) and holds it in the country queue, with nobody there to answer.
  await expect(order).toHaveAttribute("data-status", "accepted");
  await expect.poll(() => countryQueueDepth(brokerNode, shop.country), { timeout: QUEUE_MS }).toEqual({ consumers: 0, messages: 1 });
  // Nobody answers, so the site stops waiting (however long the poll above took); the order stays in the queue.
  await expect(order).toHaveAttribute("data-status", "timed-out", { timeout: QUEUE_MS });
  // A buyer who orders again would buy twice: the row says the answer is still to come.
  await expect(order).toContainText(shop.language.timedOutAdvice);
  // A screen reader's user hears that advice too, once.
  await expect(shop.announcements.filter({ hasText: shop.language.timedOutAdvice })).toHaveCount(1);
  // With no answer yet there are no answer times: the eye sees dashes, a screen reader hears words, not "dash".
  const orderStats = await shop.orderStats.ariaSnapshot();
  expect(orderStats.split(shop.language.statsNoTimeYet)).toHaveLength(3);
  expect(orderStats).not.toContain("–");

  await consumer.start();

  // The late answer still wins.
  await shop.expectConfirmed(10);
  await expect(shop.stockSilent).toBeHidden();
  await expect(shop.boxOfficeHint).toBeHidden();
});

test("a site opened while the consumer is down says the box office is not answering rather than wait for the stock without a word, still takes an order, and shows the live stock once the consumer is back", async ({
  openSite,
  consumer,
}) => {
  test.setTimeout(120_000);
  await consumer.stop();
  const shop = await openSite("fr");
  await shop.expectOnline();

  await expect(shop.stockSilent).toBeVisible();
  await expect(shop.stockWaiting).toBeHidden();
  // Nothing heard, and nobody to send it: the heading no longer promises a live stock.
  await expect(shop.page.getByRole("heading", { name: shop.language.stockHeadingUnheard, exact: true })).toBeVisible();
  await expect(shop.boxOfficeHint).toBeVisible();
  // Nothing says the stock is short, so every offer can still be bought: the order waits in the queue.
  await shop.buy(10);
  await expect(shop.ordersOf(10)).toHaveAttribute("data-status", "accepted");

  await consumer.start();

  await shop.expectConfirmed(10);
  await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", /^\d+$/);
  await expect(shop.stockSilent).toBeHidden();
  await expect(shop.page.getByRole("heading", { name: shop.language.stockHeading, exact: true })).toBeVisible();
});

test("on a phone, an order placed just as the consumer stops stays in view when the box office's hint then appears above it, rather than be pushed off the screen until its answer", async ({
  shop,
  consumer,
}) => {
  test.setTimeout(120_000);
  await shop.page.setViewportSize({ width: 390, height: 844 });
  await shop.remaining();
  await consumer.stop();
  await shop.buy(10);
  const firstLine = shop.ordersOf(10).getByText(shop.language.tickets(10));
  await expect(firstLine).toBeInViewport({ ratio: 1 });

  // Three seconds after the last broadcast: the hint takes its lines under the offers, above the orders.
  await expect(shop.boxOfficeHint).toBeVisible();

  await expect(firstLine).toBeInViewport({ ratio: 1 });
  await expect(shop.buyButton(10)).toBeInViewport();
  await consumer.start();
  await shop.expectConfirmed(10);
});
