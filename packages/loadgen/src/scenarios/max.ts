import type { Requester } from "../load/outcome.js";
import type { PhaseResult, SystemUnderTest } from "../results.js";
import { SATURATED, SYSTEMS } from "../results.js";
import type { ScenarioContext } from "./context.js";
import { measurePhase } from "./measure-phase.js";

interface Contender {
  system: SystemUnderTest;
  requesters: readonly Requester[];
  kind: string;
}

/**
 * Saturation: every browser keeps a few purchases unanswered and sends the
 * next as soon as one is confirmed. Three systems take turns with the same
 * number of clients and in-flight purchases: the baseline (amqplib echo,
 * the ceiling), the Web-STOMP echo (the browsers' frames through the same
 * broker path to the echo consumer) and ours, so the gaps between them say
 * how much the protocol path costs and how much our consumer does. A shared
 * two-core machine drifts by tens of percent within a minute, so the turns
 * come in rounds of alternating order (A B C, C B A, …) and each of ours is
 * compared with the baseline of its own round.
 */
export async function runMax(context: ScenarioContext): Promise<PhaseResult[]> {
  const { inFlight, rounds, durationMs } = context.options;
  const contenders: Contender[] = [
    { system: SYSTEMS.baseline, requesters: context.echoes, kind: "amqplib clients" },
    { system: SYSTEMS.webStompEcho, requesters: context.webStompEchoes, kind: "browsers" },
    { system: SYSTEMS.tickets, requesters: context.sites, kind: "browsers" },
  ].filter(({ requesters }) => requesters.length > 0);
  const phases: PhaseResult[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? contenders : [...contenders].reverse();
    for (const [turn, { system, requesters, kind }] of order.entries()) {
      if (context.signal.aborted) return phases;
      phases.push(
        await measurePhase(context, {
          scenario: "max",
          name: rounds === 1 ? SATURATED : `round ${round}`,
          round,
          system,
          load: `${requesters.length} ${kind} × ${inFlight} in flight`,
          loads: [{ kind: "closed", requesters, inFlight }],
          durationMs: durationMs / rounds,
          lastOfScenario: round === rounds && turn === order.length - 1,
        }),
      );
    }
  }
  return phases;
}
