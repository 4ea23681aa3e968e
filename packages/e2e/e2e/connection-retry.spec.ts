import { COUNTRIES } from "@repo/contract";
import { expect, test } from "./fixtures.js";

/** A port Chromium will not connect to (it is on its list of unsafe ports): every attempt fails at once, as when the broker is down. */
const NO_BROKER = "ws://127.0.0.1:1/ws";

test("every site that cannot reach the broker says so in its own language, counts down to its next attempt, and offers to try at once, on a page that passes a WCAG 2.1 AA audit", async ({ openSite }) => {
  for (const country of COUNTRIES) {
    const shop = await openSite(country, { brokerUrl: NO_BROKER });

    await shop.expectRetrying("offline");
    // Each site's colours, with the countdown and the button beside the badge.
    expect(await shop.accessibilityViolations(), `the ${country} site`).toEqual([]);
  }
});

test("while the broker is unreachable, the badge counts down once a second, which screen readers are not told; Retry now tries at once, each time on one connection, and once the broker answers, the order placed meanwhile is confirmed", async ({
  shop,
  page,
  broker,
}) => {
  test.setTimeout(90_000);
  let refusing = true;
  /** When (Date.now) the page opened each socket. */
  const openedAt: number[] = [];
  await page.routeWebSocket(broker.webStompUrl, (socket) => {
    openedAt.push(Date.now());
    if (refusing) {
      // A broker that is down: the connection closes before any CONNECTED.
      void socket.close();
      return;
    }
    // Closing either side closes the other, as Playwright does by default.
    socket.connectToServer();
  });
  await shop.open();
  await shop.expectRetrying("offline");
  await shop.buy(10);
  await shop.expectQueued(10);
  // The first automatic attempt comes 1 to 1.5 s after the first failure: on a slow machine it could land between a
  // press's count and its click. Waited out, the next waits are 2 s and more, from each failure; polled often, so
  // little of them goes on noticing.
  await expect.poll(() => openedAt.length, { intervals: [100] }).toBeGreaterThanOrEqual(2);

  // Each press is one more attempt at once, which fails: the wait doubles each time, to 15 s and up to 7.5 more after
  // the third press (the fifth attempt).
  for (let press = 0; press < 3; press++) {
    const before = openedAt.length;
    await shop.retryNowButton.click();
    await expect.poll(() => openedAt.length, { intervals: [100] }).toBeGreaterThan(before);
    // The countdown is back once the attempt failed: by then the press had opened exactly one socket.
    await expect(shop.retryCountdown()).toBeVisible();
    expect(openedAt.length).toBe(before + 1);
  }
  const seconds = await shop.retrySeconds();
  // The wait's cap, 15 s, less what the last check took.
  expect(seconds).toBeGreaterThanOrEqual(12);
  // It counts down once a second: polled often rather than waited for as one figure, which shows for a second only.
  await expect.poll(() => shop.retrySeconds(), { timeout: 5_000, intervals: [100] }).toBeLessThan(seconds);
  expect(await shop.retrySeconds()).toBeGreaterThanOrEqual(seconds - 3);
  await expect(shop.connectionBadge).toHaveText(shop.language.offline);

  refusing = false;
  const before = openedAt.length;
  await shop.retryNowButton.focus();
  // The countdown shows whole seconds rounded up: the scheduled attempt comes a second before it says, at the earliest.
  const scheduledAttemptAt = Date.now() + ((await shop.retrySeconds()) - 1) * 1000;
  await page.keyboard.press("Enter");

  await shop.expectOnline();
  await shop.expectConfirmed(10);
  expect(openedAt.length).toBe(before + 1);
  // The press, not the countdown, opened it: before the scheduled attempt could have.
  expect(openedAt[before]).toBeLessThan(scheduledAttemptAt);
  await expect(shop.retryNowButton).toBeHidden();
  await expect(shop.retryCountdown()).toBeHidden();
  // The button went with the outage; the keyboard stays on the badge rather than fall to the page's body.
  await expect(shop.badgePill).toBeFocused();
});
