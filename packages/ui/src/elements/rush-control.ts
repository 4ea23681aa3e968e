import { consume } from "@lit/context";
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleMap } from "lit/directives/style-map.js";
import { emit } from "../events.js";
import type { Locale } from "../i18n/locale.js";
import { localeContext } from "../i18n/locale.js";
import type { RushProgress } from "../orders/rush.js";
import { DEFAULT_RUSH_SIZE, RUSH_STATUSES, rushUnconfirmed } from "../orders/rush.js";
import { barStyles, buttonStyles, hintStyles, tokens } from "../styles/shared.styles.js";

/**
 * Starts and stops a rush, and shows its progress: how many orders the
 * broker accepted and how many the consumer has answered. The gap between
 * the two bars is the queue people watch in the management UI.
 *
 * @fires tickets-rush-start - The buyer started a rush; `detail.count` orders.
 * @fires tickets-rush-stop - The buyer stopped the running rush.
 * @csspart progress - The progress block, present once a rush has started.
 */
@customElement("rush-control")
export class RushControl extends LitElement {
  static override styles = [
    tokens,
    buttonStyles,
    barStyles,
    hintStyles,
    // A rush moves its bars many times a second: a quick, even step (150 ms, linear) keeps up.
    css`
      :host {
        display: block;
      }
      p {
        margin: 0;
      }
      .description {
        color: var(--_muted);
        line-height: 1.5;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-top: 1rem;
      }
      .progress {
        display: grid;
        gap: 0.75rem;
        margin-top: 1.25rem;
      }
      .meter {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.375rem 0.75rem;
        font-size: 0.875rem;
      }
      .count {
        font-variant-numeric: tabular-nums;
        color: var(--_muted);
      }
      .track {
        grid-column: 1 / -1;
        height: 0.625rem;
      }
      @media (prefers-reduced-motion: no-preference) {
        .fill {
          transition: width 150ms linear;
        }
      }
      .answered {
        --_fill: #1a7f45;
      }
      .status {
        font-size: 0.875rem;
        font-weight: 650;
      }
    `,
  ];

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

  private renderMeter(locale: Locale, id: string, label: string, value: number, total: number) {
    const { number } = locale;
    const width = total > 0 ? (100 * Math.min(value, total)) / total : 0;
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
        <div class="fill" style=${styleMap({ width: `${width}%` })}></div>
      </div>
    </div>`;
  }

  override render() {
    if (!this.locale) return nothing;
    const { messages, number } = this.locale;
    const rush = this.progress;
    const running = this.running;
    return html`
      <p class="description">${messages.rushDescription}</p>
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
            ${this.renderMeter(this.locale, "accepted", messages.rushAccepted, rush.accepted, rush.total)}
            ${this.renderMeter(this.locale, "answered", messages.rushAnswered, rush.confirmed + rush.rejected + rushUnconfirmed(rush), rush.total)}
            <p class="status">
              ${messages.rushStatus[rush.status]} · ${messages.stats.confirmed} ${number(rush.confirmed)} ·
              ${messages.stats.rejected} ${number(rush.rejected)} · ${messages.stats.timedOut} ${number(rushUnconfirmed(rush))}
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
