import type { Country } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { INTERRUPTED_DETAIL } from "./awaited-answers.js";
import type { Load } from "./drive.js";
import { phaseStats } from "../stats/phase-stats.js";
import { drive, OPEN_LOOP_MAX_IN_FLIGHT } from "./drive.js";
import type { Outcome, Requester } from "./outcome.js";
import { failedAtOnce } from "./outcome.js";

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

/** A requester whose connection closed: every purchase fails at once with the reason, as `RequestLifecycle` does. */
function closed(country: Country): Requester {
  return { ...instant(country, false), request: () => failedAtOnce(country, "connection closed") };
}

/** A requester whose consumer is gone: nothing it sends is ever answered. */
function unanswered(country: Country): Requester {
  return {
    country,
    inFlight: 0,
    open: true,
    request: () => new Promise<Outcome>(() => undefined),
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

    const inWindow = driven.outcomes.filter(({ scheduledAt }) => scheduledAt !== undefined && scheduledAt >= driven.clock.measureFrom);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(driven.outcomes.length);
    expect(driven.scheduleLagMs).toHaveLength(inWindow.length);
  });

  it("sends each purchase at its scheduled time, late by at most one timer tick, not a whole interval", async () => {
    const driven = await driveOpen(instant("fr"));

    expect(driven.scheduleLagMs.length).toBeGreaterThan(0);
    expect(Math.max(...driven.scheduleLagMs)).toBeLessThan(1000 / RATE / 2);
  });

  it("gives each open-loop outcome its scheduled time, the start of its latency, k / rate after the phase began", async () => {
    const driven = await driveOpen(instant("fr"));

    const scheduled = driven.outcomes.map(({ scheduledAt }) => scheduledAt);
    expect(scheduled.slice(0, 3)).toEqual([0, 10, 20].map((ms) => driven.clock.startedAt + ms));
    expect(driven.outcomes.every(({ scheduledAt, sentAt }) => scheduledAt !== undefined && scheduledAt <= sentAt)).toBe(true);
  });

  it("counts as skipped only the window's purchases a requester too far behind could not take", async () => {
    const driven = await driveOpen({ ...instant("de"), inFlight: OPEN_LOOP_MAX_IN_FLIGHT });

    // 100/s over the 100 ms window; the warm-up's ten are not the measurement's.
    expect(driven.skipped).toBe(10);
    expect(driven.outcomes).toHaveLength(0);
  });

  it("sends a closed requester's purchases all the same, so each is an error that says why, and counts it as closed before the phase", async () => {
    const driven = await driveOpen(closed("de"));

    expect(driven.skipped).toBe(0);
    expect(driven.closedBefore).toBe(1);
    expect(driven.outcomes).toHaveLength(20);
    expect(driven.outcomes.every(({ status, detail }) => status === "error" && detail === "connection closed")).toBe(true);
  });

  it("counts a requester whose connection closes while the phase runs", async () => {
    const requester = { ...instant("es"), open: true };
    const driving = drive([{ kind: "open", requesters: [requester], rate: RATE }], { warmupMs: WARMUP_MS, durationMs: DURATION_MS });
    await vi.advanceTimersByTimeAsync(WARMUP_MS);
    requester.open = false;
    await vi.advanceTimersByTimeAsync(DURATION_MS + 10);

    expect(await driving).toMatchObject({ closedBefore: 0, closedDuring: 1 });
  });
});

describe("drive, open load on a real clock", () => {
  it("still sends, and measures, every purchase scheduled before the end when the last tick comes late past it, as after a stall", async () => {
    let calls = 0;
    const stalling: Requester = {
      ...instant("fr"),
      request: () => {
        // The 16th purchase, due 150 ms in, blocks the event loop until well past the end (200 ms), as a GC pause would.
        calls += 1;
        if (calls === 16) {
          const until = performance.now() + 100;
          while (performance.now() < until);
        }
        return instant("fr").request();
      },
    };

    const driven = await drive([{ kind: "open", requesters: [stalling], rate: RATE }], { warmupMs: WARMUP_MS, durationMs: DURATION_MS });

    expect(driven.outcomes).toHaveLength(((WARMUP_MS + DURATION_MS) * RATE) / 1000);
    // Those the stall held past the end are the window's, with the lateness it gave them.
    const stats = phaseStats(driven.outcomes, driven.clock);
    expect(stats.sent).toBe((DURATION_MS * RATE) / 1000);
    expect(driven.scheduleLagMs).toHaveLength((DURATION_MS * RATE) / 1000);
    expect(stats.latency.max).toBeGreaterThan(40);
  });
});

describe("drive, interrupted", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "performance"] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it.each<[string, Load]>([
    ["a closed", { kind: "closed", requesters: [unanswered("fr")], inFlight: 4 }],
    ["an open", { kind: "open", requesters: [unanswered("fr")], rate: RATE }],
  ])("when the run is interrupted, ends every unanswered purchase of %s load at once instead of waiting for answers", async (_, load) => {
    const interrupt = new AbortController();
    let finished = false;
    const driving = drive([load], { warmupMs: WARMUP_MS, durationMs: 10_000, signal: interrupt.signal }).then((result) => {
      finished = true;
      return result;
    });
    await vi.advanceTimersByTimeAsync(WARMUP_MS + 50);

    interrupt.abort();
    await vi.advanceTimersByTimeAsync(5);

    expect(finished).toBe(true);
    const { outcomes } = await driving;
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every(({ status, detail }) => status === "error" && detail === INTERRUPTED_DETAIL)).toBe(true);
  });
});

describe("drive, closed load", () => {
  it("leaves a closed-loop outcome without a schedule: its latency runs from the send", async () => {
    // Long enough for one send however slowly the loop starts: with 5 ms, a stall before its first check left it none.
    const driven = await drive([{ kind: "closed", requesters: [instant("gb")], inFlight: 1 }], { warmupMs: 0, durationMs: 100 });

    expect(driven.outcomes.length).toBeGreaterThan(0);
    expect(driven.outcomes.every(({ scheduledAt }) => scheduledAt === undefined)).toBe(true);
  });
});
