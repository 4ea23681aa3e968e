import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeHost } from "./fake-host.test-support.js";
import { FIRST_ANNOUNCEMENT_DELAY_MS, HeldAnnouncements } from "./held-announcements.js";

/** A shop as the controller sees it: whether its log is shown, what was released to it, and its lifecycle. */
function setup(logShown = true) {
  const released: string[] = [];
  const { host, update, disconnected } = fakeHost();
  const shown = { log: logShown };
  const held = new HeldAnnouncements(host, { logShown: () => shown.log, release: (text) => released.push(text) });
  return {
    held,
    released,
    shown,
    updated: () => {
      update();
    },
    disconnected,
  };
}

describe("held announcements", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("sentences told before the log has been in the page a moment are released in order after it; later ones are not held", () => {
    const { held, released, shown, updated } = setup(false);
    held.hold("first");
    updated();
    shown.log = true;
    updated();
    held.hold("second");

    vi.advanceTimersByTime(FIRST_ANNOUNCEMENT_DELAY_MS - 1);
    expect(released).toEqual([]);
    vi.advanceTimersByTime(1);

    expect(released).toEqual(["first", "second"]);
    expect(held.hold("third")).toBe(false);
  });

  it("when the shop leaves the page before the moment is over, its timer is cleared and nothing is released; back in the page, the wait starts afresh", () => {
    const { held, released, updated, disconnected } = setup();
    held.hold("expired order");
    updated();

    disconnected();
    vi.advanceTimersByTime(FIRST_ANNOUNCEMENT_DELAY_MS);

    expect(vi.getTimerCount()).toBe(0);
    expect(released).toEqual([]);
    updated();
    vi.advanceTimersByTime(FIRST_ANNOUNCEMENT_DELAY_MS);
    expect(released).toEqual(["expired order"]);
  });
});
