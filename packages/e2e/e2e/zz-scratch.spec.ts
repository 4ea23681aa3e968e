import { test } from "./fixtures.js";

for (const viewport of [{ width: 640, height: 360 }, { width: 1280, height: 720 }]) {
  test(`screenshot ${viewport.width}`, async ({ shop, page }) => {
    await page.setViewportSize(viewport);
    await shop.open();
    await shop.expectOnline();
    await page.screenshot({ path: `/tmp/shot-${viewport.width}.png`, fullPage: false });
    await page.screenshot({ path: `/tmp/shot-${viewport.width}-full.png`, fullPage: true });
  });
}
