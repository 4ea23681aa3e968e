import type { BenchResult, PhaseResult, SystemUnderTest } from "./results.js";
import { SYSTEMS } from "./results.js";

/** What max measured, over its rounds: medians, so one disturbed round cannot make the headline. */
export interface MaxSummary {
  rounds: number;
  /** Median confirmed/s of the baseline: the ceiling. */
  ceiling: number | undefined;
  webStompEcho: number | undefined;
  tickets: number | undefined;
  /** Median over the rounds of ours / the baseline of the same round. */
  ratio: number | undefined;
  /** The lowest and highest of those ratios. */
  ratioRange: [number, number] | undefined;
}

/** Max's phases of one system, in round order. */
export function maxPhases(phases: readonly PhaseResult[], system: SystemUnderTest): PhaseResult[] {
  return phases.filter((phase) => phase.scenario === "max" && phase.system === system);
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The run's headline comparison, from max's summary and the rate steady ran at. */
export function comparisonOf(
  { ceiling, webStompEcho, tickets, ratio, ratioRange, rounds }: MaxSummary,
  steadyRate: number | undefined,
): BenchResult["comparison"] {
  return { ceiling, webStompEcho, maxThroughput: tickets, ratio, ratioRange, rounds, steadyRate };
}

/**
 * Each round's throughput of one system over another's in the same round,
 * in round order. A shared machine drifts between rounds, so only turns of
 * the same round are compared; rounds either system missed are left out.
 */
export function roundRatios(phases: readonly PhaseResult[], system: SystemUnderTest, reference: SystemUnderTest): number[] {
  const referenceByRound = new Map(maxPhases(phases, reference).map((phase) => [phase.round, phase.throughput]));
  return maxPhases(phases, system).flatMap((phase) => {
    const of = referenceByRound.get(phase.round);
    return of === undefined || of <= 0 ? [] : [phase.throughput / of];
  });
}

export function summarizeMax(phases: readonly PhaseResult[]): MaxSummary {
  const throughputs = (system: SystemUnderTest) => maxPhases(phases, system).map((phase) => phase.throughput);
  const ratios = roundRatios(phases, SYSTEMS.tickets, SYSTEMS.baseline);
  return {
    rounds: Math.max(0, ...phases.filter((phase) => phase.scenario === "max").map((phase) => phase.round ?? 1)),
    ceiling: median(throughputs(SYSTEMS.baseline)),
    webStompEcho: median(throughputs(SYSTEMS.webStompEcho)),
    tickets: median(throughputs(SYSTEMS.tickets)),
    ratio: median(ratios),
    ratioRange: ratios.length === 0 ? undefined : [Math.min(...ratios), Math.max(...ratios)],
  };
}
