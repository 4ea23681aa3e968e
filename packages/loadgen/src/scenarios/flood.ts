import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { Load } from "../load/drive.js";
import type { PhaseResult } from "../results.js";
import { ALL_BACKLOGGED, OTHERS_BROWSE, SYSTEMS } from "../results.js";
import type { ScenarioContext } from "./context.js";
import { measurePhase } from "./measure-phase.js";

/** How many times more purchases in flight each flooding browser keeps than the others. */
const FLOOD_FACTOR = 8;

/** Purchases/s of each other country while one floods: people buying at a normal pace. */
const BROWSING_RATE = 25;

/**
 * One country floods. First every country is backlogged, the flooder with
 * eight times the purchases in flight: with one queue per country and
 * prefetch 1 each, each should still get a quarter of the confirmations.
 * Then the others buy at a normal pace while the flood goes on: their
 * latency shows whether the flood reaches them.
 */
export async function runFlood(context: ScenarioContext): Promise<PhaseResult[]> {
  const { floodCountry, inFlight } = context.options;
  const of = (country: Country) => context.sites.filter((site) => site.country === country);
  const others = COUNTRIES.filter((country) => country !== floodCountry && of(country).length > 0);
  const flood: Load = { kind: "closed", requesters: of(floodCountry), inFlight: inFlight * FLOOD_FACTOR };
  const floodWords = `${floodCountry}: ${of(floodCountry).length} browsers × ${inFlight * FLOOD_FACTOR} in flight`;

  const backlogged = await measurePhase(context, {
    scenario: "flood",
    name: ALL_BACKLOGGED,
    system: SYSTEMS.tickets,
    load: `${floodWords}; others × ${inFlight}`,
    loads: [flood, ...others.map((country): Load => ({ kind: "closed", requesters: of(country), inFlight }))],
  });
  if (context.signal.aborted) return [backlogged];
  const browsing = await measurePhase(context, {
    scenario: "flood",
    name: OTHERS_BROWSE,
    system: SYSTEMS.tickets,
    load: `${floodWords}; others ${BROWSING_RATE}/s each`,
    loads: [flood, ...others.map((country): Load => ({ kind: "open", requesters: of(country), rate: BROWSING_RATE }))],
    lastOfScenario: true,
  });
  return [backlogged, browsing];
}
