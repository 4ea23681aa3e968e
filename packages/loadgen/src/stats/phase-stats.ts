import type { Country } from "@repo/contract";
import { COUNTRIES, perCountry } from "@repo/contract";
import type { PhaseClock } from "../load/drive.js";
import type { Outcome } from "../load/outcome.js";
import { latencyMs, OUTCOME_STATUSES } from "../load/outcome.js";
import type { LatencySummary } from "./latency.js";
import { summarize } from "./latency.js";
import { tally } from "./tally.js";

/** Counts of the purchases sent during the measured window, by how they ended. */
export interface OutcomeCounts {
  sent: number;
  confirmed: number;
  rejected: number;
  timeouts: number;
  errors: number;
}

export interface CountryStats extends OutcomeCounts {
  country: Country;
  /** Confirmations received per second of the window. */
  throughput: number;
  /** This country's part of all confirmations in the window, 0..1. */
  share: number;
  /** To confirmation from the send, or from the scheduled send for open loads (latencyMs); confirmed purchases only. */
  latency: LatencySummary;
}

/** One second of the window: confirmations received per country, and the latency of those. */
export interface TimelinePoint {
  /** Seconds since the window began (bucket start). */
  t: number;
  confirmed: Record<Country, number>;
  p50: number;
  p99: number;
}

export interface PhaseStats extends OutcomeCounts {
  windowSeconds: number;
  throughput: number;
  /** To confirmation from the send, or from the scheduled send for open loads, so the generator's lateness counts (latencyMs). */
  latency: LatencySummary;
  /** Send to the broker's receipt (STOMP RECEIPT or publisher confirm). */
  acceptLatency: LatencySummary;
  countries: CountryStats[];
  timeline: TimelinePoint[];
  /**
   * Distinct errors and timeouts with how often each happened, most frequent
   * first; a phase that began before its queues drained lists that first.
   */
  problems: { detail: string; count: number }[];
}

function counts(outcomes: readonly Outcome[]): OutcomeCounts {
  const tally: OutcomeCounts = { sent: outcomes.length, confirmed: 0, rejected: 0, timeouts: 0, errors: 0 };
  for (const { status } of outcomes) {
    if (status === OUTCOME_STATUSES.confirmed) tally.confirmed += 1;
    else if (status === OUTCOME_STATUSES.rejected) tally.rejected += 1;
    else if (status === OUTCOME_STATUSES.timeout) tally.timeouts += 1;
    else tally.errors += 1;
  }
  return tally;
}

function latencies(outcomes: readonly Outcome[]): number[] {
  return outcomes.filter(({ status }) => status === OUTCOME_STATUSES.confirmed).map(latencyMs);
}

function noCountries(): Record<Country, number> {
  return perCountry(() => 0);
}

/**
 * What a phase measured. Latency and the outcome counts cover purchases of
 * the window (warm-up excluded, answers after its end included): the open
 * loop's by when they were scheduled, so that those a stall held past the
 * end still count with the lateness it gave them; the closed loop's by when
 * they were sent;
 * throughput counts confirmations received inside the window. Open-loop
 * latency runs from the schedule; the broker's receipt is timed from the
 * actual send, since that is what the broker answers.
 */
export function phaseStats(outcomes: readonly Outcome[], clock: PhaseClock): PhaseStats {
  const windowSeconds = (clock.endsAt - clock.measureFrom) / 1000;
  const sentInWindow = outcomes.filter(({ scheduledAt, sentAt }) => {
    const at = scheduledAt ?? sentAt;
    return at >= clock.measureFrom && at < clock.endsAt;
  });
  const confirmedInWindow = outcomes.filter(
    ({ status, doneAt }) => status === OUTCOME_STATUSES.confirmed && doneAt >= clock.measureFrom && doneAt < clock.endsAt,
  );
  const confirmedBy = noCountries();
  for (const { country } of confirmedInWindow) confirmedBy[country] += 1;

  const countries = COUNTRIES.map((country): CountryStats => {
    const own = sentInWindow.filter((outcome) => outcome.country === country);
    return {
      country,
      ...counts(own),
      throughput: confirmedBy[country] / windowSeconds,
      share: confirmedInWindow.length === 0 ? 0 : confirmedBy[country] / confirmedInWindow.length,
      latency: summarize(latencies(own)),
    };
  });

  const problems = tally(
    sentInWindow.flatMap(({ status, detail }) => (status === OUTCOME_STATUSES.timeout || status === OUTCOME_STATUSES.error ? [`${status}: ${detail ?? "unknown"}`] : [])),
  );

  return {
    windowSeconds,
    ...counts(sentInWindow),
    throughput: confirmedInWindow.length / windowSeconds,
    latency: summarize(latencies(sentInWindow)),
    acceptLatency: summarize(sentInWindow.flatMap(({ sentAt, acceptedAt }) => (acceptedAt === undefined ? [] : [acceptedAt - sentAt]))),
    countries,
    timeline: timeline(confirmedInWindow, clock),
    problems: problems.map(({ value, count }) => ({ detail: value, count })),
  };
}

/**
 * Confirmations and latency per whole second of the window. A last, partial
 * second is left out (at least one second is kept): its count would read as
 * a drop in throughput, and its p99 would rest on a sliver of the data.
 */
function timeline(confirmed: readonly Outcome[], clock: PhaseClock): TimelinePoint[] {
  const seconds = Math.max(1, Math.floor((clock.endsAt - clock.measureFrom) / 1000));
  const buckets = Array.from({ length: seconds }, () => ({ confirmed: noCountries(), latencies: [] as number[] }));
  for (const outcome of confirmed) {
    const bucket = buckets[Math.floor((outcome.doneAt - clock.measureFrom) / 1000)];
    if (bucket === undefined) continue;
    bucket.confirmed[outcome.country] += 1;
    bucket.latencies.push(latencyMs(outcome));
  }
  return buckets.map((bucket, t) => {
    const latency = summarize(bucket.latencies);
    return { t, confirmed: bucket.confirmed, p50: latency.p50, p99: latency.p99 };
  });
}
