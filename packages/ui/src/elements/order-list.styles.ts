import { css } from "lit";

export const orderListStyles = css`
  :host {
    display: block;
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
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr));
    gap: 0.5rem;
    margin: 0 0 1rem;
  }
  .stat {
    padding: 0.5rem 0.75rem;
    border-radius: 10px;
    background: var(--_canvas);
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
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    /* Never taller than the screen (a phone, 200 % zoom), or scrolling would be caught inside it. */
    max-height: min(32rem, 60vh);
    max-height: min(32rem, 60dvh);
    overflow-y: auto;
    border-top: 1px solid var(--_border);
  }
  ol:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  /* Inside the row: the scrolling list would clip a ring drawn outside it down to one line. */
  li:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }
  li {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: 0.375rem 0.875rem;
    padding: 0.75rem 0.25rem;
    border-bottom: 1px solid var(--_border);
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
  }
  .meta {
    display: block;
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .outcome {
    text-align: end;
  }
  .label {
    display: inline-block;
    padding: 0.125rem 0.625rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 650;
  }
  .detail {
    display: block;
    margin-top: 0.125rem;
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  [data-status="queued"] .icon,
  [data-status="pending"] .icon,
  [data-status="sent"] .icon,
  [data-status="queued"] .label,
  [data-status="pending"] .label,
  [data-status="sent"] .label {
    background: #eceef3;
    color: #404756;
  }
  [data-status="sent"] .icon,
  [data-status="sent"] .label {
    background: #e7eefc;
    color: #1d4690;
  }
  [data-status="confirmed"] .icon,
  [data-status="confirmed"] .label {
    background: #e3f4ea;
    color: #0b6b32;
  }
  [data-status="rejected"] .icon,
  [data-status="rejected"] .label {
    background: #fde9e8;
    color: #a1231b;
  }
  [data-status="timed-out"] .icon,
  [data-status="timed-out"] .label,
  [data-status="busy"] .icon,
  [data-status="busy"] .label,
  [data-status="expired"] .icon,
  [data-status="expired"] .label {
    background: #fff1d6;
    color: #7a4b00;
  }
  .retry {
    display: block;
    min-height: 2.25rem;
    margin-top: 0.375rem;
    margin-inline-start: auto;
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
    .outcome {
      grid-column: 2;
      text-align: start;
    }
  }
`;
