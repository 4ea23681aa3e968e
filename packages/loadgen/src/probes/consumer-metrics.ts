/** The consumer's own histogram of delivery → reply confirmed (consumer/src/metrics.ts). */
const HANDLING = "tickets_order_handling_seconds";

/** Totals of the handling histogram over every label: seconds spent and orders handled. */
export interface HandlingTotals {
  seconds: number;
  orders: number;
}

/** Sums a histogram's _sum and _count series from Prometheus text. */
export function handlingTotals(metricsText: string): HandlingTotals {
  const totals: HandlingTotals = { seconds: 0, orders: 0 };
  for (const line of metricsText.split("\n")) {
    const match = /^(\w+?)_(sum|count)(?:\{[^}]*\})? ([\d.eE+-]+)$/.exec(line);
    if (match?.[1] !== HANDLING) continue;
    const value = Number(match[3]);
    if (match[2] === "sum") totals.seconds += value;
    else totals.orders += value;
  }
  return totals;
}

/** Reads the consumer's /metrics; undefined when it does not answer. */
export async function readHandling(metricsUrl: string): Promise<HandlingTotals | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? handlingTotals(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}
