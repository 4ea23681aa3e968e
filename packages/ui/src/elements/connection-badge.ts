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
        background: #eef0f4;
        color: #3a4150;
        border: 1px solid #d4d8e1;
      }
      .dot {
        width: 0.625rem;
        height: 0.625rem;
        border-radius: 50%;
        background: currentColor;
        flex: none;
      }
      [data-state="online"] {
        background: #e3f4ea;
        color: #0b6b32;
        border-color: #b5dfc5;
      }
      [data-state="connecting"],
      [data-state="reconnecting"] {
        background: #fff4dc;
        color: #7a4b00;
        border-color: #f0d49a;
      }
      [data-state="connecting"] .dot,
      [data-state="reconnecting"] .dot {
        animation: pulse 1.2s ease-in-out infinite;
      }
      [data-state="offline"] {
        background: #fde9e8;
        color: #a1231b;
        border-color: #f3c2be;
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
