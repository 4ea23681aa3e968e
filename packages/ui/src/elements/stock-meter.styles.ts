import { COUNTRIES } from "@repo/contract";
import { css, unsafeCSS } from "lit";

/** The card width, per country, at which every country fits on one row: four of them need 38.25rem. */
const ONE_ROW_COUNTRY_REM = 9.5625;

const oneRowWidth = unsafeCSS(`${COUNTRIES.length * ONE_ROW_COUNTRY_REM}rem`);
const countryCount = unsafeCSS(COUNTRIES.length);

/**
 * - Selling out moves nothing: the "sold out" badge comes beside the bar,
 *   in a row always as tall as the badge. Nor does the consumer falling
 *   silent: the sentence that says so takes the bar's place in that row
 *   (the figures above still say the level), on one line down to a 360 px
 *   phone in every language. The row spaces its items by their margins:
 *   the sentence's status region is there, empty, while it says nothing.
 *   Before the first broadcast the same sentence, in the same amber with
 *   its dot, stands in for the waiting one: an outage looks the same
 *   whenever the page opened.
 * - The sentence shown while waiting for the first broadcast stands in for
 *   the figures: on a phone either may wrap where the other does not, so
 *   both get two lines there, and their arrival moves nothing. Not in a
 *   wider card (a desktop's is 27rem), where the second line was empty.
 * - The meter eases to each new level: broadcasts come about once a second,
 *   so the transition ends before the next (and there is none for a buyer
 *   who asks for reduced motion).
 * - Each country's figure sits under its name rather than beside it: a name
 *   wrapping as the figure grows would move the page below. The countries
 *   share their rows (`subgrid`), so where one name wraps ("Vereinigtes
 *   Königreich") the figures and bars beside it stay level with its own.
 * - Two countries to a row, or all of them on one once each has the room
 *   (`ONE_ROW_COUNTRY_REM`): with four, three to a row left the fourth
 *   alone on the next.
 * - The site's own country has an inner outline rather than a shadow: high
 *   contrast keeps outlines and drops shadows. A tint of the site's colour
 *   fills it too: an outline alone, in a dark accent, passed for the
 *   keyboard's focus ring.
 * - As for the meter (`barStyles`), high contrast would paint the share bars
 *   away: there they are outlined and filled in the text colour.
 */
export const stockMeterStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  p,
  h3,
  ul {
    margin: 0;
  }
  .figures {
    font-size: 1.25rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: -0.01em;
  }
  .bar {
    display: flex;
    align-items: center;
    min-height: calc(1lh + 0.5rem);
    margin-top: 0.5rem;
    font-size: 0.875rem;
  }
  .silent:not(:empty) {
    flex: 1;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    color: var(--_wait-ink-strong);
    font-weight: 650;
  }
  .silent:not(:empty)::before {
    content: "";
    flex: none;
    width: 0.625rem;
    height: 0.625rem;
    border-radius: 50%;
    background: var(--_wait-ink);
  }
  @media (forced-colors: active) {
    .silent:not(:empty)::before {
      forced-color-adjust: none;
      background: CanvasText;
    }
  }
  .badge {
    margin-left: 0.75rem;
    white-space: nowrap;
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    background: #8a1c1c;
    color: #ffffff;
    font-size: 0.875rem;
    font-weight: 750;
    letter-spacing: 0.04em;
    text-transform: uppercase;
  }
  :host([stale]) {
    --_fill: var(--_muted);
  }
  :host([stale]) .figures,
  :host([stale]) .sold {
    color: var(--_muted);
  }
  .track {
    flex: 1;
    height: 0.875rem;
  }
  @media (prefers-reduced-motion: no-preference) {
    .fill {
      transition: width 300ms ease-out;
    }
  }
  .figures.waiting {
    font-weight: 400;
    color: var(--_muted);
  }
  .figures.waiting.silent {
    font-weight: 650;
    color: var(--_wait-ink-strong);
  }
  @container (max-width: 23rem) {
    .figures {
      min-height: 2lh;
    }
  }
  h3 {
    margin-top: 1.25rem;
    font-size: 0.875rem;
    font-weight: 650;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  .countries {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.75rem;
    margin-top: 0.625rem;
    padding: 0;
    list-style: none;
  }
  @container (min-width: ${oneRowWidth}) {
    .countries {
      grid-template-columns: repeat(${countryCount}, minmax(0, 1fr));
    }
  }
  .country {
    display: grid;
    grid-row: span 3;
    grid-template-rows: subgrid;
    align-content: start;
    gap: 0.25rem;
    padding: 0.625rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 10px;
    font-size: 0.9375rem;
  }
  .country.own {
    border-color: var(--_accent);
    outline: 1px solid var(--_accent);
    outline-offset: -2px;
    background: color-mix(in srgb, var(--_accent) 7%, var(--_surface));
  }
  .country .sold {
    font-size: 1.125rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .share {
    height: 0.375rem;
    border-radius: 999px;
    background: #e6e8ee;
    overflow: hidden;
  }
  .share > span {
    display: block;
    height: 100%;
    background: var(--_muted);
  }
  .own .share > span {
    background: var(--_accent);
  }
  @media (forced-colors: active) {
    .share {
      border: 1px solid CanvasText;
    }
    .share > span,
    .own .share > span {
      forced-color-adjust: none;
      background: CanvasText;
    }
  }
`;
