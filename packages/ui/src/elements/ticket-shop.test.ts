import type { PropertyValues, TemplateResult } from "lit";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TicketsController } from "../controllers/tickets-controller.js";
import { enGB } from "../i18n/en-gb.js";
import { fr } from "../i18n/fr.js";
import type { SiteConfig } from "../site/site-config.js";
import { testSiteConfig } from "../site/test-site-config.test-support.js";
import type { TicketShop } from "./ticket-shop.js";

/**
 * The shop without a DOM: Lit's Node build lets the element be built, but
 * never connects or renders it, so each test configures it and reads its
 * `render()` as markup. The controller it makes is the real one (offline,
 * its client never activated); what it reports is set on its prototype.
 */

let Shop: typeof TicketShop;

beforeAll(async () => {
  // Lit's development build says so once, when it loads: not news in a test.
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  ({ TicketShop: Shop } = await import("./ticket-shop.js"));
  warn.mockRestore();
});

/** A shop given `config`, as Lit's update would give it (only `willUpdate`, which acts on a new configuration). */
function configured(shop: TicketShop, config: SiteConfig): TicketShop {
  shop.config = config;
  shop.willUpdate(new Map([["config", undefined]]) as PropertyValues<TicketShop>);
  return shop;
}

function newShop(config: SiteConfig = testSiteConfig("en-GB")): TicketShop {
  const shop = new Shop();
  // The style declaration the shop sets its theme on, which Node's element has not.
  Object.defineProperty(shop, "style", { value: { setProperty: () => undefined } });
  return configured(shop, config);
}

function isTemplate(value: unknown): value is TemplateResult {
  return typeof value === "object" && value !== null && "_$litType$" in value;
}

/** A template as the markup it stands for: bound text in place, anything else bound (listeners, properties, directives) left out. */
function markup(value: unknown): string {
  if (Array.isArray(value)) return value.map(markup).join("");
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (!isTemplate(value)) return "";
  const { strings, values } = value;
  return strings.map((string, index) => string + (index < values.length ? markup(values[index]) : "")).join("");
}

/** What each `role="status"` region of the markup holds, in order. */
function statusRegions(html: string): string[] {
  return [...html.matchAll(/<div [^>]*role="status"[^>]*>(.*?)<\/div>/gs)].map((match) => match[1] ?? "");
}

describe("ticket shop", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("the warning that this browser keeps no orders appears in a status region that was in the page before it, so screen readers announce it", () => {
    const notKept = vi.spyOn(TicketsController.prototype, "ordersNotKept", "get").mockReturnValue(false);
    const shop = newShop();
    const before = statusRegions(markup(shop.render()));
    expect(before.join("")).not.toContain(enGB.ordersNotKept);

    notKept.mockReturnValue(true);
    const after = statusRegions(markup(shop.render()));

    expect(after).toHaveLength(before.length);
    expect(after).toContain(`<p class="hint">${enGB.ordersNotKept}</p>`);
  });

  it("when the broker refuses the site, the strip under the header says so in the site's language first, then the broker's words, marked as English, in the status region that was in the page before it", () => {
    const lastError = vi.spyOn(TicketsController.prototype, "lastError", "get").mockReturnValue(undefined);
    const shop = newShop(testSiteConfig("fr"));
    const before = statusRegions(markup(shop.render()));
    const words = "Bad CONNECT: Access refused for user 'site-fr'";

    lastError.mockReturnValue({ kind: "refused", words });
    const after = statusRegions(markup(shop.render()));

    expect(after).toHaveLength(before.length);
    const strip = after.find((region) => region.includes(fr.brokerError.refused));
    expect(strip).toBe(`<p class="bar">${fr.brokerError.refused}</p><p class="bar broker-words">${fr.brokerWords} <q lang="en">${words}</q></p>`);
  });

  it("while the browser has no network, the strip of the broker's last refusal gives way to the badge's Offline: the network is what the buyer can act on", () => {
    vi.spyOn(TicketsController.prototype, "lastError", "get").mockReturnValue({ kind: "refused", words: "Bad CONNECT: Access refused for user 'site-gb'" });
    vi.spyOn(TicketsController.prototype, "canBuy", "get").mockReturnValue(false);
    const networkGone = vi.spyOn(TicketsController.prototype, "networkGone", "get").mockReturnValue(false);
    const shop = newShop();
    expect(statusRegions(markup(shop.render())).join("")).toContain(enGB.brokerError.refused);

    networkGone.mockReturnValue(true);

    expect(statusRegions(markup(shop.render())).join("")).not.toContain(enGB.brokerError.refused);
  });

  it("when the broker closes the connection for another reason, the strip leads with the generic sentence, and it empties once online", () => {
    vi.spyOn(TicketsController.prototype, "lastError", "get").mockReturnValue({ kind: "closed", words: "not_found: NOT_FOUND - no exchange" });
    const canBuy = vi.spyOn(TicketsController.prototype, "canBuy", "get").mockReturnValue(false);
    const shop = newShop();

    const offline = statusRegions(markup(shop.render())).join("");
    canBuy.mockReturnValue(true);
    const online = statusRegions(markup(shop.render())).join("");

    expect(offline).toContain(enGB.brokerError.closed);
    expect(offline).not.toContain(enGB.brokerError.refused);
    expect(offline).toContain('<q lang="en">not_found: NOT_FOUND - no exchange</q>');
    expect(online).not.toContain(enGB.brokerError.closed);
    expect(online).not.toContain("NOT_FOUND");
  });

  it.each([
    ["connecting", false],
    ["online", false],
    ["reconnecting", true],
    ["offline", true],
  ] as const)("while %s, the hint that orders wait for the connection is shown: %s (not while a page first connects, or it would flash on every load)", (state, shown) => {
    vi.spyOn(TicketsController.prototype, "connection", "get").mockReturnValue(state);
    vi.spyOn(TicketsController.prototype, "canBuy", "get").mockReturnValue(state === "online");

    expect(markup(newShop().render()).includes(enGB.offlineHint)).toBe(shown);
  });

  it.each([
    ["connecting", false, enGB.stock.heading],
    ["online", false, enGB.stock.heading],
    ["online", true, enGB.stock.headingUnheard],
    ["reconnecting", false, enGB.stock.heading],
    ["offline", false, enGB.stock.heading],
  ] as const)("before any stock is heard, while %s (box office silent: %s), the stock card's heading is %j: live beside the meter's waiting for it, not beside its box office not answering", (state, silent, heading) => {
    vi.spyOn(TicketsController.prototype, "connection", "get").mockReturnValue(state);
    vi.spyOn(TicketsController.prototype, "canBuy", "get").mockReturnValue(state === "online");
    vi.spyOn(TicketsController.prototype, "stockSilent", "get").mockReturnValue(silent);

    expect(markup(newShop().render())).toContain(`<h2 id="stock-heading">${heading}</h2>`);
  });

  it("a new configuration retires the controller it replaces, so that only the new one tells the buyer of the orders both hold", () => {
    const retire = vi.spyOn(TicketsController.prototype, "retire");
    const shop = newShop();
    expect(retire).not.toHaveBeenCalled();

    configured(shop, testSiteConfig("fr"));

    expect(retire).toHaveBeenCalledOnce();
  });
});
