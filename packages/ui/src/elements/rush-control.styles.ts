import { css } from "lit";

/**
 * The rush card: its buttons, the two progress bars and the key to the
 * outcomes' colours. Those colours are graphics, so at least 3:1 on the
 * track and the card: a dark green, a lighter red (nearly 2:1 between
 * them, for eyes that do not tell red from green) and a hatched amber, so
 * that they differ in lightness and pattern, not only in hue; a line of the
 * card's colour parts the segments. In high contrast all are outlined and
 * differ by fill: solid, hatched, empty.
 */
export const rushControlStyles = css`
  :host {
    display: block;
  }
  p {
    margin: 0;
  }
  .description {
    color: var(--_muted);
    line-height: 1.5;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 1rem;
  }
  .progress {
    display: grid;
    gap: 0.75rem;
    margin-top: 1.25rem;
  }
  .meter {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.375rem 0.75rem;
    font-size: 0.875rem;
  }
  .count {
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .track {
    grid-column: 1 / -1;
    height: 0.625rem;
  }
  .segments {
    display: flex;
    height: 100%;
  }
  .segment {
    box-sizing: border-box;
    height: 100%;
  }
  .segment + .segment {
    border-inline-start: 2px solid var(--_surface);
  }
  .confirmed {
    --_segment: #095c2b;
  }
  .rejected {
    --_segment: #e0443a;
  }
  .unconfirmed {
    --_segment: repeating-linear-gradient(-45deg, #8a4d00 0 3px, #b86e00 3px 6px);
  }
  .segment,
  .key {
    background: var(--_segment);
  }
  .status {
    font-size: 0.875rem;
    font-weight: 650;
  }
  .tally,
  .placed {
    white-space: nowrap;
  }
  .key {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    margin-inline-end: 0.3rem;
    border-radius: 3px;
    vertical-align: -0.05em;
  }
  @media (forced-colors: active) {
    .segment,
    .key {
      forced-color-adjust: none;
      outline: 1px solid CanvasText;
      outline-offset: -1px;
    }
    .segment + .segment {
      border-inline-start-color: Canvas;
    }
    .confirmed {
      --_segment: CanvasText;
    }
    .rejected {
      --_segment: repeating-linear-gradient(-45deg, CanvasText 0 2px, Canvas 2px 5px);
    }
    .unconfirmed {
      --_segment: Canvas;
    }
  }
`;
