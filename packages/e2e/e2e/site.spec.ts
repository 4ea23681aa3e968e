import { randomUUID } from "node:crypto";
import type { Locator } from "@playwright/test";
import { COUNTRIES } from "@repo/contract";
import { holdBackConnect, holdBackStock, routeCuttableLine } from "./broker-wire.js";
import { expect, test } from "./fixtures.js";
import { publishedTo } from "./management-api.js";
import { RUSH_SIZE } from "./pages/shop-page.js";
import { recordPurchaseSends } from "./stomp-frames.js";

test("a buyer's +10 and +100 orders go through the country queue and come back confirmed, each outcome told to screen readers once, in the site's language, on a page that passes a WCAG 2.1 AA audit", async ({ shop, country, broker }) => {
  const publishedBefore = await publishedTo(broker, country);

  await shop.buy(10);
  await shop.buy(100);

  await shop.expectConfirmed(10);
  await shop.expectConfirmed(100);
  await expect(shop.orders).toHaveCount(2);
  // Each row's stock is the one after that order, said so: beside the live stock, a bare figure read as a disagreement.
  await expect(shop.ordersOf(100)).toContainText(shop.language.leftAfterOrder);
  // Two rows fit: the list does not scroll, so it is no Tab stop.
  await expect(shop.ordersList).toHaveAttribute("tabindex", "-1");
  // Both answers come within milliseconds of each other: each still has a sentence of its own.
  await expect(shop.announcements.filter({ hasText: shop.language.tickets(10) })).toHaveCount(1);
  await expect(shop.announcements.filter({ hasText: shop.language.tickets(100) })).toHaveCount(1);
  // The broker samples queue statistics every few seconds, hence the poll.
  await expect.poll(() => publishedTo(broker, country), { timeout: 20_000 }).toBeGreaterThanOrEqual(publishedBefore + 2);
  // Still told once each, once the broker has counted both.
  for (const quantity of [10, 100]) await expect(shop.announcements.filter({ hasText: shop.language.tickets(quantity) })).toHaveCount(1);
  // The own country's outline is for the eye: screen readers hear which one it is.
  const otherCountry = COUNTRIES.find((other) => other !== country) ?? country;
  expect(await shop.salesOf(country).ariaSnapshot()).toContain(`(${shop.language.ownCountry})`);
  expect(await shop.salesOf(otherCountry).ariaSnapshot()).not.toContain(`(${shop.language.ownCountry})`);
  // The short id is for the eye: screen readers would read eight characters of noise on every row.
  for (const row of await shop.orders.all()) {
    const shortId = (await row.getAttribute("data-order-id"))?.slice(0, 8) ?? "";
    await expect(row).toContainText(`#${shortId}`);
    expect(await row.ariaSnapshot()).not.toContain(shortId);
  }
  // Each site has its own colours, so each is audited: contrast, names, roles, in every shadow root.
  expect(await shop.accessibilityViolations()).toEqual([]);
});

test("a rush started from the keyboard sends its 100 orders, all are confirmed, listed under the buyer's own, its bars keep up with their figures, screen readers hear its start, its end and its outcomes, not each order, and the focus stays on the button pressed", async ({ shop, page }) => {
  const start = shop.rushStartButton(100);
  // The buyer's own order, placed before the rush.
  await shop.buy(100);
  await shop.expectConfirmed(100);
  // Motion allowed, as most buyers have it: bars that eased to each new figure fell far behind.
  await page.emulateMedia({ reducedMotion: "no-preference" });
  const rushBars = await shop.watchRushBars();
  const pageHeight = () => page.evaluate(() => document.documentElement.scrollHeight);
  const heightBefore = await pageHeight();

  await start.focus();
  await page.keyboard.press("Enter");

  await expect(shop.rushAnswered).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  const { worstLag, framesWithBars } = await rushBars();
  // Measured at all: with no bar found, the lag would read 0.
  expect(framesWithBars).toBeGreaterThan(0);
  expect(worstLag).toBeLessThan(1);
  await expect(shop.rushAnswered).toHaveAttribute("aria-valuemax", "100");
  await expect(shop.ordersWithStatus("confirmed")).toHaveCount(101);
  // Each row says a rush placed it, and they come under the buyer's own order rather than bury it.
  await expect(shop.rushTags).toHaveCount(100);
  await expect(shop.orders.first()).toHaveAttribute("data-order-id", (await shop.ordersOf(100).getAttribute("data-order-id")) ?? "");
  // Screen readers hear what the tag means rather than a bare word after the time.
  expect(await shop.orders.nth(1).ariaSnapshot()).toContain(shop.language.rushOrderSpoken);
  // A hundred rows scroll: the list is a Tab stop, so the keyboard can scroll it.
  await expect(shop.ordersList).toHaveAttribute("tabindex", "0");
  // Within the list, what they hold too, screen readers' texts included: the page grows by less than a screen.
  expect((await pageHeight()) - heightBefore).toBeLessThan(page.viewportSize()?.height ?? 0);
  // Not a sentence per order, a hundred of them would drown everything else: the buyer's order, then the rush's start,
  // its end and its outcomes.
  await expect(shop.announcements).toHaveCount(4);
  await expect(shop.announcements.last()).toContainText(shop.language.rushAllConfirmed(100));
  // Unavailable while the rush ran, yet never lost the keyboard focus; Stop is unavailable again now it is over.
  await expect(start).toBeFocused();
  await expect(start).toBeEnabled();
  await expect(shop.rushStopButton).toBeDisabled();
});

test("a double click on an offer, or Enter held down on it, places one order, not two (a second order would buy twice), the second click lighting up the order it repeated; pressed again a moment later, it places another", async ({ shop }) => {
  const flashed = await shop.watchFlashedRows();
  await shop.doubleClick(10);
  await shop.expectConfirmed(10);
  // The second click bought nothing, and the row of the order it repeated showed it.
  const repeated = await shop.ordersOf(10).getAttribute("data-order-id");
  await expect.poll(flashed).toEqual([repeated]);
  await shop.holdEnter(100, 5);
  await shop.expectConfirmed(100);
  await expect(shop.orders).toHaveCount(2);

  // The page object waits as a buyer would before ordering again.
  await shop.buy(10);

  await expect(shop.ordersOf(10)).toHaveCount(2);
  await expect(shop.ordersWithStatus("confirmed", shop.ordersOf(10))).toHaveCount(2);
  await expect(shop.orders).toHaveCount(3);
  // The buyer's own orders are not tagged as a rush's.
  await expect(shop.rushTags).toHaveCount(0);
  // Neither the held key's repeats nor the separate presses lit anything up.
  expect(await flashed()).toEqual([repeated]);
});

test("an order kept from a visit over a day ago that never sent it (clicked offline) is not sent unasked: it shows as not sent, is told to screen readers once, and Send anyway sends it, same orderId, to be confirmed; an order a visit may have sent is resent whatever its age", async ({ shop, page }) => {
  const dayMs = 24 * 60 * 60 * 1000;
  const stale = { orderId: randomUUID(), quantity: 10, placedAt: new Date(Date.now() - dayMs - 60_000).toISOString(), published: false };
  // Kept the way sites stored orders before they recorded whether they sent them: read as sent, so resent.
  const old = { orderId: randomUUID(), quantity: 100, placedAt: new Date(Date.now() - 7 * dayMs).toISOString() };
  await shop.keepInOutbox(stale);
  await shop.keepInOutbox(old);
  // What the page hands to the broker.
  const sentOrderIds = recordPurchaseSends(page);
  const sendsOf = (orderId: string) => sentOrderIds().filter((sent) => sent === orderId);

  await page.reload();
  await shop.expectOnline();

  const expired = shop.ordersOf(10);
  await expect(expired).toHaveAttribute("data-status", "expired");
  await expect(expired).toContainText(shop.language.expired);
  await expect(shop.sendAnywayButton(expired)).toBeVisible();
  await shop.expectConfirmed(100);
  await expect(shop.announcements.filter({ hasText: shop.language.expiredAnnouncement(10) })).toHaveCount(1);
  expect(sendsOf(old.orderId).length).toBeGreaterThan(0);
  expect(sendsOf(stale.orderId)).toEqual([]);
  // The new state's colours and its button's name, in every site's language.
  expect(await shop.accessibilityViolations()).toEqual([]);

  await shop.sendAnywayButton(expired).click();

  await shop.expectConfirmed(10);
  await expect(expired).toHaveAttribute("data-order-id", stale.orderId);
  expect(sendsOf(stale.orderId)).toHaveLength(1);
  await expect(shop.announcements.filter({ hasText: shop.language.expiredAnnouncement(10) })).toHaveCount(1);
});

/** Two ways a browser refuses to store orders, as the page meets them, and whether the page can tell before the first order. */
const STORAGE_REFUSALS = {
  // Storage full, or refused per write: the page learns it from its first write, the first order's.
  "refuses every write": {
    refuse: () => {
      Storage.prototype.setItem = () => {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    },
    knownOnLoad: false,
  },
  // Chromium with the site's data blocked throws on reading the property itself: the page knows from the start.
  "gives the page no storage at all": {
    refuse: () => {
      Object.defineProperty(window, "localStorage", {
        configurable: true,
        get() {
          throw new DOMException("Access is denied for this document.", "SecurityError");
        },
      });
    },
    knownOnLoad: true,
  },
};

for (const [refusal, { refuse, knownOnLoad }] of Object.entries(STORAGE_REFUSALS)) {
  test(`where the browser ${refusal}, the buyer is told a reload would lose the unanswered orders, for as long as it refuses, and the orders still go through`, async ({ shop, page }) => {
    await page.addInitScript(refuse);
    await shop.open();
    await shop.expectOnline();
    const hint = page.getByText(shop.language.ordersNotKept, { exact: true });
    if (knownOnLoad) await expect(hint).toBeVisible();
    else await expect(hint).toBeHidden();

    await shop.buy(10);

    await expect(hint).toBeVisible();
    expect(await shop.accessibilityViolations()).toEqual([]);
    await shop.expectConfirmed(10);
    await shop.buy(100);
    await shop.expectConfirmed(100);
    // The warning follows storage, not each order: answered orders leave it up, so it never flashes by with each one.
    await expect(hint).toBeVisible();
  });
}

test("in high contrast (forced colours), unavailable buttons still look unavailable, the stock meter keeps its bar and the site's own country stays marked", async ({ shop, page, country }) => {
  const style = (locator: Locator, property: "color" | "backgroundColor" | "outlineStyle") =>
    locator.evaluate((element, name) => getComputedStyle(element)[name], property);
  const otherCountry = COUNTRIES.find((other) => other !== country) ?? country;

  await page.emulateMedia({ forcedColors: "active" });

  // No rush runs, so Stop is unavailable and Start is not.
  await expect(shop.rushStopButton).toBeDisabled();
  expect(await style(shop.rushStopButton, "color")).not.toBe(await style(shop.rushStartButton(100), "color"));
  await shop.remaining();
  expect(await style(shop.stockMeter.locator(".fill"), "backgroundColor")).not.toBe(await style(shop.stockMeter, "backgroundColor"));
  expect(await style(shop.salesOf(country), "outlineStyle")).not.toBe(await style(shop.salesOf(otherCountry), "outlineStyle"));
});

for (const [device, viewport] of [["a 1280 px desktop", { width: 1280, height: 720 }], ["a 360 px phone", { width: 360, height: 740 }]] as const) {
  test.describe(`on ${device}`, () => {
    test.use({ viewport });

    test("neither the sentence that the box office is not answering, before the first stock broadcast or after the latest, nor the first broadcast, filling in the meter, resizes its card or moves what is below it within the page's flow, such as the rush button a buyer may be pressing; the hint it brings under the buy buttons is the only thing that does", async ({ shop }) => {
      const stock = await holdBackStock(shop);
      await shop.open();
      await shop.expectOnline();
      await expect(shop.stockWaiting).toBeVisible();
      // The rush's card comes after the stock's in both layouts: the meter's first fill would push it. The buy card's
      // hint, there while the box office is silent, comes before both, and moves them together: that is measured apart.
      const layout = async () => {
        const [card, rush, buy] = [await shop.stockCard.boundingBox(), await shop.rushStartButton(RUSH_SIZE).boundingBox(), await shop.buyCard.boundingBox()];
        if (!card || !rush || !buy) throw new Error("the stock card, the rush button or the buy card is not on screen");
        return { cardHeight: card.height, rushUnderCard: rush.y - card.y, rushX: rush.x, cardUnderBuyCard: card.y - (buy.y + buy.height) };
      };
      const waiting = await layout();
      /** The box office's sentence and the buy card's hint are both shown, or both gone, and the layout is as it was. */
      const expectBoxOffice = async (silent: boolean) => {
        for (const said of [shop.stockSilent, shop.boxOfficeHint]) await (silent ? expect(said).toBeVisible() : expect(said).toBeHidden());
        expect(await layout()).toEqual(waiting);
      };

      // The held-back broadcasts look like a consumer that is down.
      await expectBoxOffice(true);

      await stock.release();

      await shop.remaining();
      await expectBoxOffice(false);

      // The consumer stops while the page is open: the sentence takes the greyed bar's place, on one line (or
      // the row would grow), and screen readers still find the meter.
      stock.hold();
      await expectBoxOffice(true);
      await shop.remaining();

      await stock.release();
      await expectBoxOffice(false);
    });
  });
}

for (const [screen, viewport] of [["a 390 px phone", { width: 390, height: 844 }], ["a laptop zoomed to 200 %", { width: 640, height: 400 }]] as const) {
  test.describe(`on ${screen}`, () => {
    test.use({ viewport });

    test("both buy buttons are in view as the page opens, without scrolling", async ({ shop }) => {
      await expect(shop.buyButton(10)).toBeInViewport({ ratio: 1 });
      await expect(shop.buyButton(100)).toBeInViewport({ ratio: 1 });
    });

    test("once sold out, the event's banner says so, even where the screen is too short for its 'on sale now'", async ({ shop, consumer }) => {
      await consumer.startSale(10);
      try {
        await shop.open();
        await shop.expectOnline();

        await shop.buy(10);

        await shop.expectSoldOut();
        await expect(shop.hero.getByText(shop.language.soldOut, { exact: true })).toBeVisible();
      } finally {
        await consumer.endSale();
      }
    });

    test("the two offers sit side by side, and an order placed comes into view with its outcome, above the orders' figures, the button pressed still in view above it", async ({ shop }) => {
      const ten = await shop.buyButton(10).boundingBox();
      const hundred = await shop.buyButton(100).boundingBox();
      // Laid out at all: two missing boxes would agree too.
      expect(ten).not.toBeNull();
      expect(hundred?.y).toBe(ten?.y);

      await shop.buy(10);

      await shop.expectConfirmed(10);
      // The row's first line, its quantity and outcome; the answer's detail below may run past the fold on a small screen.
      await expect(shop.ordersOf(10).getByText(shop.language.tickets(10))).toBeInViewport({ ratio: 1 });
      await expect(shop.ordersOf(10).getByText(shop.language.confirmed, { exact: true })).toBeInViewport({ ratio: 1 });
      await expect(shop.buyButton(10)).toBeInViewport();
      // The buyer's orders first, the figures after them: above the list, they pushed the row (and the page scrolled to it) down.
      const row = await shop.ordersOf(10).boundingBox();
      const figures = await shop.orderStats.boundingBox();
      expect(figures?.y).toBeGreaterThan(row?.y ?? Infinity);
    });
  });
}

test.describe("on a laptop zoomed to 400 %", () => {
  // 1280 × 800 at 400 %: the offer and the orders below it never fit on one screen.
  test.use({ viewport: { width: 320, height: 200 } });

  test("an order bought from the keyboard leaves the offer pressed, which keeps the focus, in view rather than scroll to a row the two cannot share the screen with", async ({ shop }) => {
    await shop.buyButton(10).focus();

    await shop.page.keyboard.press("Enter");

    await shop.expectConfirmed(10);
    await expect(shop.buyButton(10)).toBeFocused();
    // Scrolled away, the focus would be off screen, where the next Enter would buy again unseen.
    await expect(shop.buyButton(10)).toBeInViewport({ ratio: 1 });
  });
});

test.describe("on a 412 px phone", () => {
  // 412 px: at 30rem or less the badge has a line of its own under the brand, whatever its text.
  test.use({ viewport: { width: 412, height: 915 } });

  test("the header keeps its height from connecting to online, so the page below does not jump", async ({ shop }) => {
    const releaseConnect = await holdBackConnect(shop);
    await shop.open();
    await expect(shop.connectionBadge).toHaveAttribute("data-state", "connecting");
    const connecting = await shop.masthead.boundingBox();

    releaseConnect();

    await shop.expectOnline();
    expect(await shop.masthead.boundingBox()).toEqual(connecting);
  });

  test("selling out moves neither the buy card's size nor the stock meter within its card", async ({ shop, consumer }) => {
    const meterInCard = async () => ((await shop.stockMeter.boundingBox())?.y ?? NaN) - ((await shop.stockCard.boundingBox())?.y ?? NaN);
    await consumer.startSale(20);
    try {
      await shop.open();
      await shop.expectOnline();
      // 20 tickets cannot cover +100: the low-stock hint is already there.
      await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", "20");
      await expect(shop.buyButton(100)).toBeDisabled();
      const before = { buyCard: (await shop.buyCard.boundingBox())?.height, meterInCard: await meterInCard() };

      await shop.buy(10);
      await shop.buy(10);
      await shop.expectSoldOut();

      expect({ buyCard: (await shop.buyCard.boundingBox())?.height, meterInCard: await meterInCard() }).toEqual(before);
    } finally {
      await consumer.endSale();
    }
  });
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the two offers sit side by side, and none of their texts wraps: the buy card stays short enough for the orders to show below it", async ({ shop }) => {
    const [small, large] = [await shop.buyButton(10).boundingBox(), await shop.buyButton(100).boundingBox()];
    expect(small?.y).toBe(large?.y);
    const oneLine = { quantity: 1, total: 1, unit: 1, button: 1 };
    expect(await shop.offerLines()).toEqual({ "10": oneLine, "100": oneLine });
  });

  test("a dropped connection puts Retry now beside the badge, growing the header by less than a row of its own", async ({ shop }) => {
    const line = await routeCuttableLine(shop);
    await shop.open();
    await shop.expectOnline();
    const online = await shop.masthead.boundingBox();

    await line.cut();

    await shop.expectRetrying("reconnecting");
    // Measured again if an attempt came between the two boxes: its "retrying…" reads shorter than the countdown.
    await expect(async () => {
      const dropped = await shop.masthead.boundingBox();
      const retry = await shop.retryNowButton.boundingBox();
      const grown = (dropped?.height ?? NaN) - (online?.height ?? NaN);
      expect(grown).toBeLessThan(retry?.height ?? NaN);
    }).toPass({ timeout: 10_000 });
  });

  test("while the connection is down the header stays on screen, with its Retry now, however far the buyer scrolls; online, it scrolls away with the page", async ({ shop, page }) => {
    const line = await routeCuttableLine(shop);
    await shop.open();
    await shop.expectOnline();
    const scrollToEnd = async () => {
      await page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
      });
    };
    await scrollToEnd();
    await expect(shop.connectionBadge).not.toBeInViewport();

    await line.cut();

    await shop.expectRetrying("reconnecting");
    await scrollToEnd();
    await expect(shop.connectionBadge).toBeInViewport();
    await expect(shop.retryNowButton).toBeInViewport();
    // Only the badge's row sticks: the brand above it scrolled away, and the header keeps less of the screen.
    await expect(async () => {
      const header = await shop.masthead.boundingBox();
      const badge = await shop.connectionBadge.boundingBox();
      expect(header?.y ?? NaN).toBeLessThan(0);
      expect(badge?.y ?? NaN).toBeGreaterThan(0);
      expect(badge?.y ?? NaN).toBeLessThan(24);
    }).toPass({ timeout: 5_000 });
    // What the page scrolls back into view (a focused button, an order revealed) lands below it, not under it.
    await shop.buyCard.evaluate((card) => {
      card.scrollIntoView({ block: "nearest" });
    });
    await expect(async () => {
      const header = await shop.masthead.boundingBox();
      const card = await shop.buyCard.boundingBox();
      expect(card?.y ?? NaN).toBeGreaterThanOrEqual((header?.y ?? NaN) + (header?.height ?? NaN) - 1);
    }).toPass({ timeout: 5_000 });
  });

  test("a site that has not reached the broker puts Retry now beside the badge too, whose state reads longer", async ({ shop, page, broker }) => {
    // A broker that is down: every attempt closes before any CONNECTED.
    await page.routeWebSocket(broker.webStompUrl, (socket) => void socket.close());

    await shop.open();

    await shop.expectRetrying("offline");
    await expect(async () => {
      const state = await shop.connectionBadge.boundingBox();
      const retry = await shop.retryNowButton.boundingBox();
      expect(retry?.y ?? NaN).toBeLessThan((state?.y ?? NaN) + (state?.height ?? NaN));
    }).toPass({ timeout: 10_000 });
  });
});

test.describe("on a 320 px phone", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("while the connection is lost and the site counts down to its next attempt, nothing runs past the screen's edge", async ({ shop, page }) => {
    const line = await routeCuttableLine(shop);
    await shop.open();
    await shop.expectOnline();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    await line.cut();
    await shop.expectRetrying("reconnecting");
    expect(await overflow()).toBe(0);
    // Each failed attempt doubles the wait: a press of Retry now brings the countdown to two figures soonest.
    for (let press = 0; press < 4; press++) {
      const before = line.refused();
      await shop.retryNowButton.click();
      await expect.poll(() => line.refused()).toBeGreaterThan(before);
      await expect(shop.retryCountdown()).toBeVisible();
    }

    expect(await shop.retrySeconds()).toBeGreaterThanOrEqual(10);
    expect(await overflow()).toBe(0);
  });
});
