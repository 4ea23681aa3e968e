import type { MaxSummary, PhaseResult, SystemUnderTest } from "./results.js";
import { findPhases, SYSTEMS } from "./results.js";

/** Max's phases of one system, in round order. */
export function maxPhases(phases: readonly PhaseResult[], system: SystemUnderTest): PhaseResult[] {
  return findPhases(phases, { scenario: "max", system });
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
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
  // In results.json's order, since the run's comparison is this object as it stands.
  return {
    ceiling: median(throughputs(SYSTEMS.baseline)),
    webStompEcho: median(throughputs(SYSTEMS.webStompEcho)),
    maxThroughput: median(throughputs(SYSTEMS.tickets)),
    ratio: median(ratios),
    ratioRange: ratios.length === 0 ? undefined : [Math.min(...ratios), Math.max(...ratios)],
    rounds: Math.max(0, ...findPhases(phases, { scenario: "max" }).map((phase) => phase.round ?? 1)),
  };
}
