import type { Country } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { drive } from "./drive.js";
import type { Outcome, Requester } from "./outcome.js";

/** A requester answered at once, so only the generator's own timing is left. */
function instant(country: Country, open = true): Requester {
  return {
    country,
    inFlight: 0,
    open,
    request: () => {
      const at = performance.now();
      return Promise.resolve<Outcome>({ country, status: "confirmed", sentAt: at, acceptedAt: at, doneAt: at, detail: undefined });
    },
    close: () => Promise.resolve(),
  };
}

/** 100/s for a 100 ms warm-up and a 100 ms window: about ten purchases in each. */
const RATE = 100;
const WARMUP_MS = 100;
const DURATION_MS = 100;

async function driveOpen(requester: Requester) {
  const driving = drive([{ kind: "open", requesters: [requester], rate: RATE }], { warmupMs: WARMUP_MS, durationMs: DURATION_MS });
  await vi.advanceTimersByTimeAsync(WARMUP_MS + DURATION_MS + 10);
  return driving;
}

describe("drive, open load", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "performance"] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("records the schedule lag of the window's purchases only, not the warm-up's", async () => {
    const driven = await driveOpen(instant("fr"));

    const inWindow = driven.outcomes.filter(({ sentAt }) => sentAt >= driven.clock.measureFrom);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(driven.outcomes.length);
    expect(driven.scheduleLagMs).toHaveLength(inWindow.length);
  });

  it("sends each purchase at its scheduled time, late by at most one timer tick, not a whole interval", async () => {
    const driven = await driveOpen(instant("fr"));

    expect(Math.max(...driven.scheduleLagMs)).toBeLessThan(1000 / RATE / 2);
  });

  it("counts as skipped only the window's purchases a requester could not take", async () => {
    const driven = await driveOpen(instant("de", false));

    // 100/s over the 100 ms window; the warm-up's ten are not the measurement's.
    expect(driven.skipped).toBe(10);
    expect(driven.outcomes).toHaveLength(0);
  });
});
