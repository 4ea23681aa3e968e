import { css, unsafeCSS } from "lit";

/** The narrowest a stat's tile gets, and the gap between tiles, in rem. */
const STAT_MIN_REM = 7.5;
const STAT_GAP_REM = 0.5;

const statMin = unsafeCSS(`${String(STAT_MIN_REM)}rem`);
const statGap = unsafeCSS(`${String(STAT_GAP_REM)}rem`);
/** The smallest width at which the stats sit four to a row. */
const fourStatColumns = unsafeCSS(`${String(4 * STAT_MIN_REM + 3 * STAT_GAP_REM)}rem`);

/**
 * - The stats come after the list: the buyer's orders first, to the eye and
 *   to screen readers (a dozen figures were read before the first order),
 *   and the first order's row right under the heading (on a phone the stats
 *   above it pushed it, and the page that scrolled to it, some 230 px
 *   further down).
 * - The answer times' tiles ("Half answered within", "95% answered
 *   within": "Median" alone did not say of what) take two columns each
 *   where the counts sit four to a row: their labels then keep to one line.
 *   On a phone they wrap, in tiles there from the first order, so no answer
 *   moves anything.
 * - The list is never taller than the screen (a phone, 200 % zoom), or
 *   scrolling would be caught inside it. Where more rows lie above or
 *   below, a shadow at that edge says so: a row cut off mid-text by the
 *   card's edge did not read as a list that scrolls. (Covers of the card's
 *   colour scroll with the rows and hide each shadow once its end is
 *   reached; the rows themselves have no background of their own.)
 * - A focused row's ring is drawn inside the row: the scrolling list would
 *   clip one drawn outside it down to one line.
 * - An order's icon and label take its status's colours; queued and sending
 *   ones keep the neutral colours every row starts with.
 * - A row's detail (the answer's time, a reason, what to do about an
 *   unconfirmed order) has a line of its own under the quantity and the
 *   status, across both: sharing their line, a long one took the row's
 *   width and broke "10 tickets" and its time over two lines. These two
 *   never wrap; the Try again button goes under the detail, at the end.
 * - A row scrolled into view as it is placed (`reveal`) brings a little of
 *   the page under it too: the line its answer adds then shows as well.
 * - A row flashed (`flash`) starts from a tint of the site's colour.
 */
export const orderListStyles = css`
  :host {
    --_flash: color-mix(in srgb, var(--_accent) 18%, transparent);
    display: block;
    container-type: inline-size;
  }
  p {
    margin: 0;
  }
  .empty {
    padding: 2rem 1rem;
    text-align: center;
    color: var(--_muted);
    border: 1px dashed var(--_border);
    border-radius: calc(var(--_radius) - 4px);
  }
  .elsewhere {
    margin-bottom: 1rem;
    padding: 0.625rem 0.875rem;
    border-radius: calc(var(--_radius) - 4px);
    background: var(--_info-bg);
    color: var(--_info-ink);
    font-size: 0.9375rem;
  }
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(${statMin}, 1fr));
    gap: ${statGap};
    margin: 1rem 0 0;
  }
  .stat {
    padding: 0.5rem 0.75rem;
    border-radius: 10px;
    background: var(--_canvas);
  }
  @container (min-width: ${fourStatColumns}) {
    .stat.time {
      grid-column: span 2;
    }
  }
  .stat dt {
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .stat dd {
    margin: 0;
    font-size: 1.125rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  /* Positioned, so that the rows' visually hidden texts (absolutely placed) scroll inside the list: placed by the
     page instead, a rush's hundred of them stretched it by thousands of empty pixels. */
  ol {
    position: relative;
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: min(32rem, 60vh);
    max-height: min(32rem, 60dvh);
    overflow-y: auto;
    border-top: 1px solid var(--_border);
    background:
      linear-gradient(var(--_surface) 30%, transparent) center top / 100% 2.5rem no-repeat local,
      linear-gradient(transparent, var(--_surface) 70%) center bottom / 100% 2.5rem no-repeat local,
      radial-gradient(farthest-side at 50% 0, rgb(22 26 35 / 18%), transparent) center top / 100% 0.75rem no-repeat scroll,
      radial-gradient(farthest-side at 50% 100%, rgb(22 26 35 / 18%), transparent) center bottom / 100% 0.75rem no-repeat scroll;
  }
  ol:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  li:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }
  li {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: 0.25rem 0.875rem;
    padding: 0.75rem 0.25rem;
    border-bottom: 1px solid var(--_border);
    scroll-margin-block-end: 2rem;
  }
  .icon,
  .label {
    background: var(--_neutral-bg);
    color: var(--_neutral-ink);
  }
  .icon {
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    font-weight: 800;
    font-size: 0.9375rem;
  }
  .what strong {
    font-weight: 650;
    white-space: nowrap;
  }
  .meta {
    display: block;
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  /* An order from another day shows its date too: the id then goes under the time rather than past the card. */
  .meta > span {
    white-space: nowrap;
  }
  /* Square-cornered, so that it is not taken for a second status pill; beside the quantity, where the line has room
     on the narrowest phone (in the time's line it pushed the id onto a line of its own). */
  .what .rush {
    margin-inline-start: 0.375rem;
    padding: 0 0.375rem;
    border: 1px solid currentColor;
    border-radius: 3px;
    color: var(--_muted);
    font-size: 0.75rem;
    font-weight: 650;
    white-space: nowrap;
  }
  .label {
    justify-self: end;
    white-space: nowrap;
    padding: 0.125rem 0.625rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 650;
  }
  .detail {
    grid-column: 2 / -1;
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  [data-status="accepted"] .icon,
  [data-status="accepted"] .label {
    background: var(--_info-bg);
    color: var(--_info-ink);
  }
  [data-status="confirmed"] .icon,
  [data-status="confirmed"] .label {
    background: var(--_ok-bg);
    color: var(--_ok-ink);
  }
  [data-status="rejected"] .icon,
  [data-status="rejected"] .label {
    background: var(--_error-bg);
    color: var(--_error-ink);
  }
  [data-status="timed-out"] .icon,
  [data-status="timed-out"] .label,
  [data-status="busy"] .icon,
  [data-status="busy"] .label,
  [data-status="expired"] .icon,
  [data-status="expired"] .label {
    background: var(--_wait-bg);
    color: var(--_wait-ink);
  }
  .retry {
    grid-column: -2;
    justify-self: end;
    margin-top: 0.125rem;
    padding: 0.25rem 0.875rem;
    font-size: 0.875rem;
  }
  .spinner {
    width: 0.875rem;
    height: 0.875rem;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  @media (max-width: 30rem) {
    li {
      grid-template-columns: auto 1fr;
    }
    .label,
    .detail,
    .retry {
      grid-column: 2;
      justify-self: start;
    }
  }
`;
