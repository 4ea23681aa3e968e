import { css } from "lit";

/**
 * - The broker-error strip leads with the site's own sentence; the
 *   broker's words follow, smaller and lighter, for an operator, and wrap
 *   anywhere: they may hold a long unbroken name.
 * - The buy card comes first and the orders beside it (below it on a
 *   phone): buying and watching an order go from sending to confirmed is
 *   what the page is for, so it starts above the fold on a laptop screen.
 * - Below 56rem the cards stack in one column in the page's own order, so
 *   that the Tab order follows what is on screen.
 * - The two offers stay side by side down to a phone's width (each offer
 *   turns compact in a narrow box): one above the other, they filled a
 *   phone's screen and pushed the orders below the fold, so a buy seemed
 *   to do nothing. Only on the narrowest screens do they stack.
 * - Below 30rem the connection badge always takes a row of its own:
 *   "Connecting…" does not fit beside the brand where "Online" does, so a
 *   badge that wrapped only sometimes moved the whole page on every
 *   reconnect. There too the buy card's hints keep two lines: the sold-out
 *   sentence is longer than the low-stock one it replaces.
 * - While the connection is down the header stays on screen: its badge
 *   says so and holds Retry now, which on a phone was a long scroll away
 *   from the hints under the offers and the rush that point to it. Online,
 *   it scrolls away with the page, leaving the room to the orders; on a
 *   short screen (a phone held sideways, a page zoomed a lot) it always
 *   does, as it would take most of it. On a phone, where the badge has a
 *   row of its own, only that row sticks: the flag and the brand above it
 *   scroll away, and the header keeps a fifth of a 320 px phone's screen
 *   at most rather than nearly a third. While it sticks, the page leaves room for
 *   what shows of it when it scrolls to what takes the focus (TicketShop).
 * - On a short screen (under 30rem: a laptop zoomed to 200 %, 640×400) the
 *   header, the hero and the cards are tighter, and the hero drops its
 *   "on sale now" pill (not "sold out"), so that the buy buttons show as
 *   the page opens; they sat below the fold there. The pill only repeats
 *   what the enabled buttons say; the sold-out one is news, and stays.
 */
export const ticketShopStyles = css`
  :host {
    display: block;
  }
  .page {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
    min-height: 100dvh;
    background: var(--_canvas);
    line-height: 1.4;
  }
  .bar,
  main,
  footer {
    box-sizing: border-box;
    width: min(72rem, 100%);
    margin-inline: auto;
    padding-inline: clamp(1rem, 3vw, 1.5rem);
  }
  .masthead {
    /* What stands above the badge's own row on a phone, where it scrolls away while the rest of the header sticks. */
    --_flag-height: 6px;
    --_bar-padding-block: 0.875rem;
    --_brand-height: 2.5rem;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  @media (min-height: 32rem) {
    .masthead.down {
      position: sticky;
      top: 0;
      z-index: 1;
    }
  }
  .masthead::before {
    content: "";
    display: block;
    height: var(--_flag-height);
    background: var(--tickets-flag, var(--_accent));
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem 1rem;
    padding-block: var(--_bar-padding-block);
  }
  .broker-error:not(:empty) {
    background: var(--_error-bg);
    border-top: 1px solid var(--_error-border);
  }
  .broker-error .bar {
    display: block;
    margin-block: 0;
    padding-block: 0.625rem;
    color: var(--_error-ink-strong);
    font-size: 0.9375rem;
  }
  .broker-error .broker-words {
    padding-block-start: 0;
    color: var(--_error-ink);
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin: 0;
    font-size: 1.125rem;
    font-weight: 750;
  }
  .code {
    display: grid;
    place-items: center;
    width: var(--_brand-height);
    height: var(--_brand-height);
    border-radius: 10px;
    background: var(--_accent);
    color: #ffffff;
    font-size: 0.875rem;
    letter-spacing: 0.06em;
  }
  .site-name {
    padding-left: 0.75rem;
    border-left: 1px solid var(--_border);
    color: var(--_muted);
    font-weight: 500;
  }
  main {
    flex: 1;
    display: grid;
    align-content: start;
    gap: 1.5rem;
    padding-block: 1.5rem 2.5rem;
  }
  .hero {
    position: relative;
    overflow: hidden;
    padding: clamp(1.5rem, 5vw, 3rem) clamp(1.25rem, 5vw, 3rem) calc(clamp(1.5rem, 5vw, 3rem) + 8px);
    border-radius: calc(var(--_radius) + 6px);
    color: #ffffff;
    background:
      radial-gradient(circle at 90% 0%, color-mix(in srgb, var(--_highlight) 40%, transparent), transparent 55%),
      linear-gradient(135deg, var(--_accent), color-mix(in srgb, var(--_accent) 55%, black));
  }
  .hero::after {
    content: "";
    position: absolute;
    inset: auto 0 0;
    height: 8px;
    background: var(--tickets-flag, var(--_highlight));
  }
  .hero p {
    margin: 0;
  }
  .hero .eyebrow {
    display: inline-block;
    margin-bottom: 0.875rem;
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    background: rgb(255 255 255 / 16%);
    font-size: 0.8125rem;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }
  h1 {
    margin: 0;
    max-width: 20ch;
    font-size: clamp(2rem, 6vw, 3.5rem);
    line-height: 1.05;
    letter-spacing: -0.02em;
  }
  .hero .when {
    margin-top: 0.875rem;
    font-size: 1.0625rem;
  }
  .when::first-letter {
    text-transform: uppercase;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 4fr) minmax(0, 5fr);
    grid-template-areas:
      "buy orders"
      "stock orders"
      "rush orders";
    grid-template-rows: auto auto 1fr;
    align-items: start;
    gap: 1.5rem;
  }
  .stock {
    grid-area: stock;
  }
  .buy {
    grid-area: buy;
  }
  .rush {
    grid-area: rush;
  }
  .orders {
    grid-area: orders;
  }
  .card {
    padding: 1.25rem clamp(1rem, 3vw, 1.5rem) 1.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow:
      0 1px 2px rgb(16 24 40 / 6%),
      0 12px 24px -16px rgb(16 24 40 / 18%);
  }
  h2 {
    margin: 0 0 1rem;
    font-size: 1.25rem;
    letter-spacing: -0.01em;
  }
  .offers {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 8.5rem), 1fr));
    gap: 0.75rem;
  }
  .hint.sold-out {
    background: var(--_error-bg);
    color: var(--_error-ink-strong);
  }
  footer {
    padding-block: 1.25rem 2rem;
    border-top: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }
  @media (max-width: 30rem) {
    connection-badge {
      flex-basis: 100%;
    }
    .masthead.down {
      /* The gap between the rows stays, as the badge's room from the screen's edge. */
      top: calc(-1 * (var(--_flag-height) + var(--_bar-padding-block) + var(--_brand-height)));
    }
    .buy .hint {
      min-height: 2lh;
    }
  }
  @media (max-width: 56rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas:
        "buy"
        "orders"
        "stock"
        "rush";
      grid-template-rows: none;
    }
  }
  @media (max-height: 30rem) {
    .bar {
      padding-block: 0.5rem;
    }
    .card {
      padding-block-start: 1rem;
    }
    h2 {
      margin-bottom: 0.75rem;
    }
    main {
      gap: 0.75rem;
      padding-block-start: 0.75rem;
    }
    .hero {
      padding: 1rem 1.25rem calc(1rem + 8px);
    }
    .hero .eyebrow {
      margin-bottom: 0.5rem;
    }
    .hero .eyebrow:not(.sold-out) {
      display: none;
    }
    h1 {
      max-width: none;
      font-size: 1.75rem;
    }
    .hero .when {
      margin-top: 0.375rem;
      font-size: 1rem;
    }
  }
`;
