import { css } from "lit";

// Why a rule is as it is goes in the doc comment above its `css` block, not in the CSS: the sites ship these
// template literals as they are, comments included, to every buyer.

/**
 * Design tokens every element falls back to. `<ticket-shop>` sets the
 * site's own `--tickets-accent`, `--tickets-highlight` and `--tickets-flag`;
 * the rest are shared by all sites.
 *
 * Status colours, the same for every site: a pale ground (`-bg`), the text
 * on it (`-ink`, at least 4.5:1 on its ground; `-ink-strong` for sentences
 * rather than short labels) and a border. `ok`: online, confirmed; `wait`:
 * connecting, unconfirmed, busy, not sent, hints; `error`: offline,
 * rejected, the broker's refusal, sold out; `info`: accepted; `neutral`:
 * queued, sending.
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
    --_ok-bg: #e3f4ea;
    --_ok-ink: #0b6b32;
    --_ok-border: #b5dfc5;
    --_wait-bg: #fff4dc;
    --_wait-ink: #7a4b00;
    --_wait-ink-strong: #5c3900;
    --_wait-border: #f0d49a;
    --_error-bg: #fde9e8;
    --_error-ink: #a1231b;
    --_error-ink-strong: #6b1414;
    --_error-border: #f3c2be;
    --_info-bg: #e7eefc;
    --_info-ink: #1d4690;
    --_neutral-bg: #eceef3;
    --_neutral-ink: #404756;
    color: var(--_ink);
    font-family: var(--tickets-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  }
`;

/**
 * Buttons: `primary` on the accent colour, `secondary` outlined in it.
 *
 * - Unavailable buttons are `aria-disabled`, not `disabled`: a disabled
 *   button drops the keyboard focus of whoever just pressed it (a rush that
 *   starts, an offer the stock stops covering), and screen readers skip it.
 * - High contrast (`forced-colors`) paints every button in the same system
 *   colours, grey ones included: an unavailable button is given `GrayText`
 *   so that it still looks unavailable.
 */
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
 * Elements set the track's height and spacing, and may colour the fill with
 * `--_fill`.
 *
 * - The fill is the `info` blue, not the site's accent: on the sites whose
 *   accent is red, a red stock or "accepted" bar read as an error.
 * - No width transition here: a bar updated many times a second (a rush)
 *   never caught up with its own figure, restarting its transition at
 *   every update. An element whose bar moves rarely may ease it itself.
 * - High contrast (`forced-colors`) would paint both track and fill in the
 *   page's background, which would leave no bar at all: there the track is
 *   outlined and the fill takes the text colour.
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
    background: var(--_fill, var(--_info-ink));
  }
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
    background: var(--_wait-bg);
    color: var(--_wait-ink-strong);
    font-size: 0.9375rem;
  }
`;
