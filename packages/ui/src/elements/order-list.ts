import { consume } from "@lit/context";
import type { TemplateResult } from "lit";
import { html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { RetryFocus } from "../controllers/retry-focus.js";
import { emit } from "../events.js";
import type { Locale } from "../i18n/locale.js";
import { localeContext } from "../i18n/locale.js";
import type { Order, OrderStats } from "../orders/order-book.js";
import { buyersOrdersFirst, isAwaitingResend, isRetryable, ORDER_STATUSES, ordersAdvisedInFull, timeToAccept, timeToAnswer } from "../orders/order-book.js";
import { buttonStyles, tokens, visuallyHidden } from "../styles/shared.styles.js";
import { orderListStyles } from "./order-list.styles.js";

/** How long a flashed row (`flash`) takes to fade back. */
const FLASH_MS = 1_200;

const ICONS = {
  queued: "◷",
  confirmed: "✓",
  rejected: "✕",
  "timed-out": "!",
  busy: "↻",
  expired: "◔",
} as const;

/**
 * The site's orders, the buyer's own above a rush's, each newest first
 * (`buyersOrdersFirst`; this visit's, those still owed from
 * earlier ones, and the last answered: `orders/answered-storage.ts`),
 * each going from queued (waiting for a connection) to sending to accepted to
 * confirmed, rejected (with the reason), timed out or busy (the broker
 * refused it: try again), with its time to confirm (none for an answer
 * from an earlier visit); or expired (never sent: placed too long ago). Each row is an
 * `<li>` with `data-status` (the raw status) and `data-order-id`, in a list
 * named by the site's "Orders" label. A busy order, and one the consumer
 * could not process (`processing_failed`), has a "try again" button, an
 * expired one a "send anyway" button: each sends the same order again.
 * A rush's orders carry a tag saying so.
 * Orders the site's other open tabs placed after this one loaded, and
 * still await an answer for, are not listed, but counted in a note above
 * the list (`elsewhere`).
 *
 * @fires tickets-retry - The buyer asked to send a busy or unprocessed order again, or an expired one anyway; `detail.orderId` names it.
 * @csspart stats - The summary below the list.
 * @csspart list - The list of orders.
 */
@customElement("order-list")
export class OrderList extends LitElement {
  static override styles = [tokens, visuallyHidden, buttonStyles, orderListStyles];

  /** Moves the focus to an order's row when its focused Try again or Send anyway button goes by itself. */
  private readonly retryFocus = new RetryFocus(this, {
    orders: () => this.orders,
    focusedRetry: () => {
      const focused = this.shadowRoot?.activeElement;
      return focused?.matches("button.retry") === true ? focused.closest("li")?.dataset.orderId : undefined;
    },
    focusOrder: (orderId) => {
      (this.row(orderId) ?? this.renderRoot.querySelector("ol"))?.focus();
    },
  });

  /** The list's height follows the window (at most 60 % of it), so a resize can make it scroll or stop. */
  private readonly resizes = new ResizeObserver(() => {
    this.measureScrolling();
  });
  /** The list the observer watches: the last render's, kept to watch again when the element comes back. */
  private watchedList: HTMLOListElement | undefined;

  /** The site's language, numbers and dates, from the shop; nothing renders until it comes. */
  @consume({ context: localeContext, subscribe: true })
  @state()
  private locale?: Locale;

  /** Orders to show, newest first. */
  @property({ attribute: false }) orders: readonly Order[] = [];

  /** Summary of the orders; hidden while there are none. */
  @property({ attribute: false }) stats: OrderStats | undefined;

  /** Orders the site's other open tabs are still owed an answer for, which `orders` does not hold: a note above the list says how many. */
  @property({ attribute: false }) elsewhere = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved within the page: no render need follow, so the list is watched again here.
    if (this.watchedList) this.resizes.observe(this.watchedList);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes.disconnect();
  }

  protected override updated(): void {
    const list = this.renderRoot.querySelector("ol") ?? undefined;
    if (list !== this.watchedList) {
      this.resizes.disconnect();
      if (list) this.resizes.observe(list);
      this.watchedList = list;
    }
    this.measureScrolling();
  }

  /**
   * Scrolls the order's row into view, once rendered: the least scroll that
   * shows it, the list's own included (newest first, the row is at its top),
   * and none where it shows already. On a phone or a zoomed page the orders
   * sit below the offers, and a buy that changed nothing in view seemed to
   * do nothing. Smooth, unless the buyer asks for reduced motion.
   */
  async reveal(orderId: string): Promise<void> {
    await this.updateComplete;
    const row = this.row(orderId);
    if (!row || !this.fitsInViewWithFocus(row)) return;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    row.scrollIntoView({ block: "nearest", inline: "nearest", behavior: reduced ? "instant" : "smooth" });
  }

  /**
   * Whether the row can come into view while the focused control outside
   * the list (the offer pressed) stays in view. On a page zoomed to 400 %
   * they may not fit on one screen: scrolled to the row, the focus was off
   * screen, where another Enter bought again unseen. The focus wins; the
   * outcome is announced all the same. The row is taken at the top of the
   * list's visible part, where it lands when the list scrolls to it.
   */
  private fitsInViewWithFocus(row: HTMLElement): boolean {
    const focused = deepActiveElement();
    if (focused === undefined || this.contains(focused) || this.renderRoot.contains(focused)) return true;
    const control = focused.getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    const listTop = this.watchedList?.getBoundingClientRect().top ?? rowBox.top;
    const top = Math.max(rowBox.top, listTop);
    const span = Math.max(top + rowBox.height, control.bottom) - Math.min(top, control.top);
    return span <= window.innerHeight;
  }

  /**
   * Brings the order's row into view and lights it up for a moment: the
   * press of an offer that only repeated the last one bought nothing, and
   * this shows the buyer which order it repeated. A colour that fades, not
   * a movement, so reduced motion keeps it.
   */
  async flash(orderId: string): Promise<void> {
    await this.reveal(orderId);
    const row = this.row(orderId);
    if (!row) return;
    // Mashed, the row lights up afresh at each press rather than stacking fades.
    for (const running of row.getAnimations()) running.cancel();
    const from = getComputedStyle(this).getPropertyValue("--_flash").trim();
    row.animate([{ backgroundColor: from }, { backgroundColor: "transparent" }], { duration: FLASH_MS, easing: "ease-out" });
  }

  /** Whether the order's row shows whole on the screen (not scrolled out of the page or of the list). */
  isInView(orderId: string): boolean {
    const row = this.row(orderId);
    if (!row) return false;
    const box = row.getBoundingClientRect();
    const list = this.watchedList?.getBoundingClientRect();
    const top = Math.max(0, list?.top ?? 0);
    const bottom = Math.min(window.innerHeight, list?.bottom ?? window.innerHeight);
    return box.height > 0 && box.top >= top && box.bottom <= bottom;
  }

  private row(orderId: string): HTMLLIElement | undefined {
    return [...this.renderRoot.querySelectorAll("li")].find((candidate) => candidate.dataset.orderId === orderId);
  }

  /** Only a list that scrolls is a Tab stop, for keyboard users to scroll it; -1 still lets a script focus it. */
  private measureScrolling(): void {
    const list = this.watchedList;
    if (list) list.tabIndex = list.scrollHeight > list.clientHeight ? 0 : -1;
  }

  private renderStats(locale: Locale, stats: OrderStats) {
    const { messages, number, milliseconds } = locale;
    // Before any answer, a dash for the eye; screen readers would read "dash", or nothing at all.
    const time = (ms: number | undefined) =>
      ms === undefined ? html`<span aria-hidden="true">–</span><span class="visually-hidden">${messages.stats.noTimeYet}</span>` : milliseconds(ms);
    const counts: (readonly [string, string])[] = [
      [messages.stats.inFlight, number(stats.inFlight)],
      [messages.stats.confirmed, number(stats.confirmed)],
      [messages.stats.rejected, number(stats.rejected)],
      [messages.stats.timedOut, number(stats.timedOut)],
      // Only a full queue makes orders busy: the line shows when it happened.
      ...(stats.busy > 0 ? [[messages.stats.busy, number(stats.busy)] as const] : []),
      // Likewise, only orders kept over a day expire.
      ...(stats.expired > 0 ? [[messages.stats.expired, number(stats.expired)] as const] : []),
    ];
    const times: (readonly [string, string | TemplateResult])[] = [
      [messages.stats.median, time(stats.medianMs)],
      [messages.stats.p95, time(stats.p95Ms)],
    ];
    return html`<dl class="stats" part="stats">
      ${counts.map(([label, value]) => html`<div class="stat"><dt>${label}</dt><dd>${value}</dd></div>`)}
      ${times.map(([label, value]) => html`<div class="stat time"><dt>${label}</dt><dd>${value}</dd></div>`)}
    </dl>`;
  }

  /** Sends a busy, unprocessed or expired order again. Its button goes with that status, so the focus moves to the order's row rather than fall to the page. */
  private retry(event: Event, orderId: string): void {
    const row = (event.currentTarget as HTMLElement).closest("li");
    emit(this, "tickets-retry", { orderId });
    row?.focus();
  }

  /** `inFull`: the whole advice of a timed-out order, or of one waiting to go again, rather than its first words (`ordersAdvisedInFull`). */
  private renderDetail(locale: Locale, order: Order, inFull: boolean) {
    const { messages, milliseconds, number } = locale;
    const parts: string[] = [];
    if (order.status === ORDER_STATUSES.rejected && order.reason) parts.push(messages.rejection[order.reason]);
    if (order.status === ORDER_STATUSES.expired) parts.push(messages.expiredDetail);
    // What the buyer should do matters more here than how fast the broker took it.
    if (order.status === ORDER_STATUSES.timedOut) parts.push(inFull ? messages.timedOutDetail : messages.timedOutShort);
    // "Waiting for connection" alone reads as never sent, and a buyer who believes it may order again and buy twice.
    if (isAwaitingResend(order)) parts.push(inFull ? messages.resendDetail : messages.resendShort);
    const answered = timeToAnswer(order);
    if (answered !== undefined) parts.push(messages.answeredIn(milliseconds(answered)));
    else if (order.status !== ORDER_STATUSES.timedOut) {
      const accepted = timeToAccept(order);
      if (accepted !== undefined) parts.push(messages.acceptedIn(milliseconds(accepted)));
    }
    if (order.remaining !== undefined) parts.push(messages.remaining(number(order.remaining)));
    return parts.length === 0 ? nothing : html`<span class="detail">${parts.join(" · ")}</span>`;
  }

  /** The button that sends the order again (`isRetryable`). */
  private renderRetry(locale: Locale, order: Order) {
    if (!isRetryable(order)) return nothing;
    const { messages } = locale;
    const label = order.status === ORDER_STATUSES.expired ? messages.sendAnyway : messages.retryOrder;
    return html`<button class="secondary retry" aria-describedby="order-${order.orderId}" @click=${(event: Event) => {
      this.retry(event, order.orderId);
    }}>${label}</button>`;
  }

  private renderRushTag(locale: Locale) {
    const { tag, spoken } = locale.messages.rushOrder;
    return html`<span class="rush" aria-hidden="true">${tag}</span><span class="visually-hidden">, ${spoken}</span>`;
  }

  private renderOrder(locale: Locale, order: Order, advisedInFull: ReadonlySet<string>) {
    const { messages, number, time } = locale;
    const icon =
      order.status === ORDER_STATUSES.sending || order.status === ORDER_STATUSES.accepted
        ? html`<span class="spinner"></span>`
        : ICONS[order.status];
    // The row takes the focus when its Try again or Send anyway button goes away (see retry and retryFocus).
    // A rush's rows are tagged as such: a hundred of them, untold, would bury the buyer's own orders among look-alikes.
    // The short id tells rows of the same size and minute apart at a glance; read out, it is eight characters of
    // noise on every row (and in every Try again's description), so screen readers skip it.
    return html`<li data-status=${order.status} data-order-id=${order.orderId} tabindex="-1">
      <span class="icon" aria-hidden="true">${icon}</span>
      <span class="what" id="order-${order.orderId}">
        <strong>${messages.tickets(number(order.quantity))}</strong>${order.rush ? this.renderRushTag(locale) : nothing}
        <span class="meta"><span>${time(order.placedAt)}</span> <span aria-hidden="true">· #${order.orderId.slice(0, 8)}</span></span>
      </span>
      <span class="label">${messages.orderStatus[order.status]}</span>
      ${this.renderDetail(locale, order, advisedInFull.has(order.orderId))}
      ${this.renderRetry(locale, order)}
    </li>`;
  }

  /** Not a live region: a rush in another tab would change it several times a second. */
  private renderElsewhere(locale: Locale) {
    if (this.elsewhere === 0) return nothing;
    return html`<p class="elsewhere">${locale.messages.ordersInOtherTabs(locale.count(this.elsewhere))}</p>`;
  }

  override render() {
    const locale = this.locale;
    if (!locale) return nothing;
    // "No orders yet" beside orders from another tab would read as though those were lost.
    if (this.orders.length === 0) return this.elsewhere > 0 ? this.renderElsewhere(locale) : html`<p class="empty">${locale.messages.ordersEmpty}</p>`;
    const advisedInFull = ordersAdvisedInFull(this.orders);
    return html`
      ${this.renderElsewhere(locale)}
      <ol part="list" aria-label=${locale.messages.ordersLabel}>
        ${repeat(
          buyersOrdersFirst(this.orders),
          (order) => order.orderId,
          (order) => this.renderOrder(locale, order, advisedInFull),
        )}
      </ol>
      ${this.stats ? this.renderStats(locale, this.stats) : nothing}
    `;
  }
}

/** The element that has the keyboard focus, looked for inside shadow roots; undefined when it is the page's body. */
function deepActiveElement(): Element | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === null || active === document.body ? undefined : active;
}

declare global {
  interface HTMLElementTagNameMap {
    "order-list": OrderList;
  }
}
