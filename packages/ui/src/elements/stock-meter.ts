import { consume } from "@lit/context";
import type { Country, StockLevel } from "@repo/contract";
import { COUNTRIES, isSoldOut } from "@repo/contract";
import { html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleMap } from "lit/directives/style-map.js";
import type { Locale } from "../i18n/locale.js";
import { localeContext } from "../i18n/locale.js";
import { remainingShare, salesByCountry } from "../inventory/stock.js";
import { barStyles, tokens, visuallyHidden } from "../styles/shared.styles.js";
import { stockMeterStyles } from "./stock-meter.styles.js";

/**
 * The live stock every site shares: a meter of the tickets left out of the
 * total, and what each country has sold, the site's own country outlined.
 * Once nothing can be bought it shows a "sold out" badge and says why in a
 * polite live region that screen readers announce once (the shop shows the
 * same sentence where the buy buttons are). When the consumer falls
 * `silent`, a status region says the box office is not answering: in place
 * of the waiting sentence before the first broadcast, of the bar after.
 *
 * @csspart meter - The bar whose role is `meter`.
 */
@customElement("stock-meter")
export class StockMeter extends LitElement {
  // Last, so that it hides the bar (`.track`, whose height and border it must override) while the sentence stands in for it.
  static override styles = [tokens, barStyles, stockMeterStyles, visuallyHidden];

  /** The site's language, numbers and dates, from the shop; nothing renders until it comes. */
  @consume({ context: localeContext, subscribe: true })
  @state()
  private locale?: Locale;

  /** The latest stock broadcast; undefined until the first arrives. */
  @property({ attribute: false }) level: StockLevel | undefined;

  /** Whether the level may be out of date (not online, or no broadcast for a few seconds): figures and bar are greyed. */
  @property({ type: Boolean, reflect: true }) stale = false;

  /** Whether the connection has gone a few seconds without a broadcast, before the first or since the latest: the meter says the consumer is not answering. */
  @property({ type: Boolean }) silent = false;

  /** The site's own country, outlined in the sales. */
  @property() country: Country | undefined;

  private renderLevel(locale: Locale, level: StockLevel) {
    const { messages, number } = locale;
    const text = messages.stock.level(number(level.remaining), number(level.total));
    const soldOut = isSoldOut(level);
    // Once nothing can be bought, nobody waits on the box office: the badge alone says why.
    const silent = this.silent && !soldOut;
    // The badge sits beside the bar, which is empty by then, in a row that always has room for it: in the figures'
    // line it needed a second line there, kept empty until the sale ended, or else it moved everything below. The
    // sentence that the box office is not answering stands in for the bar, greyed by then, in the same row: under
    // the figures it would move the rush button below as a buyer presses it. The bar is still there for screen
    // readers, who hear the sentence from the status region, there before it speaks.
    return html`<p class="figures">${text}</p>
      <div class="bar">
        <div
          class="track ${silent ? "visually-hidden" : ""}"
          part="meter"
          role="meter"
          aria-label=${messages.stock.meterLabel}
          aria-valuemin="0"
          aria-valuemax=${level.total}
          aria-valuenow=${level.remaining}
          aria-valuetext=${text}
        >
          <div class="fill" style=${styleMap({ width: `${(remainingShare(level) * 100).toFixed(2)}%` })}></div>
        </div>
        <p class="silent" role="status">${silent ? messages.stock.silent : ""}</p>
        ${soldOut ? html`<span class="badge">${messages.stock.soldOut}</span>` : nothing}
      </div>
      <h3 id="sold-heading">${messages.stock.soldHeading}</h3>
      <ul class="countries" aria-labelledby="sold-heading">
        ${salesByCountry(level).map(
          ({ country, sold, share }) =>
            html`<li class="country ${country === this.country ? "own" : ""}" data-country=${country}>
              <span>${locale.countryName(country)}${country === this.country ? html`<span class="visually-hidden"> (${messages.stock.ownCountry})</span>` : nothing}</span>
              <span class="sold">${number(sold)}</span>
              <span class="share" aria-hidden="true"><span style=${styleMap({ width: `${(share * 100).toFixed(1)}%` })}></span></span>
            </li>`,
        )}
      </ul>`;
  }

  /**
   * Until the first broadcast: the sentence that says so, over an empty
   * meter and sales of the same size. The first broadcast then fills them in
   * without moving anything below, such as the rush button a buyer may be
   * pressing at that moment. The shapes alone say nothing to screen readers.
   * Once the connection is `silent`, the sentence says why nothing comes,
   * and screen readers hear it (a status region: the first sentence is
   * already there when the page loads, so only the change is read).
   */
  private renderWaiting(locale: Locale) {
    const { messages } = locale;
    return html`<p class="figures waiting ${this.silent ? "silent" : ""}" role="status">${this.silent ? messages.stock.silent : messages.stock.waiting}</p>
      <div aria-hidden="true">
        <div class="bar"><div class="track"></div></div>
        <h3>${messages.stock.soldHeading}</h3>
        <ul class="countries">
          ${COUNTRIES.map(
            (country) =>
              html`<li class="country ${country === this.country ? "own" : ""}">
                <span>${locale.countryName(country)}</span>
                <span class="sold">–</span>
                <span class="share"></span>
              </li>`,
          )}
        </ul>
      </div>`;
  }

  override render() {
    const { locale, level } = this;
    if (!locale) return nothing;
    const { messages } = locale;
    const soldOut = level !== undefined && isSoldOut(level);
    return html`${level === undefined ? this.renderWaiting(locale) : this.renderLevel(locale, level)}
      <p class="visually-hidden" aria-live="polite" aria-atomic="true">${soldOut ? messages.stock.soldOutHint : ""}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "stock-meter": StockMeter;
  }
}
