import { css } from "lit";

/**
 * Design tokens every element falls back to. `<ticket-shop>` sets the
 * site's own `--tickets-accent`, `--tickets-highlight` and `--tickets-flag`;
 * the rest are shared by all sites.
 */
export const tokens = css`
  :host {
    --_accent: var(--tickets-accent, #1d3b8b);
    --_highlight: var(--tickets-highlight, #c8102e);
    --_ink: var(--tickets-ink, #161a23);
    --_muted: var(--tickets-muted, #4d5566);
    --_surface: var(--tickets-surface, #ffffff);
    --_canvas: var(--tickets-canvas, #f3f4f7);
    --_border: var(--tickets-border, #dde1e8);
    --_radius: var(--tickets-radius, 14px);
    --_focus: var(--tickets-focus, #161a23);
    color: var(--_ink);
    font-family: var(--tickets-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  }
`;

export const buttonStyles = css`
  button {
    font: inherit;
    font-weight: 650;
    min-height: 2.75rem;
    padding: 0.625rem 1.125rem;
    border-radius: 10px;
    border: 2px solid transparent;
    cursor: pointer;
    transition:
      background-color 120ms ease,
      transform 80ms ease;
  }
  button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 3px;
  }
  button:active:not([aria-disabled="true"]) {
    transform: translateY(1px);
  }
  button.primary {
    background: var(--_accent);
    color: #ffffff;
  }
  button.primary:hover:not([aria-disabled="true"]) {
    background: color-mix(in srgb, var(--_accent) 82%, black);
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_accent);
    border-color: currentColor;
  }
  button.secondary:hover:not([aria-disabled="true"]) {
    background: color-mix(in srgb, var(--_accent) 8%, white);
  }
  /* Unavailable buttons are aria-disabled, not disabled: a disabled button
     drops the keyboard focus of whoever just pressed it (a rush that starts,
     an offer the stock stops covering), and screen readers skip it. */
  button[aria-disabled="true"] {
    background: #e6e8ee;
    color: #596072;
    border-color: transparent;
    cursor: not-allowed;
  }
  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
  }
  /* High contrast paints every button in the same system colours, grey ones
     included: an unavailable button must still look unavailable. */
  @media (forced-colors: active) {
    button[aria-disabled="true"] {
      color: GrayText;
      border-color: GrayText;
    }
  }
`;

export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

/**
 * A horizontal bar: `.track` with a `.fill` whose inline width is the share.
 * Elements set the track's height and spacing, may pace the fill, and may
 * colour it with `--_fill`.
 */
export const barStyles = css`
  .track {
    border-radius: 999px;
    background: #e6e8ee;
    overflow: hidden;
  }
  .fill {
    height: 100%;
    border-radius: inherit;
    background: var(--_fill, var(--_accent));
    transition: width 300ms ease-out;
  }
  @media (prefers-reduced-motion: reduce) {
    .fill {
      transition: none;
    }
  }
  /* High contrast paints both track and fill in the page's background, which
     would leave no bar at all: an outlined track, filled in the text colour. */
  @media (forced-colors: active) {
    .track {
      border: 1px solid CanvasText;
    }
    .fill {
      forced-color-adjust: none;
      background: CanvasText;
    }
  }
`;

/** A short note under a card's controls, on a pale amber ground: why something waits or is unavailable. */
export const hintStyles = css`
  .hint {
    margin: 1rem 0 0;
    padding: 0.75rem 1rem;
    border-radius: 10px;
    background: #fff4dc;
    color: #5c3900;
    font-size: 0.9375rem;
  }
`;
