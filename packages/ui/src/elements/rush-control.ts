import { consume } from "@lit/context";
import type { TemplateResult } from "lit";
import { html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleMap } from "lit/directives/style-map.js";
import { emit } from "../events.js";
import type { Locale } from "../i18n/locale.js";
import { localeContext } from "../i18n/locale.js";
import type { RushProgress } from "../orders/rush.js";
import { DEFAULT_RUSH_SIZE, RUSH_QUANTITY, RUSH_STATUSES, rushEndedEarly, rushScope, rushUnconfirmed } from "../orders/rush.js";
import { barStyles, buttonStyles, hintStyles, tokens } from "../styles/shared.styles.js";
import { rushControlStyles } from "./rush-control.styles.js";

/** The outcomes the bar of answered orders is split into, in its order. */
const OUTCOMES = ["confirmed", "rejected", "unconfirmed"] as const;

/** `value` of `total` as a width in percent. */
function widthOf(value: number, total: number) {
  return styleMap({ width: `${total > 0 ? (100 * Math.min(value, total)) / total : 0}%` });
}

/**
 * Starts and stops a rush, and shows its progress: how many orders the
 * broker accepted and how many the consumer has answered. The gap between
 * the two bars is the queue people watch in the management UI.
 *
 * A rush that ended before placing every order (stopped, interrupted,
 * busy) counts its bars against the orders it placed, and says how many
 * of the total those were: the others are not on their way.
 *
 * The bar of answered orders is split into confirmed, rejected and
 * unconfirmed, each with its colour, keyed in the line under it: a solid
 * green "100 / 100" told of success where 97 were rejected sold out.
 * The bars move with each receipt and answer, many times a second, so they
 * do not ease: a transition restarted at every update left them far behind
 * their figures.
 *
 * @fires tickets-rush-start - The buyer started a rush; `detail.count` orders.
 * @fires tickets-rush-stop - The buyer stopped the running rush.
 * @csspart progress - The progress block, present once a rush has started.
 */
@customElement("rush-control")
export class RushControl extends LitElement {
  static override styles = [tokens, buttonStyles, barStyles, hintStyles, rushControlStyles];

  /** The site's language, numbers and dates, from the shop; nothing renders until it comes. */
  @consume({ context: localeContext, subscribe: true })
  @state()
  private locale?: Locale;

  /** The current or last rush; nothing is shown before the first. */
  @property({ attribute: false }) progress: RushProgress | undefined;

  /** Whether starting a rush is impossible right now: the site is not online, or the live stock cannot cover even one of its orders. */
  @property({ type: Boolean }) disabled = false;

  /** Why a rush cannot start, shown under the buttons and describing the start button; none when there is nothing to say. */
  @property({ attribute: false }) hint: string | undefined;

  /** Orders a rush sends. */
  @property({ type: Number }) count = DEFAULT_RUSH_SIZE;

  private get running(): boolean {
    return this.progress?.status === RUSH_STATUSES.running;
  }

  private start(): void {
    if (this.disabled || this.running) return;
    emit(this, "tickets-rush-start", { count: this.count });
  }

  private stop(): void {
    if (!this.running) return;
    emit(this, "tickets-rush-stop", null);
  }

  /** A progress bar of `value` out of `total`; `bar` draws its inside. */
  private renderMeter(locale: Locale, id: string, label: string, value: number, total: number, bar: TemplateResult) {
    const { number } = locale;
    return html`<div class="meter ${id}">
      <span id="${id}-label">${label}</span>
      <span class="count">${number(value)} / ${number(total)}</span>
      <div
        class="track"
        role="progressbar"
        aria-labelledby="${id}-label"
        aria-valuemin="0"
        aria-valuemax=${total}
        aria-valuenow=${Math.min(value, total)}
      >
        ${bar}
      </div>
    </div>`;
  }

  /** The answered orders, one segment per outcome; none for an outcome with no order, whose parting line would still show. */
  private renderOutcomes(counts: Record<(typeof OUTCOMES)[number], number>, total: number) {
    return html`<div class="segments">
      ${OUTCOMES.map((outcome) => (counts[outcome] > 0 ? html`<div class="segment ${outcome}" style=${widthOf(counts[outcome], total)}></div>` : nothing))}
    </div>`;
  }

  override render() {
    if (!this.locale) return nothing;
    const { messages, number, count } = this.locale;
    const rush = this.progress;
    const running = this.running;
    const unconfirmed = rush ? rushUnconfirmed(rush) : 0;
    const scope = rush ? rushScope(rush) : 0;
    return html`
      <p class="description">${messages.rushDescription(messages.tickets(number(RUSH_QUANTITY)))}</p>
      <div class="actions">
        <button class="primary" aria-disabled=${this.disabled || running ? "true" : "false"} aria-describedby=${this.hint ? "rush-hint" : nothing} @click=${() => {
            this.start();
          }}>
          ${messages.rushStart(number(this.count))}
        </button>
        <button class="secondary" aria-disabled=${running ? "false" : "true"} @click=${() => {
            this.stop();
          }}>${messages.rushStop}</button>
      </div>
      ${this.hint ? html`<p class="hint" id="rush-hint">${this.hint}</p>` : nothing}
      ${rush
        ? html`<div class="progress" part="progress" data-status=${rush.status}>
            ${this.renderMeter(this.locale, "accepted", messages.rushAccepted, rush.accepted, scope, html`<div class="fill" style=${widthOf(rush.accepted, scope)}></div>`)}
            ${this.renderMeter(this.locale, "answered", messages.rushAnswered, rush.confirmed + rush.rejected + unconfirmed, scope, this.renderOutcomes({ confirmed: rush.confirmed, rejected: rush.rejected, unconfirmed }, scope))}
            <p class="status">
              ${messages.rushStatus[rush.status]} ·
              ${rushEndedEarly(rush) ? html`<span class="placed">${messages.rushPlaced(count(rush.published), count(rush.total))}</span> ·` : nothing}
              <span class="tally"><span class="key confirmed" aria-hidden="true"></span>${messages.stats.confirmed} ${number(rush.confirmed)}</span> ·
              <span class="tally"><span class="key rejected" aria-hidden="true"></span>${messages.stats.rejected} ${number(rush.rejected)}</span> ·
              <span class="tally"><span class="key unconfirmed" aria-hidden="true"></span>${messages.stats.timedOut} ${number(unconfirmed)}</span>
            </p>
          </div>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "rush-control": RushControl;
  }
}
