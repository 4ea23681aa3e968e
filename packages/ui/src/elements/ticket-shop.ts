import { provide } from "@lit/context";
import type { StockLevel } from "@repo/contract";
import { isSoldOut, PURCHASE_QUANTITIES } from "@repo/contract";
import type { PropertyValues } from "lit";
import { html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type { BrokerError } from "../controllers/broker-error.js";
import { CONNECTION_STATES } from "../controllers/connection-state.js";
import { ShopAnnouncer } from "../controllers/shop-announcer.js";
import { TicketsController } from "../controllers/tickets-controller.js";
import type { TicketsBuyEvent, TicketsBuyRepeatEvent, TicketsRetryEvent, TicketsRushStartEvent } from "../events.js";
import type { Locale } from "../i18n/locale.js";
import { createLocale, localeContext } from "../i18n/locale.js";
import { canCover, isRunningShort } from "../inventory/stock.js";
import { isAnswered } from "../orders/order-book.js";
import { RUSH_QUANTITY } from "../orders/rush.js";
import type { BrokerSettings } from "../site/broker.js";
import { resolveBroker } from "../site/broker.js";
import type { SiteConfig } from "../site/site-config.js";
import { themeProperties } from "../site/theme.js";
import { hintStyles, tokens, visuallyHidden } from "../styles/shared.styles.js";
import { ticketShopStyles } from "./ticket-shop.styles.js";
import "./connection-badge.js";
import "./order-list.js";
import "./rush-control.js";
import "./stock-meter.js";
import "./ticket-offer.js";

/**
 * A whole ticket site: header with the country and the connection badge,
 * the event, then the offers with the orders beside them (below them on a
 * narrow screen), then the live stock and the rush. It owns
 * the `TicketsController` (the broker connection) and provides the site's
 * locale to every element inside; those elements get plain data as
 * properties and report what the buyer wants as events.
 *
 * The order a buyer places is scrolled into view (`<order-list>`'s
 * `reveal`), as little as that takes: on a phone or a zoomed page the list
 * is below the offers, and a buy seemed to change nothing.
 *
 * Offers the live stock can no longer cover are disabled; once it cannot
 * cover even the smallest, every site says "sold out" and nothing can be
 * bought. Until the first stock broadcast arrives nothing is disabled: the
 * consumer decides every order anyway.
 *
 * Order outcomes, rush milestones and the stock running short are
 * announced through a visually hidden `log` region, worded by its
 * `ShopAnnouncer`; connection changes are announced by the badge's own
 * status role, and the lines that come and go under the header and the
 * orders sit in status regions that are always in the page.
 *
 * The stock card says "live" only while broadcasts keep coming
 * (`TicketsController.stockLive`); otherwise, online or not, it shows the
 * level as last heard, greyed, and says since when, and, online without
 * broadcasts for a few seconds (`stockSilent`), that the box office is not
 * answering.
 *
 * @cssprop --tickets-accent - Buttons and hero; set from `config.colors`.
 * @cssprop --tickets-highlight - Second flag colour; set from `config.colors`.
 * @cssprop --tickets-flag - The flag stripes; set from `config.colors`.
 */
@customElement("ticket-shop")
export class TicketShop extends LitElement {
  static override styles = [tokens, visuallyHidden, hintStyles, ticketShopStyles];

  private tickets: TicketsController | undefined;
  private broker: BrokerSettings | undefined;
  /** Keeps the page's room for the sticking header (`keepFocusClearOfHeader`) as tall as the header. */
  private headerResizes: ResizeObserver | undefined;
  /** The header `headerResizes` watches: the last render's. */
  private watchedHeader: HTMLElement | undefined;
  /** Words what the log region says; sentences told while the page is first built wait until the log has been in the page a moment. */
  private readonly announcer = new ShopAnnouncer(this, {
    locale: () => this.locale,
    logShown: () => this.renderRoot.querySelector('[role="log"]') !== null,
  });

  /** The site's language, numbers and dates, made from `config` and handed to every element inside. */
  @provide({ context: localeContext })
  private locale: Locale | undefined;
  /** The order the buyer placed last, until it is answered (`keepLastPlacedInView`). */
  private lastPlaced: string | undefined;
  /** Whether that order's row showed whole before this update. */
  private lastPlacedWasInView = false;

  /** The site to show. Everything that differs between sites is in it. */
  @property({ attribute: false }) config: SiteConfig | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("config")) this.configure();
    this.announcer.stockShown(this.tickets?.stock);
    this.lastPlacedWasInView = this.lastPlacedAwaited() !== undefined && this.lastPlacedInView();
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.watchHeader();
    this.keepFocusClearOfHeader();
    this.keepLastPlacedInView();
  }

  /** The order the buyer placed last, while it awaits its answer; undefined once answered. */
  private lastPlacedAwaited(): string | undefined {
    const order = this.lastPlaced === undefined ? undefined : this.tickets?.orders.find(({ orderId }) => orderId === this.lastPlaced);
    if (order === undefined || isAnswered(order)) this.lastPlaced = undefined;
    return this.lastPlaced;
  }

  private lastPlacedInView(): boolean {
    const orderId = this.lastPlaced;
    return orderId !== undefined && this.renderRoot.querySelector("order-list")?.isInView(orderId) === true;
  }

  /**
   * Keeps the order just placed in view while it awaits its answer, if it
   * was: a hint that appears under the offers meanwhile (the box office
   * falls silent 3 s after the last stock broadcast, the connection drops)
   * pushes the orders down, on a phone off the screen, and the row the buy
   * had brought into view went with them until the answer took the hint
   * away. Nothing is moved for a buyer who had scrolled it away.
   */
  private keepLastPlacedInView(): void {
    const orderId = this.lastPlaced;
    if (!this.lastPlacedWasInView || orderId === undefined || this.lastPlacedInView()) return;
    void this.revealOrder(orderId);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved within the page: no update need follow, so the header is watched again here.
    if (this.watchedHeader) this.headerResizes?.observe(this.watchedHeader);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.headerResizes?.disconnect();
    document.documentElement.style.removeProperty("scroll-padding-top");
  }

  /**
   * The header's height changes after the shop's own update too: the badge
   * inside renders its new state in an update of its own, and its countdown
   * ticks alone. Made on the first update, not with the shop: tests build
   * shops where there is no ResizeObserver.
   */
  private watchHeader(): void {
    const masthead = this.renderRoot.querySelector<HTMLElement>(".masthead") ?? undefined;
    if (masthead === this.watchedHeader) return;
    this.headerResizes ??= new ResizeObserver(() => {
      this.keepFocusClearOfHeader();
    });
    this.headerResizes.disconnect();
    if (masthead) this.headerResizes.observe(masthead);
    this.watchedHeader = masthead;
  }

  /**
   * While the header sticks (the connection down, on a screen tall enough),
   * the page scrolls what takes the focus, or an order brought into view,
   * clear of it rather than under it (WCAG 2.4.11, focus not obscured). The
   * shop is the whole page, so the padding is set on the page's own scroller.
   */
  private keepFocusClearOfHeader(): void {
    const masthead = this.watchedHeader;
    const root = document.documentElement.style;
    const down = masthead?.classList.contains("down") === true ? getComputedStyle(masthead) : undefined;
    if (masthead !== undefined && down?.position === "sticky") {
      // A negative top (on a phone) leaves that much of the header above the screen's edge.
      root.setProperty("scroll-padding-top", `${masthead.offsetHeight + Math.min(0, parseFloat(down.top))}px`);
    } else {
      root.removeProperty("scroll-padding-top");
    }
  }

  private configure(): void {
    if (this.tickets) {
      // Retired, not only disconnected: its closing connection would still interrupt a rush and answer orders,
      // and the buyer would hear them twice, from it and from its successor, which restores the same orders.
      this.tickets.retire();
      this.removeController(this.tickets);
      this.tickets = undefined;
    }
    const { config } = this;
    this.locale = config ? createLocale(config) : undefined;
    if (!config) return;
    // On the host, so the shop's own tokens (computed at :host) see them too.
    for (const [name, value] of Object.entries(themeProperties(config.colors))) this.style.setProperty(name, value);
    this.broker = resolveBroker(config.country, config.broker);
    this.tickets = new TicketsController(this, {
      country: config.country,
      broker: this.broker,
      onOrderSettled: (order) => {
        this.announcer.orderSettled(order);
      },
      onRushEnded: (rush) => {
        this.announcer.rushEnded(rush);
      },
      onRushAnswered: (rush) => {
        this.announcer.rushAnswered(rush);
      },
    });
  }

  private onBuy(event: TicketsBuyEvent): void {
    const order = this.tickets?.publishPurchase(event.detail.quantity);
    if (!order) return;
    this.announcer.orderPlaced(order);
    this.lastPlaced = order.orderId;
    void this.revealOrder(order.orderId);
  }

  /**
   * A press that only repeated the last bought nothing: the newest order of
   * that offer lights up (and comes into view), so the buyer sees the press
   * was taken for that order rather than ignored.
   */
  private async onBuyRepeat(event: TicketsBuyRepeatEvent): Promise<void> {
    const repeated = this.tickets?.orders.find(({ quantity, rush }) => quantity === event.detail.quantity && !rush);
    if (!repeated) return;
    // A repeat in the same task as its buy finds the row not rendered yet.
    await this.updateComplete;
    await this.renderRoot.querySelector("order-list")?.flash(repeated.orderId);
  }

  /** Brings the order just placed into view once the list shows it: on a phone, or zoomed in, the list is below the offers. */
  private async revealOrder(orderId: string): Promise<void> {
    await this.updateComplete;
    await this.renderRoot.querySelector("order-list")?.reveal(orderId);
  }

  private onRushStart(event: TicketsRushStartEvent): void {
    const started = this.tickets?.startRush(event.detail.count) ?? false;
    this.announcer.rushAsked(event.detail.count, started);
  }

  private onRushStop(): void {
    this.tickets?.stopRush();
  }

  /**
   * Sold out is announced by the meter, and running short by the announcer (once: the figure changes with every sale).
   * That orders wait for the connection only once it is lost: not while the page first connects, or it would flash
   * on every load. That they wait for the box office while it is silent: the badge says online, the stock card may be
   * off screen, and a buyer would otherwise order on, to see each order turn unconfirmed (the meter's status region
   * tells screen readers).
   */
  private renderBuyHints(locale: Locale, stock: StockLevel | undefined, lostConnection: boolean, boxOfficeSilent: boolean) {
    const { messages, number } = locale;
    if (stock !== undefined && isSoldOut(stock)) return html`<p class="hint sold-out">${messages.stock.soldOutHint}</p>`;
    return html`${isRunningShort(stock) ? html`<p class="hint">${messages.stock.lowStock(number(stock.remaining))}</p>` : nothing}
    ${lostConnection ? html`<p class="hint">${messages.offlineHint}</p>` : nothing}
    ${boxOfficeSilent ? html`<p class="hint">${messages.boxOfficeHint}</p>` : nothing}`;
  }

  /**
   * "Live" while broadcasts come, and while the meter says it waits for the first. Otherwise, offline or online
   * while none comes (a stalled stock link, the box office silent), the meter shows what the page last heard, and
   * the heading says since when; or, if it heard nothing and the box office is silent, the heading promises nothing
   * beside the meter's "The box office isn't answering".
   */
  private stockHeading(locale: Locale, tickets: TicketsController): string {
    const { messages } = locale;
    const heardAt = tickets.stockHeardAt;
    if (tickets.stockLive) return messages.stock.heading;
    if (heardAt !== undefined) return messages.stock.headingNotLive(locale.timeOfDay(heardAt));
    return tickets.stockSilent ? messages.stock.headingUnheard : messages.stock.heading;
  }

  /**
   * That the browser refuses to store the orders, so a reload would lose
   * the unanswered ones: in a status region that is always in the page, so
   * screen readers announce the warning when it appears.
   */
  private renderOrdersNotKept(locale: Locale, notKept: boolean) {
    // No whitespace inside the region, as for the broker's reason.
    return html`<div class="orders-not-kept" role="status">${notKept ? html`<p class="hint">${locale.messages.ordersNotKept}</p>` : nothing}</div>`;
  }

  /**
   * Why the broker closed the connection, under the badge while it is not
   * online: first what it means for the buyer in the site's language (the
   * site is refused, or the connection closed; the orders wait and go out
   * later; nothing to do), then, smaller, the broker's own words, marked as
   * English, for an operator. On screen rather than in a tooltip, so
   * keyboard and touch users can read it too. One status region, always in
   * the page, empty when there is nothing to say, so screen readers announce
   * it when it appears; each refused attempt repeats the same words, which
   * change nothing in it, so it is not announced again.
   */
  /** The broker's last refusal, while it explains why the site is not online; not while the browser has no network, the cause the buyer can act on (the badge says Offline). */
  private renderBrokerError(locale: Locale, shown: boolean, lastError: BrokerError | undefined) {
    const { messages } = locale;
    const reason =
      !shown || lastError === undefined
        ? nothing
        : html`<p class="bar">${messages.brokerError[lastError.kind]}</p><p class="bar broker-words">${messages.brokerWords} <q lang="en">${lastError.words}</q></p>`;
    // No whitespace inside the region: it must stay :empty while it says nothing.
    return html`<div class="broker-error" role="status">${reason}</div>`;
  }

  override render() {
    const { locale, tickets, broker } = this;
    if (!locale || !tickets || !broker) return nothing;
    const { config, messages } = locale;
    const online = tickets.canBuy;
    const { stock } = tickets;
    const soldOut = stock !== undefined && isSoldOut(stock);
    const stockLive = tickets.stockLive;
    // Not while the page first connects: the hints would flash on every load.
    const lostConnection = tickets.connection === CONNECTION_STATES.reconnecting || tickets.connection === CONNECTION_STATES.offline;
    return html`<div class="page">
      <header class="masthead ${lostConnection ? "down" : ""}">
        <div class="bar">
          <p class="brand">
            <span class="code" aria-hidden="true">${config.country.toUpperCase()}</span>
            <span>${config.countryName}</span>
            <span class="site-name">${messages.siteName}</span>
          </p>
          <connection-badge
            state=${tickets.connection}
            .retryAt=${tickets.nextAttemptAt}
            .networkGone=${tickets.networkGone}
            @tickets-reconnect=${() => {
              this.tickets?.reconnectNow();
            }}
          ></connection-badge>
        </div>
        ${this.renderBrokerError(locale, !online && !tickets.networkGone, tickets.lastError)}
      </header>
      <main>
        <section class="hero" aria-labelledby="event-title">
          <p class="eyebrow ${soldOut ? "sold-out" : ""}">${soldOut ? messages.stock.soldOut : messages.heroEyebrow}</p>
          <h1 id="event-title">${config.event.title}</h1>
          <p class="when">${locale.eventDate} · ${config.event.venue}</p>
        </section>
        <div class="layout">
          <section class="card buy" aria-labelledby="buy-heading">
            <h2 id="buy-heading">${messages.buyHeading}</h2>
            <div class="offers" @tickets-buy=${(event: TicketsBuyEvent) => {
                this.onBuy(event);
              }} @tickets-buy-repeat=${(event: TicketsBuyRepeatEvent) => {
                void this.onBuyRepeat(event);
              }}>
              ${PURCHASE_QUANTITIES.map(
                // Offline clicks are not refused: the outbox keeps the order and sends it once connected.
                (quantity) => html`<ticket-offer quantity=${quantity} ?disabled=${!canCover(stock, quantity)}></ticket-offer>`,
              )}
            </div>
            ${this.renderBuyHints(locale, stock, lostConnection, tickets.stockSilent)}
          </section>
          <section class="card orders" aria-labelledby="orders-heading">
            <h2 id="orders-heading">${messages.ordersHeading}</h2>
            <order-list
              .orders=${tickets.orders}
              .stats=${tickets.stats}
              .elsewhere=${tickets.ordersInOtherTabs}
              @tickets-retry=${(event: TicketsRetryEvent) => {
                tickets.retry(event.detail.orderId);
              }}
            ></order-list>
            ${this.renderOrdersNotKept(locale, tickets.ordersNotKept)}
          </section>
          <section class="card stock" aria-labelledby="stock-heading">
            <h2 id="stock-heading">${this.stockHeading(locale, tickets)}</h2>
            <stock-meter .level=${stock} ?stale=${!stockLive} ?silent=${tickets.stockSilent} country=${config.country}></stock-meter>
          </section>
          <section class="card rush" aria-labelledby="rush-heading">
            <h2 id="rush-heading">${messages.rushHeading}</h2>
            <rush-control
              .progress=${tickets.rush}
              ?disabled=${!online || !canCover(stock, RUSH_QUANTITY)}
              .hint=${lostConnection ? messages.rushOfflineHint : undefined}
              @tickets-rush-start=${(event: TicketsRushStartEvent) => {
                this.onRushStart(event);
              }}
              @tickets-rush-stop=${() => {
                this.onRushStop();
              }}
            ></rush-control>
          </section>
        </div>
      </main>
      <footer>${messages.footer(broker.url, broker.login)}</footer>
      <div class="visually-hidden" role="log">
        ${repeat(
          this.announcer.announcements,
          // Keyed, so a sentence that stays keeps its node; reused nodes with new text would be read again.
          ({ id }) => id,
          ({ text }) => html`<p>${text}</p>`,
        )}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ticket-shop": TicketShop;
  }
}
