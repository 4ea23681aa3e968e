import { expect, test } from "./fixtures.js";

test("a shop the page moves elsewhere in its document reconnects without ever showing offline, and the order placed just before is still confirmed", async ({ shop, page }) => {
  await shop.remaining();
  const connectionStates = await shop.watchConnectionStates();

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
  expect(await connectionStates()).toEqual(["connecting", "online"]);
});
