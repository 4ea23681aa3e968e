import { COUNTRIES } from "@repo/contract";
import { expect, test } from "./fixtures.js";
import { sitePorts } from "./environment.js";
import { ShopPage } from "./pages/shop-page.js";

test("four sites open side by side buy at once, and each receives only its own confirmations", async ({ browser, broker }) => {
  const ports = await sitePorts();
  const shops = await Promise.all(COUNTRIES.map(async (country) => {
    const page = await (await browser.newContext()).newPage();
    const shop = new ShopPage(page, country, broker.webStompUrl);
    await shop.open(`http://127.0.0.1:${ports[country]}/`);
    await shop.expectOnline();
    return shop;
  }));

  await Promise.all(shops.map(async (shop) => {
    await shop.buy(10);
    await shop.buy(100);
    await shop.buy(10);
  }));

  for (const shop of shops) {
    await expect(shop.orders).toHaveCount(3);
    await expect(shop.orders.and(shop.page.locator("[data-status=confirmed]"))).toHaveCount(3);
    await expect(shop.ordersOf(10)).toHaveCount(2);
    await expect(shop.ordersOf(100)).toHaveCount(1);
  }
  await Promise.all(shops.map((shop) => shop.page.context().close()));
});
