import type { Requester } from "../load/outcome.js";
import type { PhaseResult } from "../results.js";
import { SYSTEMS } from "../results.js";
import type { ScenarioContext } from "./context.js";
import { measurePhase } from "./measure-phase.js";

function closedLoad(requesters: readonly Requester[], inFlight: number, kind: string) {
  return {
    load: `${requesters.length} ${kind} × ${inFlight} in flight`,
    loads: [{ kind: "closed" as const, requesters, inFlight }],
  };
}

/**
 * Saturation: every browser keeps a few purchases unanswered and sends the
 * next as soon as one is confirmed. The baseline runs first with the same
 * number of clients and in-flight purchases; its throughput is the ceiling.
 * The Web-STOMP echo runs next: the same browsers' frames through the same
 * broker path to the echo consumer, so the gap between the three says how
 * much the protocol path costs and how much our consumer does.
 */
export async function runMax(context: ScenarioContext): Promise<PhaseResult[]> {
  const { inFlight } = context.options;
  const phases: PhaseResult[] = [];
  if (context.echoes.length > 0) {
    const load = closedLoad(context.echoes, inFlight, "amqplib clients");
    phases.push(await measurePhase(context, { scenario: "max", name: "saturated", system: SYSTEMS.baseline, ...load }));
  }
  if (context.webStompEchoes.length > 0 && !context.signal.aborted) {
    const load = closedLoad(context.webStompEchoes, inFlight, "browsers");
    phases.push(await measurePhase(context, { scenario: "max", name: "saturated", system: SYSTEMS.webStompEcho, ...load }));
  }
  if (context.signal.aborted) return phases;
  const load = closedLoad(context.sites, inFlight, "browsers");
  phases.push(await measurePhase(context, { scenario: "max", name: "saturated", system: SYSTEMS.tickets, ...load }));
  return phases;
}
