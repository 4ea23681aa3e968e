import type { Requester } from "../load/outcome.js";
import type { PhaseResult } from "../results.js";
import { SYSTEMS } from "../results.js";
import type { ScenarioContext } from "./context.js";
import { measurePhase } from "./measure-phase.js";

/** Without a ceiling to halve and without --rate: a pace any healthy setup keeps. */
export const FALLBACK_STEADY_RATE = 500;

/** Half the ceiling, as the latency target asks; else half our own maximum; else a fixed pace. */
export function steadyRate(requested: number | undefined, ceiling: number | undefined, ourMax: number | undefined): number {
  if (requested !== undefined) return requested;
  const reference = ceiling ?? ourMax;
  return reference !== undefined && reference > 0 ? Math.round(reference / 2) : FALLBACK_STEADY_RATE;
}

function openLoad(requesters: readonly Requester[], rate: number, kind: string) {
  return {
    load: `${rate}/s over ${requesters.length} ${kind}`,
    loads: [{ kind: "open" as const, requesters, rate }],
  };
}

/**
 * A fixed rate, whether or not answers keep up (open loop), for latency: the
 * baseline first, then ours at the same rate.
 */
export async function runSteady(context: ScenarioContext, rate: number): Promise<PhaseResult[]> {
  const phases: PhaseResult[] = [];
  if (context.echoes.length > 0) {
    const load = openLoad(context.echoes, rate, "amqplib clients");
    phases.push(await measurePhase(context, { scenario: "steady", name: "fixed rate", system: SYSTEMS.baseline, ...load }));
  }
  if (context.signal.aborted) return phases;
  const load = openLoad(context.sites, rate, "browsers");
  phases.push(await measurePhase(context, { scenario: "steady", name: "fixed rate", system: SYSTEMS.tickets, ...load }));
  return phases;
}
