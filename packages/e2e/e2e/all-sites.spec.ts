import { COUNTRIES } from "@repo/contract";
import { expect, test } from "./fixtures.js";
import type { Reply } from "./stomp-frames.js";
import { recordReplies } from "./stomp-frames.js";

test("four sites open side by side buy at once, and each receives only its own confirmations", async ({ openSite }) => {
  const shops = await Promise.all(COUNTRIES.map(async (country) => {
    let replies: () => Reply[] = () => [];
    // What reaches the page, before the site drops answers it does not know: the rows alone could not show a stray one.
    const shop = await openSite(country, { beforeOpen: (page) => (replies = recordReplies(page)) });
    await shop.expectOnline();
    return { shop, replies };
  }));

  await Promise.all(shops.map(async ({ shop }) => {
    await shop.buy(10);
    await shop.buy(100);
    await shop.buy(10);
  }));

  for (const { shop, replies } of shops) {
    await expect(shop.orders).toHaveCount(3);
    await expect(shop.ordersWithStatus("confirmed")).toHaveCount(3);
    await expect(shop.ordersOf(10)).toHaveCount(2);
    await expect(shop.ordersOf(100)).toHaveCount(1);
    const own = (await shop.orders.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-order-id") ?? ""))).sort();
    // Every answer the page was handed is for one of its own orders, and each of those got exactly one.
    expect(replies().map(({ correlationId }) => correlationId).sort(), `answers handed to the ${shop.country} site`).toEqual(own);
  }
});
