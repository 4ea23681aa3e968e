import { setTimeout as delay } from "node:timers/promises";
import { ECHO_QUEUES } from "../baseline/echo-queues.js";
import { assignCountries, countryAt } from "../load/country-mix.js";
import { closeFleet, openFleet } from "../load/fleet.js";
import { pickBuyers } from "../load/pick-buyers.js";
import { STATS_INTERVAL_MS } from "../probes/management.js";
import { megabytes, readProc } from "../probes/proc-usage.js";
import type { ConnectionsResult, MemorySnapshot, PhaseResult } from "../results.js";
import { SAMPLE_BUYS, SYSTEMS } from "../results.js";
import { SiteConnection } from "../sites/site-connection.js";
import { tally } from "../stats/tally.js";
import type { ScenarioContext } from "./context.js";
import { drainFirst, measurePhase, PURCHASE_QUEUES } from "./measure-phase.js";

/** Browsers arriving at once; more would mostly measure the handshake queue. */
const OPEN_CONCURRENCY = 25;

/** Longer than the management API's 5 s stats interval, so it has seen every connection. */
const HOLD_MS = 6_000;

/** What the broker and the processes hold at one moment; mem_used is passed in, since how fresh it must be differs. */
function memory(context: ScenarioContext, memUsedBytes: number | undefined): MemorySnapshot {
  const { system } = context;
  const rss = (pid: number | undefined) => {
    const snapshot = pid === undefined ? undefined : readProc(pid);
    return snapshot === undefined ? undefined : megabytes(snapshot.rssBytes);
  };
  return {
    brokerRssMb: rss(system.brokerPid),
    brokerMemUsedMb: memUsedBytes === undefined ? undefined : megabytes(memUsedBytes),
    consumerRssMb: rss(system.consumer.child.pid),
    loadgenRssMb: megabytes(process.memoryUsage().rss),
  };
}

/** mem_used as the management API last sampled it: up to a stats interval old. */
function lastMemUsed(context: ScenarioContext): Promise<number | undefined> {
  return context.system.management.nodeMemoryBytes().catch(() => undefined);
}

/**
 * Broker memory per idle connection from its RSS growth while they were
 * held, over the connections still held when it was read: one that opened
 * and dropped during the hold no longer costs the broker anything. Undefined
 * when it did not grow: the node then gave back more of what earlier phases
 * had used than the connections took, and a figure of 0 or below would be
 * read as what a connection costs.
 */
export function brokerKbPerConnection({ before, whileHeld, held }: Pick<ConnectionsResult, "before" | "whileHeld" | "held">): number | undefined {
  if (before.brokerRssMb === undefined || whileHeld.brokerRssMb === undefined || held === 0) return undefined;
  const growthMb = whileHeld.brokerRssMb - before.brokerRssMb;
  return growthMb > 0 ? (growthMb * 1024) / held : undefined;
}

/**
 * The "before" snapshot, from a node as quiet as it is while the connections
 * are held: queues empty after the earlier phases, and mem_used from a stats
 * sample taken since (right after a busy phase it can be one from during it).
 */
async function quietMemory(context: ScenarioContext): Promise<{ snapshot: MemorySnapshot; queued: Record<string, number> }> {
  const { system, progress, signal } = context;
  const drain = await drainFirst(context, "connections wait for empty queues", system.echo === undefined ? PURCHASE_QUEUES : [...PURCHASE_QUEUES, ...ECHO_QUEUES]);
  const started = performance.now();
  progress.start("connections wait for a fresh memory sample", () => ({ fraction: (performance.now() - started) / STATS_INTERVAL_MS, status: "management API" }));
  const memUsed = await system.management.nextNodeMemoryBytes(signal);
  progress.stop();
  return { snapshot: memory(context, memUsed), queued: drain.left };
}

/**
 * Many idle tabs: opens the connections a crowd of open site tabs would
 * hold, keeps them idle (heart-beats only), then lets a sample of them buy
 * one purchase at a time, and reports what the broker and the consumer
 * spend on it.
 */
export async function runConnections(context: ScenarioContext): Promise<{ result: ConnectionsResult; phases: PhaseResult[] }> {
  const { options, progress, system, signal } = context;
  const requested = options.idleConnections;
  const countries = assignCountries(requested, options.mix);
  const { snapshot: before, queued: queuedBefore } = await quietMemory(context);

  const openStarted = performance.now();
  // How many of the crowd open is part of what this scenario measures.
  const { opened, failures } = await openFleet(
    progress,
    "connections open idle browsers",
    requested,
    (index) =>
      SiteConnection.open({ webStompUrl: system.broker.webStompUrl, country: countryAt(countries, index), timeoutMs: options.timeoutMs, stockFeed: options.stockFeed }),
    { concurrency: OPEN_CONCURRENCY, signal, tolerateFailures: true },
  );
  const openSeconds = (performance.now() - openStarted) / 1000;

  const stockUpdates = () => opened.reduce((sum, site) => sum + site.stockUpdates, 0);
  try {
    const holdStarted = performance.now();
    const updatesBeforeHold = stockUpdates();
    progress.start("connections hold them idle", () => ({
      fraction: (performance.now() - holdStarted) / HOLD_MS,
      status: `${opened.filter((site) => site.open).length} open`,
    }));
    await delay(HOLD_MS, undefined, { signal }).catch(() => undefined);
    progress.stop();
    const idleRate = ((stockUpdates() - updatesBeforeHold) * 1000) / (performance.now() - holdStarted);
    const whileHeld = memory(context, await lastMemUsed(context));
    const held = opened.filter((site) => site.open).length;
    const brokerConnections = await system.management.connectionCount().catch(() => undefined);

    const buyers = pickBuyers(opened, options.buyers, options.mix);
    const buyStarted = performance.now();
    const updatesBeforeBuying = stockUpdates();
    const buying = signal.aborted
      ? undefined
      : await measurePhase(context, {
          scenario: "connections",
          name: SAMPLE_BUYS,
          system: SYSTEMS.tickets,
          load: `${buyers.length} of ${held} held browsers × 1 in flight`,
          loads: [{ kind: "closed", requesters: buyers, inFlight: 1 }],
          lastOfScenario: true,
        });
    const buyingRate = ((stockUpdates() - updatesBeforeBuying) * 1000) / (performance.now() - buyStarted);
    const afterBuying = memory(context, await lastMemUsed(context));
    return {
      result: {
        requested,
        opened: opened.length,
        failures: tally(failures).map(({ value, count }) => ({ reason: value, count })),
        openSeconds,
        held,
        brokerConnections,
        before,
        queuedBefore,
        whileHeld,
        afterBuying,
        stockUpdatesPerSecond: options.stockFeed ? { idle: idleRate, buying: buyingRate } : undefined,
        brokerKbPerConnection: brokerKbPerConnection({ before, whileHeld, held }),
      },
      phases: buying === undefined ? [] : [buying],
    };
  } finally {
    await closeFleet(progress, "connections close them", opened, OPEN_CONCURRENCY * 4);
  }
}
