/** Without a ceiling to halve and without --rate: a pace any healthy setup keeps. */
export const FALLBACK_STEADY_RATE = 500;

/**
 * Half our own maximum, when that is clearly below the rate steady ran at:
 * half the ceiling can be more than ours can take, and then its latency is
 * only the queue growing. Undefined when there is nothing more to learn.
 */
export function halfOurMaxRate(ourMax: number | undefined, steadyRate: number): number | undefined {
  if (ourMax === undefined || ourMax <= 0) return undefined;
  const half = Math.round(ourMax / 2);
  return half < steadyRate * 0.8 ? half : undefined;
}

/** Where steady's rate came from, in the report's words. Only half the ceiling is the rate the latency target is set at. */
export const STEADY_RATE_SOURCES = {
  ceiling: "half the ceiling",
  ourMax: "half our max, no ceiling measured",
  requested: "--rate",
  fallback: "the fixed fallback, nothing measured",
} as const;

export type SteadyRateSource = (typeof STEADY_RATE_SOURCES)[keyof typeof STEADY_RATE_SOURCES];

export interface SteadyPace {
  /** Purchases per second. */
  rate: number;
  source: SteadyRateSource;
}

/** Half the ceiling, the rate the latency target (p99 < 10 ms) is set at; else half our own maximum; else a fixed pace. */
export function steadyPace(requested: number | undefined, ceiling: number | undefined, ourMax: number | undefined): SteadyPace {
  if (requested !== undefined) return { rate: requested, source: STEADY_RATE_SOURCES.requested };
  if (ceiling !== undefined && ceiling > 0) return { rate: Math.round(ceiling / 2), source: STEADY_RATE_SOURCES.ceiling };
  if (ourMax !== undefined && ourMax > 0) return { rate: Math.round(ourMax / 2), source: STEADY_RATE_SOURCES.ourMax };
  return { rate: FALLBACK_STEADY_RATE, source: STEADY_RATE_SOURCES.fallback };
}
