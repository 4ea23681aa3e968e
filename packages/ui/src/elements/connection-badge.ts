import { consume } from "@lit/context";
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ConnectionState } from "../controllers/connection-state.js";
import { CONNECTION_STATES } from "../controllers/connection-state.js";
import type { Locale } from "../i18n/locale.js";
import { localeContext } from "../i18n/locale.js";
import { tokens } from "../styles/shared.styles.js";

/**
 * Shows where the broker connection stands. The inner element has
 * `role="status"`, so screen readers hear every change, and `data-state`
 * with the raw state for tests that must not depend on wording.
 *
 * @csspart badge - The pill with the dot and the text.
 */
@customElement("connection-badge")
export class ConnectionBadge extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: inline-block;
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.375rem 0.875rem 0.375rem 0.75rem;
        border-radius: 999px;
        font-size: 0.875rem;
        font-weight: 650;
        white-space: nowrap;
        border: 1px solid;
      }
      .dot {
        width: 0.625rem;
        height: 0.625rem;
        border-radius: 50%;
        background: currentColor;
        flex: none;
      }
      [data-state="online"] {
        background: var(--_ok-bg);
        color: var(--_ok-ink);
        border-color: var(--_ok-border);
      }
      [data-state="connecting"],
      [data-state="reconnecting"] {
        background: var(--_wait-bg);
        color: var(--_wait-ink);
        border-color: var(--_wait-border);
      }
      [data-state="connecting"] .dot,
      [data-state="reconnecting"] .dot {
        animation: pulse 1.2s ease-in-out infinite;
      }
      [data-state="offline"] {
        background: var(--_error-bg);
        color: var(--_error-ink);
        border-color: var(--_error-border);
      }
      @keyframes pulse {
        50% {
          opacity: 0.25;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .dot {
          animation: none !important;
        }
      }
    `,
  ];

  @consume({ context: localeContext, subscribe: true })
  @state()
  private locale?: Locale;

  /** The connection state to show. */
  @property({ reflect: true }) state: ConnectionState = CONNECTION_STATES.connecting;

  override render() {
    if (!this.locale) return nothing;
    return html`<span part="badge" class="badge" role="status" data-state=${this.state}>
      <span class="dot" aria-hidden="true"></span>${this.locale.messages.connection[this.state]}
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "connection-badge": ConnectionBadge;
  }
}
