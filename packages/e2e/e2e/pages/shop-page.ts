import { AxeBuilder } from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import type { Country } from "@repo/contract";
import { PURCHASE_QUANTITIES } from "@repo/contract";
import type { OrderStatus, StoredOutboxEntry } from "@repo/ui/headless";
import { DEFAULT_RUSH_SIZE, outboxEntryKey, outboxKeyPrefix, serializeOutboxEntry } from "@repo/ui/headless";
import type { SiteLanguage } from "../site-language.js";
import { SITE_LANGUAGES } from "../site-language.js";

/** What the accessibility audit holds the sites to: WCAG 2.1, levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The rush every site offers: its button's count. */
export const RUSH_SIZE = DEFAULT_RUSH_SIZE;

/**
 * How far apart two presses of one offer must be for the site to take both
 * as orders: it takes a second press within 600 ms for a repeat of the
 * first (`REPEATED_PRESS_MS` in `<ticket-offer>`), and a buyer's separate
 * orders are further apart than that.
 */
const SEPARATE_PRESSES_MS = 700;

/** One country's ticket site, as a buyer sees it. */
export class ShopPage {
  readonly language: SiteLanguage;
  /** The connection badge: `data-state` is the connection's state. */
  readonly connectionBadge: Locator;
  /** The list of orders, and its rows. */
  readonly ordersList: Locator;
  readonly orders: Locator;
  /** The note above the orders saying another open tab of the site still awaits an answer for one order. */
  readonly oneOrderInOtherTabNote: Locator;
  /** The figures below the orders (in progress, confirmed, …, answer times), found by the list's `stats` part. */
  readonly orderStats: Locator;
  /** What the orders card says while the tab lists none. */
  readonly ordersEmpty: Locator;
  /** The event's banner at the top of the page, named by its title. */
  readonly hero: Locator;
  /** The live stock meter: `aria-valuenow` is the tickets left. */
  readonly stockMeter: Locator;
  /** The sentences screen readers are given, one paragraph each, oldest first. */
  readonly announcements: Locator;
  /** What the stock meter says until the first stock broadcast. */
  readonly stockWaiting: Locator;
  /** What it says instead once the connection has gone a few seconds without a broadcast. */
  readonly stockSilent: Locator;
  /** The hint under the buy buttons meanwhile: orders wait in the box office's queue. */
  readonly boxOfficeHint: Locator;
  /** The page's header: brand and connection badge. */
  readonly masthead: Locator;
  /** The card with the buy buttons and their hints. */
  readonly buyCard: Locator;
  /** The card with the live stock meter. */
  readonly stockCard: Locator;
  /** The badge's pill (dot, state, countdown), where the focus goes when Retry now does. */
  readonly badgePill: Locator;
  /** The broker's own words, quoted in the page and marked as English (`<q lang="en">`). */
  readonly brokerWords: Locator;
  /** The stock meter element, whose `stale` attribute says the stock shown is not live. */
  readonly stockMeterElement: Locator;
  /** When each offer was last pressed (by `Date.now()`), so that `buy` presses it again as a separate order. */
  private readonly pressedAt = new Map<number, number>();

  constructor(readonly page: Page, readonly country: Country, readonly brokerUrl: string) {
    this.language = SITE_LANGUAGES[country];
    this.connectionBadge = page.getByRole("status").and(page.locator("[data-state]"));
    this.ordersList = page.getByRole("list", { name: this.language.ordersList });
    this.orders = this.ordersList.getByRole("listitem");
    this.oneOrderInOtherTabNote = page.getByText(this.language.oneOrderInOtherTab, { exact: true });
    this.orderStats = page.locator('order-list [part="stats"]');
    this.ordersEmpty = page.getByText(this.language.ordersEmpty, { exact: true });
    this.hero = page.getByRole("region").filter({ has: page.getByRole("heading", { level: 1 }) });
    this.stockMeter = page.getByRole("meter", { name: this.language.stockMeter });
    this.announcements = page.getByRole("log").getByRole("paragraph");
    this.stockWaiting = page.getByText(this.language.stockWaiting, { exact: true });
    this.stockSilent = page.getByText(this.language.stockSilent, { exact: true });
    this.boxOfficeHint = page.getByText(this.language.boxOfficeHint, { exact: true });
    this.masthead = page.getByRole("banner");
    this.buyCard = page.locator("section.card.buy");
    this.stockCard = page.locator("section.card.stock");
    this.badgePill = page.locator("connection-badge .badge");
    this.brokerWords = page.locator('q[lang="en"]');
    this.stockMeterElement = page.locator("stock-meter");
  }

  /** Opens the site (relative to the project's baseURL, or an absolute site URL) on the test broker. */
  async open(siteUrl = "/"): Promise<void> {
    const url = new URL(siteUrl, "http://placeholder/");
    url.searchParams.set("broker", this.brokerUrl);
    await this.page.goto(siteUrl.startsWith("http") ? url.href : `${url.pathname}${url.search}`);
  }

  /** Waits until the badge says online; `timeout` for after a broker restart, when the site's backoff decides. */
  async expectOnline(timeout?: number): Promise<void> {
    await expect(this.connectionBadge).toHaveAttribute("data-state", "online", { timeout });
    await expect(this.connectionBadge).toContainText(this.language.online);
  }

  /**
   * Starts recording every state the connection badge shows from now on;
   * the returned function reads them, oldest first.
   */
  async watchConnectionStates(): Promise<() => Promise<string[]>> {
    return watchAttribute(this.connectionBadge, "data-state");
  }

  /** As watchConnectionStates, for the texts the stock card's heading shows from now on (live, or as of when). */
  async watchStockHeadings(): Promise<() => Promise<string[]>> {
    return watchText(this.stockCard.getByRole("heading", { level: 2 }));
  }

  /** As watchConnectionStates, for the statuses an order row shows from now on. */
  async watchStatuses(order: Locator): Promise<() => Promise<string[]>> {
    return watchAttribute(order, "data-status");
  }

  async expectReconnecting(): Promise<void> {
    await expect(this.connectionBadge).toHaveAttribute("data-state", "reconnecting");
    await expect(this.connectionBadge).toContainText(this.language.reconnecting);
  }

  /**
   * Waits until the badge says the connection is down (`offline`: never
   * reached the broker; `reconnecting`: lost) and counts down to the next
   * attempt beside it. Only the state is the status region, so screen
   * readers hear it change, not the countdown tick.
   */
  async expectRetrying(state: "offline" | "reconnecting"): Promise<void> {
    await expect(this.connectionBadge).toHaveAttribute("data-state", state);
    await expect(this.connectionBadge).toHaveText(this.language[state]);
    await expect(this.retryCountdown()).toBeVisible();
    await expect(this.retryNowButton).toBeVisible();
  }

  /**
   * Waits until the connection is down (`data-state`) and the badge says
   * the device is offline and, beside it, that the site waits for the
   * network, with neither countdown nor Retry now.
   */
  async expectWaitingForNetwork(state: "offline" | "reconnecting"): Promise<void> {
    await expect(this.connectionBadge).toHaveAttribute("data-state", state);
    await expect(this.connectionBadge).toHaveText(this.language.deviceOffline);
    await expect(this.masthead.getByText(this.language.waitingForNetwork)).toBeVisible();
    await expect(this.retryCountdown()).toBeHidden();
    await expect(this.retryNowButton).toBeHidden();
  }

  /** The countdown beside the badge to the next connection attempt, whatever figure it shows. */
  retryCountdown(): Locator {
    const pattern = escapeRegExp(this.language.retryingIn(0)).replace("0", "\\d+").replace(/\s/gu, "\\s");
    return this.masthead.getByText(new RegExp(pattern, "u"));
  }

  /** The seconds the countdown shows now. */
  async retrySeconds(): Promise<number> {
    const text = (await this.retryCountdown().textContent()) ?? "";
    return Number(/\d+/u.exec(text)?.[0]);
  }

  /** The badge's button that connects at once rather than wait for the countdown. */
  get retryNowButton(): Locator {
    return this.masthead.getByRole("button", { name: this.language.retryNow, exact: true });
  }

  buyButton(quantity: number): Locator {
    return this.page.getByRole("button", { name: this.language.buyButton(quantity), exact: true });
  }

  /**
   * How many lines each text of each offer takes, by quantity, as laid out
   * now: the quantity, the total, the price per ticket and the button's name.
   */
  async offerLines(): Promise<Record<string, Record<string, number>>> {
    const offers = await this.page.locator("ticket-offer").all();
    const lines: Record<string, Record<string, number>> = {};
    for (const offer of offers) {
      const quantity = (await offer.getAttribute("quantity")) ?? "?";
      lines[quantity] = await offer.evaluate((element) => {
        const count = (selector: string) => {
          const range = document.createRange();
          range.selectNodeContents(element.shadowRoot?.querySelector(selector) ?? element);
          // One box per line, whatever the element's padding or line height.
          return new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size;
        };
        return { quantity: count(".quantity"), total: count(".total"), unit: count(".unit"), button: count("button") };
      });
    }
    return lines;
  }

  /** The rush's card: its buttons, its bars and the line saying how it stands. */
  get rushCard(): Locator {
    return this.page.getByRole("region", { name: this.language.rushHeading, exact: true });
  }

  rushStartButton(count: number): Locator {
    return this.page.getByRole("button", { name: this.language.rushStart(count), exact: true });
  }

  get rushStopButton(): Locator {
    return this.page.getByRole("button", { name: this.language.rushStop, exact: true });
  }

  /** The rush's bar of answered orders: `aria-valuenow` of `aria-valuemax`. */
  get rushAnswered(): Locator {
    return this.page.getByRole("progressbar", { name: this.language.rushAnswered });
  }

  /** Places an order: presses the offer's button, after waiting, if it was pressed a moment ago, as a buyer ordering again would. */
  async buy(quantity: number): Promise<void> {
    const since = Date.now() - (this.pressedAt.get(quantity) ?? -Infinity);
    if (since < SEPARATE_PRESSES_MS) await this.page.waitForTimeout(SEPARATE_PRESSES_MS - since);
    await this.buyButton(quantity).click();
    this.pressedAt.set(quantity, Date.now());
  }

  /**
   * Double-clicks the offer's button slowly, as a buyer who double-clicks
   * everything might: the second click comes after the offer's
   * repeated-press window, so only its `detail` (2: the second click of a
   * double click) tells it from a new order.
   */
  async doubleClick(quantity: number): Promise<void> {
    const box = await this.buyButton(quantity).boundingBox();
    if (box === null) throw new Error(`the +${quantity} offer is not on the page`);
    const { mouse } = this.page;
    await mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await mouse.down({ clickCount: 1 });
    await mouse.up({ clickCount: 1 });
    await this.page.waitForTimeout(SEPARATE_PRESSES_MS);
    await mouse.down({ clickCount: 2 });
    await mouse.up({ clickCount: 2 });
    this.pressedAt.set(quantity, Date.now());
  }

  /**
   * Starts recording the order rows the page lights up (`animate`) from now
   * on, as it does for the order a repeated press repeated; the returned
   * function reads their orderIds, oldest first.
   */
  async watchFlashedRows(): Promise<() => Promise<string[]>> {
    const flashed = await this.page.evaluateHandle(() => {
      const orderIds: string[] = [];
      const original: unknown = Object.getOwnPropertyDescriptor(Element.prototype, "animate")?.value;
      if (typeof original !== "function") throw new Error("this browser has no Element.animate");
      Element.prototype.animate = function (this: Element, ...args: Parameters<Element["animate"]>) {
        if (this instanceof HTMLLIElement && this.dataset.orderId !== undefined) orderIds.push(this.dataset.orderId);
        return Reflect.apply(original, this, args) as Animation;
      };
      return orderIds;
    });
    return () => flashed.jsonValue();
  }

  /**
   * Presses the offer's button with Enter held down for longer than the
   * offer's repeated-press window: the key repeats `repeats` times, all
   * after that window, before it is let go, so only `KeyboardEvent.repeat`
   * tells the repeats from new orders.
   */
  async holdEnter(quantity: number, repeats: number): Promise<void> {
    await this.buyButton(quantity).focus();
    await this.page.keyboard.down("Enter");
    await this.page.waitForTimeout(SEPARATE_PRESSES_MS);
    // Each keyboard.down() while the key is down is a repeat (`KeyboardEvent.repeat`), as a held key's auto-repeat is.
    for (let i = 0; i < repeats; i++) await this.page.keyboard.down("Enter");
    await this.page.keyboard.up("Enter");
    this.pressedAt.set(quantity, Date.now());
  }

  /**
   * Starts watching the rush's bars at every frame from now on; the returned
   * function reads how far behind its own figure a bar ever was, in points
   * of percent (how much of the track it filled against `aria-valuenow` of
   * `aria-valuemax`), and in how many frames there was a bar to measure:
   * with none, a lag of 0 says nothing.
   */
  async watchRushBars(): Promise<() => Promise<{ worstLag: number; framesWithBars: number }>> {
    const watched = await this.page.evaluateHandle(() => {
      const seen = { worstLag: 0, framesWithBars: 0 };
      const shop = document.querySelector("ticket-shop")?.shadowRoot;
      const watch = () => {
        const rush = shop?.querySelector("rush-control")?.shadowRoot;
        let measured = false;
        for (const bar of rush ? Array.from(rush.querySelectorAll("[role=progressbar]")) : []) {
          const track = bar.getBoundingClientRect().width;
          const filled = Array.from(bar.querySelectorAll(".fill, .segment")).reduce((sum, part) => sum + part.getBoundingClientRect().width, 0);
          const figure = Number(bar.getAttribute("aria-valuenow")) / Number(bar.getAttribute("aria-valuemax"));
          if (track > 0) {
            seen.worstLag = Math.max(seen.worstLag, Math.abs(100 * (filled / track - figure)));
            measured = true;
          }
        }
        if (measured) seen.framesWithBars += 1;
        requestAnimationFrame(watch);
      };
      watch();
      return seen;
    });
    return () => watched.evaluate(({ worstLag, framesWithBars }) => ({ worstLag, framesWithBars }));
  }

  /** Tickets left according to the meter, once the first stock broadcast has arrived. */
  async remaining(): Promise<number> {
    await expect(this.stockMeter).toHaveAttribute("aria-valuenow", /^\d+$/);
    return Number(await this.stockMeter.getAttribute("aria-valuenow"));
  }

  /** A country's entry in the meter's breakdown of sales. */
  salesOf(country: Country): Locator {
    return this.page
      .getByRole("list", { name: this.language.soldPerCountry })
      .getByRole("listitem")
      .and(this.page.locator(`[data-country=${country}]`));
  }

  /** Tickets a country has sold, as the meter's breakdown shows them. */
  async soldBy(country: Country): Promise<number> {
    return Number((await this.salesOf(country).innerText()).replace(/\D/g, ""));
  }

  /** Waits until the site says it is sold out and no button can buy, the rush's included. */
  async expectSoldOut(): Promise<void> {
    await expect(this.page.getByText(this.language.soldOut, { exact: true }).first()).toBeVisible();
    for (const quantity of PURCHASE_QUANTITIES) await expect(this.buyButton(quantity)).toBeDisabled();
    await expect(this.rushStartButton(RUSH_SIZE)).toBeDisabled();
  }

  /** The tags, one per order a rush placed, that tell its rows from the buyer's own. */
  get rushTags(): Locator {
    return this.orders.getByText(this.language.rushOrder, { exact: true });
  }

  /** The order rows that show this many tickets. */
  ordersOf(quantity: number): Locator {
    return this.orders.filter({ hasText: this.language.tickets(quantity) });
  }

  /** The order rows in this state (their `data-status`), among `rows` (every order by default). */
  ordersWithStatus(status: OrderStatus, rows: Locator = this.orders): Locator {
    return rows.and(this.page.locator(`[data-status=${status}]`));
  }

  /** Waits until the order of this many tickets shows as confirmed, in the site's language. */
  async expectConfirmed(quantity: number, timeout?: number): Promise<void> {
    const order = this.ordersOf(quantity);
    await expect(order).toHaveAttribute("data-status", "confirmed", { timeout });
    await expect(order).toContainText(this.language.confirmed);
  }

  /**
   * The page as axe-core sees it, shadow roots included: one line per rule
   * broken, with the elements that break it, so a failing test says what to mend.
   */
  async accessibilityViolations(): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page: this.page }).withTags(WCAG_TAGS).analyze();
    return violations.map(({ id, help, nodes }) => `${id}: ${help} (${nodes.map(({ target }) => target.join(" >> ")).join("; ")})`);
  }

  /** The row of the order with this orderId. */
  orderWithId(orderId: string): Locator {
    return this.orders.and(this.page.locator(`[data-order-id="${orderId}"]`));
  }

  /** The Try again button of an order row, shown while the order is busy. */
  retryButton(order: Locator): Locator {
    return order.getByRole("button", { name: this.language.retry, exact: true });
  }

  /** The Send anyway button of an order row, shown while the order is expired. */
  sendAnywayButton(order: Locator): Locator {
    return order.getByRole("button", { name: this.language.sendAnyway, exact: true });
  }

  /**
   * Leaves an order in the site's outbox in localStorage, as an earlier
   * visit would have, in the UI's own storage format (`@repo/ui/headless`).
   * `published` (whether that visit sent it) is left out unless given, as
   * sites stored orders before they recorded it. The site reads it on its
   * next load.
   */
  async keepInOutbox(order: { orderId: string; quantity: number; placedAt: string; published?: boolean }): Promise<void> {
    const { orderId, placedAt, published } = order;
    const quantity = PURCHASE_QUANTITIES.find((sold) => sold === order.quantity);
    if (quantity === undefined) throw new Error(`the sites sell ${PURCHASE_QUANTITIES.join(" or ")} tickets, not ${String(order.quantity)}`);
    const entry: StoredOutboxEntry = { purchase: { orderId, country: this.country, quantity, placedAt }, rush: false, ...(published === undefined ? {} : { published }) };
    const key = outboxEntryKey(outboxKeyPrefix(this.country, this.brokerUrl), orderId);
    const value = serializeOutboxEntry(entry);
    await this.page.evaluate(([k, v]) => {
      localStorage.setItem(k, v);
    }, [key, value] as const);
  }

  /** Waits until the order of this many tickets shows as waiting for the connection. */
  async expectQueued(quantity: number): Promise<void> {
    const order = this.ordersOf(quantity);
    await expect(order).toHaveAttribute("data-status", "queued");
    await expect(order).toContainText(this.language.queued);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/**
 * An element's text after each batch of changes, in the order shown, each
 * once in a row: a text replaced again before the observer runs (within
 * the same task) is not seen, which Lit's one render per update makes rare.
 */
async function watchText(element: Locator): Promise<() => Promise<string[]>> {
  const seen = await element.evaluateHandle((target) => {
    const texts: string[] = [];
    new MutationObserver(() => {
      const text = target.textContent.trim();
      if (texts.at(-1) !== text) texts.push(text);
    }).observe(target, { characterData: true, childList: true, subtree: true });
    return texts;
  });
  return () => seen.jsonValue();
}

/**
 * Records every value the element's attribute takes from now on, each set
 * once, even one replaced before the observer ran (each change's value is
 * the next change's old value); the returned function reads them, oldest first.
 */
async function watchAttribute(element: Locator, name: string): Promise<() => Promise<string[]>> {
  const seen = await element.evaluateHandle((target, attribute) => {
    const values: string[] = [];
    new MutationObserver((changes) => {
      changes.forEach((change, index) => {
        const next = changes[index + 1];
        values.push((next === undefined ? target.getAttribute(attribute) : next.oldValue) ?? "");
      });
    }).observe(target, { attributeFilter: [attribute], attributeOldValue: true });
    return values;
  }, name);
  return () => seen.jsonValue();
}
