import type { Country } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { PhaseClock } from "../load/drive.js";
import type { Outcome, OutcomeStatus } from "../load/outcome.js";
import { phaseStats } from "./phase-stats.js";

/** Warm-up from 0 to 1000 ms, measured window from 1000 to 3000 ms. */
const CLOCK: PhaseClock = { startedAt: 0, measureFrom: 1000, endsAt: 3000 };

function outcome(country: Country, sentAt: number, latency: number, status: OutcomeStatus = "confirmed", detail?: string): Outcome {
  return { country, status, sentAt, acceptedAt: sentAt + 1, doneAt: sentAt + latency, detail };
}

describe("phaseStats", () => {
  it("leaves the warm-up out of latency and throughput", () => {
    const outcomes = [outcome("fr", 500, 100), outcome("fr", 1500, 10), outcome("fr", 2500, 20)];

    const stats = phaseStats(outcomes, CLOCK);

    expect(stats.sent).toBe(2);
    expect(stats.latency.max).toBe(20);
    expect(stats.throughput).toBe(1);
  });

  it("counts confirmations received in the window for throughput, and purchases sent in it for latency", () => {
    // Sent during the warm-up, answered in the window: throughput yes, latency no.
    const early = outcome("de", 900, 200);
    // Sent in the window, answered after it: latency yes, throughput no.
    const late = outcome("de", 2900, 500);

    const stats = phaseStats([early, late], CLOCK);

    expect(stats.throughput).toBe(0.5);
    expect(stats.latency.count).toBe(1);
    expect(stats.latency.max).toBe(500);
  });

  it("gives each country its share of the confirmations", () => {
    const outcomes = [outcome("fr", 1100, 5), outcome("fr", 1200, 5), outcome("fr", 1300, 5), outcome("es", 1400, 5)];

    const stats = phaseStats(outcomes, CLOCK);

    expect(stats.countries.find((each) => each.country === "fr")?.share).toBe(0.75);
    expect(stats.countries.find((each) => each.country === "es")?.share).toBe(0.25);
    expect(stats.countries.find((each) => each.country === "gb")).toMatchObject({ sent: 0, share: 0 });
  });

  it("leaves a purchase sent at the window's very end out: the window ends before it", () => {
    const outcomes = [outcome("fr", 2999, 0), outcome("fr", 3000, 0)];

    const stats = phaseStats(outcomes, CLOCK);

    expect(stats.sent).toBe(1);
    expect(stats.countries.find((each) => each.country === "fr")?.sent).toBe(1);
  });

  it("counts a confirmation received at the window's first instant in throughput and in the chart's first second", () => {
    // Sent during the warm-up, answered exactly when the window begins.
    const atStart = outcome("fr", 900, 100);

    const stats = phaseStats([atStart], CLOCK);

    expect(stats.throughput).toBe(0.5);
    expect(stats.timeline[0]?.confirmed.fr).toBe(1);
  });

  it("leaves a confirmation received at the window's very end out of throughput: the window ends before it", () => {
    // Sent in the window, answered exactly when it ends.
    const atEnd = outcome("fr", 2900, 100);

    const stats = phaseStats([atEnd], CLOCK);

    expect(stats.throughput).toBe(0);
    expect(stats.countries.find((each) => each.country === "fr")?.throughput).toBe(0);
  });

  it("gives each country its share of all confirmations, however many it sent", () => {
    const outcomes = [outcome("fr", 1100, 5), outcome("fr", 1200, 5, "rejected", "sold_out"), outcome("es", 1300, 5), outcome("es", 1400, 5), outcome("es", 1500, 5)];

    const stats = phaseStats(outcomes, CLOCK);

    expect(stats.countries.find((each) => each.country === "fr")?.share).toBe(0.25);
    expect(stats.countries.find((each) => each.country === "es")?.share).toBe(0.75);
  });

  it("gives each country its confirmations per second of the window", () => {
    const outcomes = [outcome("de", 1100, 5), outcome("de", 1200, 5), outcome("de", 1300, 5), outcome("gb", 1400, 5)];

    const stats = phaseStats(outcomes, CLOCK);

    expect(stats.countries.find((each) => each.country === "de")?.throughput).toBe(1.5);
    expect(stats.countries.find((each) => each.country === "gb")?.throughput).toBe(0.5);
    expect(stats.countries.find((each) => each.country === "fr")?.throughput).toBe(0);
  });

  it("times the broker's receipt only for purchases that had one: one without adds no sample", () => {
    const withReceipt = outcome("fr", 1100, 5);
    const withoutReceipt = { ...outcome("fr", 1200, 5, "timeout", "no receipt"), acceptedAt: undefined };

    const stats = phaseStats([withReceipt, withoutReceipt], CLOCK);

    expect(stats.acceptLatency).toMatchObject({ count: 1, mean: 1, p50: 1 });
  });

  it("tallies rejections, timeouts and errors apart and lists the problems by frequency", () => {
    const outcomes = [
      outcome("gb", 1100, 5, "rejected", "sold_out"),
      outcome("gb", 1200, 5, "timeout", "no receipt"),
      outcome("gb", 1300, 5, "timeout", "no receipt"),
      outcome("gb", 1400, 0, "error", "connection closed"),
    ];

    const stats = phaseStats(outcomes, CLOCK);

    expect(stats).toMatchObject({ sent: 4, confirmed: 0, rejected: 1, timeouts: 2, errors: 1 });
    expect(stats.problems).toEqual([
      { detail: "timeout: no receipt", count: 2 },
      { detail: "error: connection closed", count: 1 },
    ]);
    expect(stats.latency.count).toBe(0);
  });

  it("times an open-loop purchase from when it was due, so the generator's lateness counts, and a closed-loop one from its send", () => {
    // Due at 1500, sent 30 ms late, confirmed 5 ms after the send.
    const sentLate = { ...outcome("fr", 1530, 5), scheduledAt: 1500 };
    const closed = outcome("de", 1600, 5);

    const stats = phaseStats([sentLate, closed], CLOCK);

    expect(stats.countries.find((each) => each.country === "fr")?.latency.max).toBe(35);
    expect(stats.countries.find((each) => each.country === "de")?.latency.max).toBe(5);
    expect(stats.latency.max).toBe(35);
    expect(stats.timeline[0]?.p99).toBe(35);
    // The broker's receipt answers the actual send.
    expect(stats.acceptLatency.max).toBe(1);
  });

  it("buckets confirmations per second of the window for the chart", () => {
    const outcomes = [outcome("fr", 1000, 100), outcome("de", 1900, 200), outcome("fr", 2000, 300)];

    const { timeline } = phaseStats(outcomes, CLOCK);

    expect(timeline).toHaveLength(2);
    expect(timeline[0]).toMatchObject({ t: 0, confirmed: { fr: 1, de: 0 }, p50: 100 });
    expect(timeline[1]).toMatchObject({ t: 1, confirmed: { fr: 1, de: 1 }, p99: 300 });
  });

  it("leaves a last, partial second out of the chart, where it would read as a drop", () => {
    const outcomes = [outcome("fr", 1000, 100), outcome("de", 2000, 100), outcome("fr", 3000, 100)];

    const { timeline, confirmed } = phaseStats(outcomes, { ...CLOCK, endsAt: 3400 });

    expect(timeline.map(({ t }) => t)).toEqual([0, 1]);
    expect(confirmed).toBe(3);
  });
});
