import { consume } from "@lit/context";
import type { PropertyValues } from "lit";
import { html, LitElement, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { ConnectionState, RetryNotice } from "../controllers/connection-state.js";
import { CONNECTION_STATES, retryNotice } from "../controllers/connection-state.js";
import { emit } from "../events.js";
import type { Locale } from "../i18n/locale.js";
import type { Messages } from "../i18n/messages.js";
import { localeContext } from "../i18n/locale.js";
import { buttonStyles, tokens } from "../styles/shared.styles.js";
import { connectionBadgeStyles } from "./connection-badge.styles.js";

/**
 * Shows where the broker connection stands and, while it is down, when the
 * site tries again ("Connection lost · retrying in 8 s"), with a button
 * that tries at once; or, while the browser says it has no network, that
 * the device is offline and the site waits for the network ("Offline ·
 * waiting for the network"), with no
 * button: every press would fail. Only the state is a `role="status"`
 * region, so screen readers hear each change of state, not the countdown
 * ticking every second; the countdown is plain text beside it, there for
 * whoever reads it. The region carries `data-state` with the raw state,
 * for tests that must not depend on wording.
 *
 * @fires tickets-reconnect - The buyer asked to reconnect now.
 * @csspart badge - The pill with the dot, the state and the countdown.
 * @csspart retry - The Retry now button, shown while the connection is down and the browser has a network.
 */
@customElement("connection-badge")
export class ConnectionBadge extends LitElement {
  static override styles = [tokens, buttonStyles, connectionBadgeStyles];

  /** What this update shows of the next attempt. */
  private notice: RetryNotice = { kind: "none" };
  /** Redraws the countdown when its figure changes. */
  private tick: ReturnType<typeof setTimeout> | undefined;
  /** Whether the Retry now button had the focus when the update began. */
  private retryHadFocus = false;

  @query(".badge") private readonly pill!: HTMLElement | null;

  /** The site's language, numbers and dates, from the shop; nothing renders until it comes. */
  @consume({ context: localeContext, subscribe: true })
  @state()
  private locale?: Locale;

  /** The connection state to show. */
  @property({ reflect: true }) state: ConnectionState = CONNECTION_STATES.connecting;

  /** When the next connection attempt starts (epoch milliseconds, `Date.now`); unset while one is under way, or none is needed. */
  @property({ attribute: false }) retryAt: number | undefined;

  /** The browser says it has no network: the badge says it waits for it, with no countdown and no Retry now. */
  @property({ attribute: false }) networkGone = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // A countdown stopped while the badge was out of the page goes on.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.tick);
    this.tick = undefined;
  }

  override willUpdate(): void {
    this.notice = retryNotice(this.state, this.retryAt, Date.now(), this.networkGone);
    this.retryHadFocus = this.shadowRoot?.activeElement?.localName === "button";
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.scheduleTick();
    // Online, the button goes: a keyboard user who pressed it stays on the badge rather than fall to the page's body.
    if (this.retryHadFocus && !this.shadowRoot?.querySelector("button")) this.pill?.focus();
  }

  /** Redraws when the countdown's figure next changes: the badge alone ticks, not the whole shop. */
  private scheduleTick(): void {
    clearTimeout(this.tick);
    this.tick = undefined;
    const { notice } = this;
    if (notice.kind !== "waiting" || !this.isConnected) return;
    this.tick = setTimeout(() => {
      this.tick = undefined;
      this.requestUpdate();
    }, notice.nextChangeInMs);
  }

  private onRetry(): void {
    if (this.retryAt === undefined) return;
    emit(this, "tickets-reconnect", null);
  }

  /**
   * What the status region says: the connection's state, or, while it is
   * down and the browser has no network, that the device is offline, the
   * cause the buyer can act on.
   */
  private stateText(messages: Messages): string {
    return this.notice.kind === "no-network" ? messages.deviceOffline : messages.connection[this.state];
  }

  private renderNotice(locale: Locale, notice: RetryNotice) {
    const { messages, number } = locale;
    if (notice.kind === "none") return nothing;
    const text =
      notice.kind === "waiting" ? messages.reconnect.in(number(notice.seconds)) : notice.kind === "trying" ? messages.reconnect.trying : messages.reconnect.noNetwork;
    return html`<span class="next ${notice.kind}"><span class="separator" aria-hidden="true">· </span>${text}</span>`;
  }

  override render() {
    if (!this.locale) return nothing;
    const { messages } = this.locale;
    const { notice } = this;
    // While an attempt is under way there is nothing to hurry: the button stays, so the focus is not lost, but says so.
    return html`<span part="badge" class="badge" tabindex="-1"
        ><span class="dot" aria-hidden="true"></span><span class="state" role="status" data-state=${this.state}>${this.stateText(messages)}</span
        >${this.renderNotice(this.locale, notice)}</span
      >${notice.kind === "none" || notice.kind === "no-network"
        ? nothing
        : html`<button part="retry" type="button" aria-disabled=${notice.kind === "trying" ? "true" : "false"} @click=${() => {
              this.onRetry();
            }}>
            ${messages.reconnect.now}
          </button>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "connection-badge": ConnectionBadge;
  }
}
