import { expect, test } from "./fixtures.js";

/**
 * The page drops a connection once the broker has been silent for over 20 s,
 * checking every 10 s: 20–30 s after the last frame, and that frame came no
 * later than the silence began. The rest is room for a slow machine.
 */
const NOTICED_MS = 40_000;
/** The first reconnection waits 1 s plus up to half that in jitter. */
const BACK_ONLINE_MS = 30_000;

test("when the network dies without closing the socket, the site notices within 30 s, shows reconnecting, and once connected again sends the order placed meanwhile, which never showed busy", async ({
  shop,
}) => {
  test.setTimeout(120_000);
  const line = await shop.routeBrokerLine();
  await shop.open();
  await shop.expectOnline();
  const states = await shop.watchConnectionStates();

  await line.silence();
  await shop.buy(10);
  const order = shop.ordersOf(10);
  const statuses = await shop.watchStatuses(order);

  await expect(shop.connection).toHaveAttribute("data-state", "reconnecting", { timeout: NOTICED_MS });
  await expect(shop.connection).toContainText(shop.language.reconnecting);
  // The page gave up on the socket itself: the broker never closed it, and no close could have reached the page anyway.
  await expect.poll(() => line.silencedClosedByPage()).toBe(true);

  await shop.expectOnline(BACK_ONLINE_MS);
  await shop.expectConfirmed(10);
  expect(await states()).toEqual(["reconnecting", "online"]);
  // Its receipt never came, but from a silent broker that is no refusal: sent again on the new connection, never busy.
  const seen = await statuses();
  expect(seen).toContain("queued");
  expect(seen).not.toContain("busy");
});
