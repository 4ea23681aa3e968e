import { consume } from "@lit/context";
import type { PurchaseQuantity } from "@repo/contract";
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { emit } from "../events.js";
import type { Locale } from "../i18n/locale.js";
import { localeContext } from "../i18n/locale.js";
import { buttonStyles, tokens } from "../styles/shared.styles.js";

/** A press of the same offer within this many milliseconds of the one before is taken for a repeat, not a new order. */
export const REPEATED_PRESS_MS = 600;

/**
 * One way to buy: a quantity, its price and a button named by visible text
 * in the site's language ("+10 billets"). The price describes the button.
 *
 * Each press is an order, and a second order buys twice, so a press that
 * only repeats the last is ignored: the second click of a double click
 * (`detail` over 1, however long the system's double-click time), a key
 * held down (`repeat`), and any press within `REPEATED_PRESS_MS` of the one
 * before it, whether that one bought or was a repeat: a buyer mashing the
 * button buys once, however long they keep at it. Separate presses further
 * apart each buy; a press on a disabled offer counts for nothing. A
 * repeated click (a double click's second, or one within the window) buys
 * nothing but fires `tickets-buy-repeat`, so the shop can show which order
 * it repeated: taken in silence, it read as a button that did nothing. A
 * held key's repeats are cancelled before they click, and fire nothing.
 *
 * In a narrow box (two offers side by side on a phone) the offer is
 * compact, so both fit in one row and the orders start higher on the page:
 * tighter padding, letters and button text keep the longest language's
 * lines ("100 ENTRADAS", "+100 entradas") on one line each on a 360 px
 * phone, where each took two; narrower still, a button name may take two
 * lines rather than overflow. On a short screen it is tighter too, for the
 * shop's buy buttons to show without scrolling.
 *
 * @fires tickets-buy - The buyer pressed the button; `detail.quantity` says how many tickets.
 * @fires tickets-buy-repeat - The buyer pressed again too soon: a repeat, which buys nothing; `detail.quantity` as for a buy.
 * @csspart base - The offer's box.
 * @csspart button - The buy button.
 */
@customElement("ticket-offer")
export class TicketOffer extends LitElement {
  static override styles = [
    tokens,
    buttonStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .offer {
        display: grid;
        /* Beside a taller offer, the slack goes above the button, not between the lines. */
        grid-template-rows: auto auto auto 1fr;
        gap: 0.25rem;
        height: 100%;
        box-sizing: border-box;
        padding: 1rem;
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) - 4px);
        background: linear-gradient(180deg, color-mix(in srgb, var(--_accent) 5%, white), var(--_surface));
      }
      .quantity {
        margin: 0;
        font-size: 0.875rem;
        font-weight: 650;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--_muted);
      }
      .total {
        margin: 0;
        font-size: 1.625rem;
        font-weight: 750;
        overflow-wrap: anywhere;
        letter-spacing: -0.01em;
        font-variant-numeric: tabular-nums;
      }
      .unit {
        margin: 0 0 0.75rem;
        font-size: 0.875rem;
        color: var(--_muted);
      }
      button {
        width: 100%;
        align-self: end;
        padding-inline: 0.75rem;
        white-space: nowrap;
      }
      @media (max-height: 30rem) {
        .offer {
          padding: 0.75rem;
        }
        .total {
          font-size: 1.25rem;
        }
        .unit {
          margin-bottom: 0.5rem;
        }
      }
      @container (max-width: 12rem) {
        .offer {
          padding: 0.75rem 0.5rem;
        }
        .quantity {
          letter-spacing: 0.01em;
        }
        .total {
          font-size: 1.25rem;
        }
        .unit {
          margin-bottom: 0.5rem;
        }
        button {
          padding-inline: 0.25rem;
          font-size: 0.8125rem;
          white-space: normal;
          text-wrap: balance;
        }
      }
    `,
  ];

  /** When the buyer last pressed (the event's `timeStamp`), whether that press bought or not. */
  private pressedAt = -Infinity;

  /** The site's language, numbers and dates, from the shop; nothing renders until it comes. */
  @consume({ context: localeContext, subscribe: true })
  @state()
  private locale?: Locale;

  /** Tickets this offer buys. */
  @property({ type: Number }) quantity: PurchaseQuantity = 10;

  /** Whether this offer cannot be bought: the live stock no longer covers it. */
  @property({ type: Boolean }) disabled = false;

  private press(event: MouseEvent): void {
    if (this.disabled) return;
    const sincePrevious = event.timeStamp - this.pressedAt;
    this.pressedAt = event.timeStamp;
    // A repeat buys nothing, but is not ignored in silence: the shop points at the order it repeats.
    if (event.detail > 1 || sincePrevious < REPEATED_PRESS_MS) emit(this, "tickets-buy-repeat", { quantity: this.quantity });
    else emit(this, "tickets-buy", { quantity: this.quantity });
  }

  /** A held Enter would click again at every auto-repeat; cancelling the repeated keydowns keeps those clicks from happening. */
  private keyDown(event: KeyboardEvent): void {
    if (event.repeat && (event.key === "Enter" || event.key === " ")) event.preventDefault();
  }

  override render() {
    if (!this.locale) return nothing;
    const { messages, number, price, config } = this.locale;
    const count = number(this.quantity);
    return html`<div class="offer" part="base">
      <p class="quantity">${messages.tickets(count)}</p>
      <p class="total" id="price">${price(config.unitPrice * this.quantity)}</p>
      <p class="unit">${messages.unitPrice(price(config.unitPrice))}</p>
      <button part="button" class="primary" aria-describedby="price" aria-disabled=${this.disabled ? "true" : "false"} @keydown=${(event: KeyboardEvent) => {
          this.keyDown(event);
        }} @click=${(event: MouseEvent) => {
          this.press(event);
        }}>
        ${messages.buyButton(count)}
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ticket-offer": TicketOffer;
  }
}
