import { css } from "lit";

/** The connection badge: a pill in the state's colours, the countdown beside it, and Retry now. */
export const connectionBadgeStyles = css`
  :host {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  /*
   * A pill on one line; on a narrow screen the countdown goes to a second
   * line (below) rather than push the page sideways ("Connexion perdue ·
   * nouvel essai dans 15 s" is wider than a 320 px phone leaves it). The
   * radius rounds one line fully and leaves two lines a rounded box.
   */
  .badge {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.125rem 0.5rem;
    padding: 0.375rem 0.875rem 0.375rem 0.75rem;
    border-radius: 1.125rem;
    font-size: 0.875rem;
    font-weight: 650;
    border: 1px solid;
  }
  .state,
  .next {
    white-space: nowrap;
  }
  .badge:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 3px;
  }
  .dot {
    width: 0.625rem;
    height: 0.625rem;
    border-radius: 50%;
    background: currentColor;
    flex: none;
  }
  .next {
    font-weight: 500;
    font-variant-numeric: tabular-nums;
  }
  :host([state="online"]) .badge {
    background: var(--_ok-bg);
    color: var(--_ok-ink);
    border-color: var(--_ok-border);
  }
  :host([state="connecting"]) .badge,
  :host([state="reconnecting"]) .badge {
    background: var(--_wait-bg);
    color: var(--_wait-ink);
    border-color: var(--_wait-border);
  }
  :host([state="connecting"]) .dot,
  :host([state="reconnecting"]) .dot,
  .badge:has(.trying) .dot {
    animation: pulse 1.2s ease-in-out infinite;
  }
  /*
   * "Offline · waiting for the network" alike, whatever the connection's
   * state: nothing is under way to pulse for. (:host to outweigh the
   * reconnecting state's colours, which come first.)
   */
  :host([state="offline"]) .badge,
  :host .badge:has(.no-network) {
    background: var(--_error-bg);
    color: var(--_error-ink);
    border-color: var(--_error-border);
  }
  :host .badge:has(.no-network) .dot {
    animation: none;
  }
  button {
    min-height: 2.25rem;
    padding: 0.25rem 0.875rem;
    font-size: 0.875rem;
    background: var(--_surface);
    color: var(--_accent);
    border-color: currentColor;
  }
  button:hover:not([aria-disabled="true"]) {
    background: color-mix(in srgb, var(--_accent) 8%, white);
  }
  @media (max-width: 30rem) {
    /*
     * The countdown under the state's text, the pill only as wide as the
     * longer of the two; Retry now beside it, its words on two lines if
     * they must ("Réessayer maintenant"), so a dropped connection grows
     * the header by a line's height rather than a row of its own. Only
     * where even its longest word does not fit beside the pill does it
     * take the next row: a 360 px phone has room for German's
     * ("Verbindung verloren" beside "verbinden") by a few pixels.
     */
    button {
      flex: 1 0 0;
      min-width: min-content;
      max-width: max-content;
      padding-inline: 0.625rem;
      line-height: 1.2;
    }
    .badge {
      display: inline-grid;
      grid-template-columns: auto auto;
    }
    .next {
      grid-column: 2;
    }
    .separator {
      display: none;
    }
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
`;
