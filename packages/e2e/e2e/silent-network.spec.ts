import { routeBrokerLine } from "./broker-wire.js";
import { expect, test } from "./fixtures.js";

/**
 * The page drops a connection once the broker has been silent for over 20 s,
 * checking every 10 s: 20–30 s after the last frame, and that frame came no
 * later than the silence began. The rest is room for a slow machine.
 */
const NOTICED_MS = 40_000;
/** The first reconnection waits 1 s plus up to half that in jitter. */
const BACK_ONLINE_MS = 30_000;

test("when the network dies without closing the socket, the site notices within 40 s and reconnects; the order placed meanwhile never shows busy, turns unconfirmed after 15 s, and is confirmed once connected again", async ({
  shop,
}) => {
  test.setTimeout(120_000);
  const line = await routeBrokerLine(shop);
  await shop.open();
  await shop.expectOnline();
  const states = await shop.watchConnectionStates();

  line.silence();
  const silencedAt = Date.now();
  await shop.buy(10);
  const order = shop.ordersOf(10);
  const statuses = await shop.watchStatuses(order);
  // The stock comes every second: the broker went on talking, and the page heard none of it.
  await expect.poll(() => line.framesKeptBack(), { message: "the broker sent nothing on the silenced connection" }).toBeGreaterThan(0);

  // Reconnecting lasts only until the next attempt succeeds (1–1.5 s and a handshake): the recorder saw it, the badge may not show it any more.
  await expect.poll(states, { timeout: silencedAt + NOTICED_MS - Date.now() }).toContain("reconnecting");
  // The page gave up on the socket itself: the broker never closed it, and no close could have reached the page anyway.
  await expect.poll(() => line.silencedClosedByPage()).toBe(true);

  await shop.expectOnline(BACK_ONLINE_MS);
  await shop.expectConfirmed(10);
  expect(await states()).toEqual(["reconnecting", "online"]);
  // Its receipt never came, but from a silent broker that is no refusal: never busy. Its answer did not come either, so it
  // turned unconfirmed 15 s after the click, before the drop (at least 19 s after the last frame, which came at most a
  // second before the silence), and was sent again on the new connection.
  const seen = await statuses();
  expect(seen).not.toContain("busy");
  expect(seen).toContain("timed-out");
  expect(seen.indexOf("timed-out")).toBeLessThan(seen.indexOf("queued"));
});
