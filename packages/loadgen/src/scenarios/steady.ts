import type { Requester } from "../load/outcome.js";
import type { PhaseResult } from "../results.js";
import { FIXED_RATE, HALF_OUR_MAX, SYSTEMS } from "../results.js";
import type { ScenarioContext } from "./context.js";
import { measurePhase } from "./measure-phase.js";

function openLoad(requesters: readonly Requester[], rate: number, kind: string) {
  return {
    load: `${rate}/s over ${requesters.length} ${kind}`,
    loads: [{ kind: "open" as const, requesters, rate }],
  };
}

/**
 * A fixed rate, whether or not answers keep up (open loop), for latency: the
 * baseline first, then ours at the same rate; then, when `halfOurs` is
 * given, ours alone at that rate, to show its latency with room to spare.
 */
export async function runSteady(context: ScenarioContext, rate: number, halfOurs?: number): Promise<PhaseResult[]> {
  const phases: PhaseResult[] = [];
  // A call, so the check after each await reads the signal anew.
  const aborted = (): boolean => context.signal.aborted;
  if (context.echoes.length > 0) {
    const load = openLoad(context.echoes, rate, "amqplib clients");
    phases.push(await measurePhase(context, { scenario: "steady", name: FIXED_RATE, system: SYSTEMS.baseline, ...load }));
  }
  if (aborted()) return phases;
  const load = openLoad(context.sites, rate, "browsers");
  phases.push(await measurePhase(context, { scenario: "steady", name: FIXED_RATE, system: SYSTEMS.tickets, ...load, lastOfScenario: halfOurs === undefined }));
  if (halfOurs !== undefined && !aborted()) {
    const relaxed = openLoad(context.sites, halfOurs, "browsers");
    phases.push(await measurePhase(context, { scenario: "steady", name: HALF_OUR_MAX, system: SYSTEMS.tickets, ...relaxed, lastOfScenario: true }));
  }
  return phases;
}
