import type { RejectionReason, StockLevel } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "../i18n/locale.js";
import { createLocale } from "../i18n/locale.js";
import type { Order, OrderStatus } from "../orders/order-book.js";
import type { RushProgress } from "../orders/rush.js";
import type { SiteLanguage } from "../i18n/languages.js";
import { parisSiteConfig } from "../site/test-site-config.test-support.js";
import { fakeHost } from "./fake-host.test-support.js";
import { FIRST_ANNOUNCEMENT_DELAY_MS } from "./held-announcements.js";
import { ANNOUNCEMENTS_KEPT, ShopAnnouncer } from "./shop-announcer.js";
import { STRAY_RUSH_QUIET_MS } from "./stray-rush-outcomes.js";

function order(n: number, status: OrderStatus, extra: Partial<Order> = {}): Order {
  return { orderId: `order-${String(n)}`, quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", publishedAt: 0, rush: false, published: true, status, ...extra };
}

function stock(remaining: number): StockLevel {
  return { total: 1000, remaining, sold: { fr: 1000 - remaining, de: 0, gb: 0, es: 0 }, at: "2026-07-14T19:00:00.000Z" };
}

function rush(extra: Partial<RushProgress>): RushProgress {
  return { status: "running", total: 100, published: 0, accepted: 0, confirmed: 0, rejected: 0, timedOut: 0, busy: 0, ...extra };
}

/**
 * A shop whose log has been in the page long enough that nothing is held
 * any more (unless `fresh`), and the sentences its log would show.
 */
function setup(language: SiteLanguage = "en-GB", { fresh = false, locale = true } = {}) {
  const { host, update } = fakeHost();
  const requestUpdate = vi.spyOn(host, "requestUpdate");
  const site: Locale | undefined = locale ? createLocale(parisSiteConfig(language)) : undefined;
  const announcer = new ShopAnnouncer(host, { locale: () => site, logShown: () => true });
  const shown = () => announcer.announcements.map(({ text }) => text);
  const logShownAMoment = () => {
    update();
    vi.advanceTimersByTime(FIRST_ANNOUNCEMENT_DELAY_MS);
  };
  if (!fresh) logShownAMoment();
  return { announcer, shown, requestUpdate, logShownAMoment, update };
}

describe("shop announcer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ["fr", "Commande de 10 billets confirmée."],
    ["de", "Bestellung über 10 Tickets bestätigt."],
    ["en-GB", "Order for 10 tickets confirmed."],
    ["es", "Pedido de 10 entradas confirmado."],
  ] as const)("in %s, each settled order is one sentence of its own: %s", (language, sentence) => {
    const { announcer, shown, requestUpdate } = setup(language);

    announcer.orderSettled(order(1, "confirmed"));
    announcer.orderSettled(order(2, "confirmed"));

    expect(shown()).toEqual([sentence, sentence]);
    expect(new Set(announcer.announcements.map(({ id }) => id)).size).toBe(2);
    expect(requestUpdate).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["confirmed", undefined, "Order for 10 tickets confirmed."],
    ["rejected", "sold_out", "Order for 10 tickets rejected: sold out."],
    ["rejected", undefined, "Order for 10 tickets rejected: Rejected."],
    ["timed-out", undefined, "Order for 10 tickets unconfirmed, no answer yet: it shows here when it comes, so don’t order again."],
    ["busy", undefined, "Order for 10 tickets not taken yet: the server is busy, try again."],
    ["expired", undefined, "Order for 10 tickets not sent: placed more than a day ago."],
  ] as const)("an order settled as %s (reason %s) is told as %s", (status, reason, sentence) => {
    const { announcer, shown } = setup();
    const extra: { reason?: RejectionReason } = reason ? { reason } : {};

    announcer.orderSettled(order(1, status, extra));

    expect(shown()).toEqual([sentence]);
  });

  it.each(["queued", "sending", "accepted"] as const)("an order reported as %s is not news, and nothing is told", (status) => {
    const { announcer, shown, requestUpdate } = setup();

    announcer.orderSettled(order(1, status));

    expect(shown()).toEqual([]);
    expect(requestUpdate).not.toHaveBeenCalled();
  });

  it("an order placed while not online is told it waits; one that went out at once is not told", () => {
    const { announcer, shown } = setup();

    announcer.orderPlaced(order(1, "queued"));
    announcer.orderPlaced(order(2, "sending"));

    expect(shown()).toEqual(["Order for 10 tickets saved: it will be sent when the connection is back."]);
  });

  it("a rush is three sentences: its start, its end and its outcomes (busy counted as unconfirmed)", () => {
    const { announcer, shown } = setup();

    announcer.rushAsked(100, true);
    announcer.rushEnded(rush({ status: "done", published: 100, accepted: 100 }));
    announcer.rushAnswered(rush({ status: "done", published: 100, accepted: 100, confirmed: 90, rejected: 5, timedOut: 3, busy: 2 }));

    expect(shown()).toEqual([
      "Rush started: 100 orders.",
      "Rush finished: all orders sent, 100 of 100 accepted.",
      "Rush outcome: 90 confirmed, 5 rejected, 5 unconfirmed.",
    ]);
  });

  it("a rush that cannot start is told the order was not sent", () => {
    const { announcer, shown } = setup();

    announcer.rushAsked(100, false);

    expect(shown()).toEqual(["Not connected to the server: the order was not sent."]);
  });

  it("outcomes of rush orders no running rush counts are told together, once none has come for a second", () => {
    const { announcer, shown } = setup();

    announcer.orderSettled(order(1, "confirmed", { rush: true }));
    announcer.orderSettled(order(2, "rejected", { rush: true, reason: "sold_out" }));
    announcer.orderSettled(order(3, "busy", { rush: true }));
    expect(shown()).toEqual([]);
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS);

    expect(shown()).toEqual(["Rush outcome: 1 confirmed, 1 rejected, 1 unconfirmed."]);
  });

  it("the log keeps the last ten sentences once drawn, and those that stay keep their ids", () => {
    const { announcer, shown, update } = setup();
    for (let n = 1; n <= ANNOUNCEMENTS_KEPT; n++) announcer.rushAsked(n, true);
    update();
    const staying = announcer.announcements.slice(2);

    announcer.rushAsked(11, true);
    announcer.rushAsked(12, true);
    update();

    expect(announcer.announcements).toHaveLength(ANNOUNCEMENTS_KEPT);
    expect(announcer.announcements.slice(0, ANNOUNCEMENTS_KEPT - 2)).toEqual(staying);
    expect(shown().at(0)).toBe("Rush started: 3 orders.");
    expect(shown().at(-1)).toBe("Rush started: 12 orders.");
  });

  it("more than ten sentences told in one task are all drawn before the oldest go", () => {
    const { announcer, shown, update } = setup();
    const drawn: string[][] = [];

    for (let n = 1; n <= ANNOUNCEMENTS_KEPT + 3; n++) announcer.orderSettled(order(n, "expired"));
    update(() => drawn.push(shown()));

    expect(drawn[0]).toHaveLength(ANNOUNCEMENTS_KEPT + 3);
    expect(shown()).toHaveLength(ANNOUNCEMENTS_KEPT);
  });

  it("sentences told while the page is first built come once the log has been in the page a moment, in order", () => {
    const { announcer, shown, logShownAMoment } = setup("en-GB", { fresh: true });
    announcer.orderSettled(order(1, "expired"));
    announcer.orderSettled(order(2, "confirmed"));
    expect(shown()).toEqual([]);

    logShownAMoment();

    expect(shown()).toEqual(["Order for 10 tickets not sent: placed more than a day ago.", "Order for 10 tickets confirmed."]);
  });

  it("the stock running short is told once, when it begins, not again as each broadcast lowers it; a new sale that runs short again is told again", () => {
    const { announcer, shown } = setup();

    announcer.stockShown(undefined);
    announcer.stockShown(stock(880));
    announcer.stockShown(stock(90));
    announcer.stockShown(stock(90));
    announcer.stockShown(stock(40));
    // Sold out is the meter's to tell.
    announcer.stockShown(stock(0));
    announcer.stockShown(stock(1000));
    announcer.stockShown(stock(60));

    expect(shown()).toEqual(["Only 90 tickets left.", "Only 60 tickets left."]);
  });

  it("a shop without its configuration tells nothing", () => {
    const { announcer, shown } = setup("en-GB", { locale: false });

    announcer.orderSettled(order(1, "confirmed"));
    announcer.rushAsked(100, true);

    expect(shown()).toEqual([]);
  });
});
