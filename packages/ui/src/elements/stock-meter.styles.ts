import { css } from "lit";

/**
 * - The sentence shown while waiting for the first broadcast is the size of
 *   the figures it stands in for, so their arrival moves nothing; on a
 *   phone either may wrap where the other does not, so both get two lines.
 * - Each country's figure sits under its name rather than beside it: a name
 *   wrapping as the figure grows would move the page below.
 * - The site's own country has an inner outline rather than a shadow: high
 *   contrast keeps outlines and drops shadows.
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
  .level {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  .figures {
    font-size: 1.25rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: -0.01em;
  }
  .badge {
    margin-inline-start: 0.5rem;
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
    height: 0.875rem;
    margin-top: 0.75rem;
  }
  .figures.waiting {
    font-weight: 400;
    color: var(--_muted);
  }
  @container (max-width: 28rem) {
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
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0.75rem;
    margin-top: 0.625rem;
    padding: 0;
    list-style: none;
  }
  .country {
    display: grid;
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
