import { randomUUID } from "node:crypto";
import type { Country } from "@repo/contract";
import { COUNTRIES, STOCK_STREAM, VHOST } from "@repo/contract";
import type { TestFixtures } from "./fixtures.js";
import { expect, test } from "./fixtures.js";
import type { ShopPage } from "./pages/shop-page.js";

/** Opens a country's site in a browser context of its own, online. */
async function openOnline(openSite: TestFixtures["openSite"], country: Country): Promise<ShopPage> {
  const shop = await openSite(country);
  await shop.expectOnline();
  return shop;
}

test("a purchase on one site moves the stock meter and the buyer's country on another", async ({ openSite }) => {
  const [fr, de] = [await openOnline(openSite, "fr"), await openOnline(openSite, "de")];
  const remainingBefore = await de.remaining();
  const frBefore = await de.soldBy("fr");

  await fr.buy(100);
  await fr.expectConfirmed(100);

  await expect(de.stockMeter).toHaveAttribute("aria-valuenow", String(remainingBefore - 100));
  await expect.poll(() => de.soldBy("fr")).toBe(frBefore + 100);
  await expect(fr.stockMeter).toHaveAttribute("aria-valuenow", String(remainingBefore - 100));
});

test("an order the stock cannot cover is rejected as sold out, in the site's language; when the stock runs out, every site says sold out and no button can buy", async ({
  openSite,
  consumer,
}) => {
  await consumer.startSale(30);
  try {
    const shops = await Promise.all(COUNTRIES.map((country) => openOnline(openSite, country)));
    const [fr, de] = shops as [ShopPage, ShopPage];
    // 30 tickets cannot cover a 100-ticket order: that offer is off everywhere from the start.
    for (const shop of shops) {
      await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", "30");
      await expect(shop.buyButton(100)).toBeDisabled();
      await expect(shop.buyButton(10)).toBeEnabled();
    }

    // A 100-ticket order can still reach the consumer: one a visit clicked offline, before the stock ran low, sent on the next load.
    const tooLarge = { orderId: randomUUID(), quantity: 100, placedAt: new Date().toISOString(), published: false };
    await fr.keepInOutbox(tooLarge);
    await fr.page.reload();
    await fr.expectOnline();
    const refused = fr.orderWithId(tooLarge.orderId);
    await expect(refused).toHaveAttribute("data-status", "rejected");
    await expect(refused).toContainText(fr.language.rejected);
    await expect(refused).toContainText(fr.language.soldOutReason);
    await expect(fr.stockMeter).toHaveAttribute("aria-valuenow", "30");

    await fr.buy(10);
    await fr.expectConfirmed(10);
    await de.buy(10);
    await de.buy(10);

    for (const shop of shops) {
      await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", "0");
      await shop.expectSoldOut();
    }
    await expect(de.ordersWithStatus("confirmed", de.ordersOf(10))).toHaveCount(2);
  } finally {
    await consumer.endSale();
  }
});

test("when the stock stream is deleted under an open page, its stock shows as not live; once the consumer declares the stream again, the page subscribes again and the meter moves with the next sale", async ({
  shop,
  brokerNode,
}) => {
  const liveHeading = shop.page.getByRole("heading", { name: shop.language.stockHeading, exact: true });
  await expect(liveHeading).toBeVisible();
  await shop.remaining();
  const headings = await shop.watchStockHeadings();

  // RabbitMQ cancels the page's subscription with an ERROR frame and keeps the connection open.
  await brokerNode.ctl("delete_queue", "-p", VHOST, STOCK_STREAM);

  // The consumer's next broadcast finds no queue, and its stock link declares the stream again; the page's
  // next SUBSCRIBE (3 s after the cancel, or on a new connection if that came first) reads from it.
  // Not live lasts only until then: the recorder saw it, the heading may already be live again.
  const notLive = shop.language.stockHeadingNotLive;
  await expect
    .poll(async () => {
      const seen = await headings();
      return { notLiveShown: seen.some((text) => notLive.test(text)), now: seen.at(-1) };
    }, { timeout: 30_000 })
    .toEqual({ notLiveShown: true, now: shop.language.stockHeading });
  await expect(liveHeading).toBeVisible();
  await shop.expectOnline();
  const before = await shop.remaining();
  await shop.buy(10);
  await shop.expectConfirmed(10);
  await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", String(before - 10));
});
