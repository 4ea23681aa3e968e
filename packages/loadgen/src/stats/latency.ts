/**
 * Confirmation latencies of a set of purchases, in milliseconds. With no
 * samples every figure is NaN, never 0: the report prints it as "–" and
 * results.json as null, where a 0 would read as instant confirmations.
 */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const NOTHING_MEASURED: LatencySummary = { count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };

/** The value below which `fraction` of the sorted samples fall (nearest rank, so always a measured value). */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export function summarize(latencies: readonly number[] | Float64Array): LatencySummary {
  if (latencies.length === 0) return NOTHING_MEASURED;
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}
