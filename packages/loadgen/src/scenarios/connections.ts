import { setTimeout as delay } from "node:timers/promises";
import { assignCountries } from "../load/country-mix.js";
import { openAll } from "../load/open-all.js";
import { pickBuyers } from "../load/pick-buyers.js";
import { readProc } from "../probes/proc-usage.js";
import type { ConnectionsResult, MemorySnapshot, PhaseResult } from "../results.js";
import { SYSTEMS } from "../results.js";
import { SiteConnection } from "../sites/site-connection.js";
import type { ScenarioContext } from "./context.js";
import { measurePhase } from "./measure-phase.js";

/** Browsers arriving at once; more would mostly measure the handshake queue. */
const OPEN_CONCURRENCY = 25;

/** Longer than the management API's 5 s stats interval, so it has seen every connection. */
const HOLD_MS = 6_000;

const MB = 1024 * 1024;

async function memory(context: ScenarioContext): Promise<MemorySnapshot> {
  const { system } = context;
  const rss = (pid: number | undefined) => {
    const snapshot = pid === undefined ? undefined : readProc(pid);
    return snapshot === undefined ? undefined : snapshot.rssBytes / MB;
  };
  const memUsed = await system.management.nodeMemoryBytes().catch(() => undefined);
  return {
    brokerRssMb: rss(system.brokerPid),
    brokerMemUsedMb: memUsed === undefined ? undefined : memUsed / MB,
    consumerRssMb: rss(system.consumer.child.pid),
    loadgenRssMb: process.memoryUsage().rss / MB,
  };
}

function tally(reasons: readonly string[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
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
  const before = await memory(context);

  const openStarted = performance.now();
  let done = 0;
  progress.start("connections open idle browsers", () => ({ fraction: done / requested, status: `${done} / ${requested}` }));
  const { opened, failures } = await openAll(
    requested,
    (index) => SiteConnection.open({ webStompUrl: system.broker.webStompUrl, country: countries[index] ?? "fr", timeoutMs: options.timeoutMs, stockFeed: options.stockFeed }),
    {
      concurrency: OPEN_CONCURRENCY,
      signal,
      onProgress: (count) => {
        done = count;
      },
    },
  );
  progress.stop();
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
    const whileHeld = await memory(context);
    const held = opened.filter((site) => site.open).length;
    const brokerConnections = await system.management.connectionCount().catch(() => undefined);

    const buyers = pickBuyers(opened, options.buyers, options.mix);
    const buyStarted = performance.now();
    const updatesBeforeBuying = stockUpdates();
    const buying = signal.aborted
      ? undefined
      : await measurePhase(context, {
          scenario: "connections",
          name: "sample buys",
          system: SYSTEMS.tickets,
          load: `${buyers.length} of ${held} held browsers × 1 in flight`,
          loads: [{ kind: "closed", requesters: buyers, inFlight: 1 }],
        });
    const buyingRate = ((stockUpdates() - updatesBeforeBuying) * 1000) / (performance.now() - buyStarted);
    const afterBuying = await memory(context);

    const brokerGrowth = before.brokerRssMb === undefined || whileHeld.brokerRssMb === undefined ? undefined : whileHeld.brokerRssMb - before.brokerRssMb;
    return {
      result: {
        requested,
        opened: opened.length,
        failures: tally(failures),
        openSeconds,
        held,
        brokerConnections,
        before,
        whileHeld,
        afterBuying,
        stockUpdatesPerSecond: options.stockFeed ? { idle: idleRate, buying: buyingRate } : undefined,
        brokerKbPerConnection: brokerGrowth === undefined || opened.length === 0 ? undefined : (brokerGrowth * 1024) / opened.length,
      },
      phases: buying === undefined ? [] : [buying],
    };
  } finally {
    let closed = 0;
    progress.start("connections close them", () => ({ fraction: closed / opened.length, status: `${closed} / ${opened.length}` }));
    await openAll(opened.length, (index) => opened[index]?.close() ?? Promise.resolve(), {
      concurrency: OPEN_CONCURRENCY * 4,
      onProgress: (count) => {
        closed = count;
      },
    });
    progress.stop();
  }
}
