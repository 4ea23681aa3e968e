import { expect, test } from "./fixtures.js";

/** Every state the badge has shown since the page began watching it; `watchBadgeStates` starts the watch. */
declare global {
  interface Window {
    badgeStates?: string[];
  }
}

test("a shop the page moves elsewhere in its document reconnects without ever showing offline, and the order placed just before is still confirmed", async ({ shop, page }) => {
  await shop.remaining();
  await page.evaluate(() => {
    const badge = document.querySelector("ticket-shop")?.shadowRoot?.querySelector("connection-badge")?.shadowRoot?.querySelector("[data-state]");
    if (!badge) throw new Error("the shop shows no connection badge");
    const seen: string[] = [];
    window.badgeStates = seen;
    new MutationObserver(() => seen.push(badge.getAttribute("data-state") ?? "")).observe(badge, { attributeFilter: ["data-state"] });
  });

  await shop.buy(10);
  // What an embedding page may do at any time, say to put the shop in a dialog: Lit disconnects it and connects it again.
  await page.evaluate(() => {
    const element = document.querySelector("ticket-shop");
    if (!element) throw new Error("no ticket-shop in the page");
    const newPlace = document.createElement("div");
    document.body.append(newPlace);
    newPlace.append(element);
  });

  await shop.expectOnline();
  await shop.expectConfirmed(10);
  expect(await page.evaluate(() => window.badgeStates)).toEqual(["connecting", "online"]);
});
