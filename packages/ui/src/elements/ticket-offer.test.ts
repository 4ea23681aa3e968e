import type { TemplateResult } from "lit";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createLocale } from "../i18n/locale.js";
import { testSiteConfig } from "../site/test-site-config.test-support.js";
import type { TicketOffer } from "./ticket-offer.js";

/**
 * The offer without a DOM: Lit's Node build builds the element but never
 * renders it, so each test reads the listeners its `render()` binds to the
 * button and calls them with the events a browser would give them.
 */

let Offer: typeof TicketOffer;
let repeatedPressMs: number;

beforeAll(async () => {
  // Lit's development build says so once, when it loads: not news in a test.
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  ({ TicketOffer: Offer, REPEATED_PRESS_MS: repeatedPressMs } = await import("./ticket-offer.js"));
  warn.mockRestore();
});

/** A +10 offer as the shop shows it, with the quantities of every order it asks for, and of every press it took for a repeat. */
function newOffer(): { offer: TicketOffer; bought: number[]; repeated: number[] } {
  const offer = new Offer();
  // What the shop's context provider would give it.
  Object.assign(offer, { locale: createLocale(testSiteConfig()) });
  const bought: number[] = [];
  offer.addEventListener("tickets-buy", (event) => bought.push(event.detail.quantity));
  const repeated: number[] = [];
  offer.addEventListener("tickets-buy-repeat", (event) => repeated.push(event.detail.quantity));
  return { offer, bought, repeated };
}

/** The listener the offer's template binds as `@<type>` (on its one button). */
function listener(offer: TicketOffer, type: string): (event: Event) => void {
  const template = offer.render() as TemplateResult;
  const index = template.strings.findIndex((string) => string.trimEnd().endsWith(`@${type}=`));
  const bound: unknown = template.values[index];
  if (typeof bound !== "function") throw new Error(`the offer binds no @${type} listener`);
  return bound as (event: Event) => void;
}

/** A click as the browser reports it: `detail` counts the clicks in a row (0 for one made with a key). */
function click(offer: TicketOffer, timeStamp: number, detail = 1): void {
  listener(offer, "click")({ detail, timeStamp } as MouseEvent);
}

describe("ticket offer", () => {
  it("a double click buys once, however slow: its second click is not a second order", () => {
    const { offer, bought } = newOffer();

    click(offer, 1_000, 1);
    // A system's double-click time may be longer than the repeat window.
    click(offer, 1_000 + repeatedPressMs + 100, 2);

    expect(bought).toEqual([10]);
  });

  it("a second press of the same offer within the repeat window is ignored, and one a window after the press before it buys again", () => {
    const { offer, bought } = newOffer();

    click(offer, 1_000);
    click(offer, 1_000 + repeatedPressMs - 1);
    click(offer, 1_000 + 2 * repeatedPressMs - 1);

    expect(bought).toEqual([10, 10]);
  });

  it("a buyer mashing the button, each press within the window of the one before, buys once however long it goes on, and each other press says it was a repeat", () => {
    const { offer, bought, repeated } = newOffer();

    // Ten presses 100 ms apart: a second in all, longer than the window.
    for (let press = 0; press < 10; press++) click(offer, 1_000 + press * 100);

    expect(bought).toEqual([10]);
    expect(repeated).toHaveLength(9);
  });

  it("the second click of a double click says it was a repeat; a press on an offer the stock no longer covers says nothing", () => {
    const { offer, repeated } = newOffer();

    click(offer, 1_000, 1);
    click(offer, 1_000 + repeatedPressMs + 100, 2);
    offer.disabled = true;
    click(offer, 5_000);

    expect(repeated).toEqual([10]);
  });

  it("a held Enter does not click again: the repeated key presses are cancelled, the first is not", () => {
    const { offer } = newOffer();
    const keyDown = listener(offer, "keydown");
    const first = { key: "Enter", repeat: false, preventDefault: vi.fn() };
    const repeated = { key: "Enter", repeat: true, preventDefault: vi.fn() };

    keyDown(first as unknown as KeyboardEvent);
    keyDown(repeated as unknown as KeyboardEvent);

    expect(first.preventDefault).not.toHaveBeenCalled();
    expect(repeated.preventDefault).toHaveBeenCalledOnce();
  });

  it("an offer the stock no longer covers buys nothing, and a press on it does not hold back the next once it is covered again", () => {
    const { offer, bought } = newOffer();
    offer.disabled = true;

    click(offer, 1_000);
    offer.disabled = false;
    click(offer, 1_100);

    expect(bought).toEqual([10]);
  });
});
