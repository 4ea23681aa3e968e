import { setTimeout as delay } from "node:timers/promises";
import { COUNTRIES, purchaseQueue } from "@repo/contract";
import { ECHO_QUEUES } from "../baseline/echo-queues.js";
import type { Load } from "../load/drive.js";
import { drive } from "../load/drive.js";
import { OUTCOME_STATUSES } from "../load/outcome.js";
import type { HandlingTotals } from "../probes/consumer-metrics.js";
import { readHandling } from "../probes/consumer-metrics.js";
import { Sampler } from "../probes/sampler.js";
import type { PhaseResult, SystemUnderTest } from "../results.js";
import { isEcho, ROLES, SYSTEMS } from "../results.js";
import { summarize } from "../stats/latency.js";
import { phaseStats } from "../stats/phase-stats.js";
import type { ScenarioContext } from "./context.js";

const PURCHASE_QUEUES: readonly string[] = COUNTRIES.map(purchaseQueue);

export interface PhasePlan {
  scenario: string;
  name: string;
  system: SystemUnderTest;
  /** The load in words, for the report. */
  load: string;
  loads: readonly Load[];
  /** Which round of its scenario, for scenarios that alternate systems. */
  round?: number;
  /** Measured time, when not the options' duration. */
  durationMs?: number;
}

/** Mean delivery → reply confirmed in the consumer between two readings of its histogram. */
function handledDuring(before: HandlingTotals | undefined, after: HandlingTotals | undefined): number | undefined {
  if (before === undefined || after === undefined || after.orders <= before.orders) return undefined;
  return ((after.seconds - before.seconds) * 1000) / (after.orders - before.orders);
}

/** Runs one phase with its warm-up, sampling processes and queues, and shows live progress. */
export async function measurePhase(context: ScenarioContext, plan: PhasePlan): Promise<PhaseResult> {
  const { system, progress, signal } = context;
  const options = { ...context.options, durationMs: plan.durationMs ?? context.options.durationMs };
  const echo = isEcho(plan.system);
  const consumerPid = echo ? system.echo?.child.pid : system.consumer.child.pid;
  const sampler = new Sampler(
    { [ROLES.consumer]: consumerPid, [ROLES.broker]: system.brokerPid, [ROLES.loadgen]: process.pid },
    system.queueDepths,
    echo ? ECHO_QUEUES : PURCHASE_QUEUES,
  );

  const live = { confirmed: 0, failed: 0, lastConfirmed: 0, lastAt: performance.now(), rate: 0 };
  const started = performance.now();
  const totalMs = options.warmupMs + options.durationMs;
  const label = `${plan.scenario.padEnd(11)} ${plan.system.padEnd(14)} ${plan.name}`;
  progress.start(label, () => {
    const now = performance.now();
    if (now - live.lastAt >= 1000) {
      live.rate = ((live.confirmed - live.lastConfirmed) * 1000) / (now - live.lastAt);
      live.lastConfirmed = live.confirmed;
      live.lastAt = now;
    }
    const elapsed = now - started;
    const phase = elapsed < options.warmupMs ? "warm-up" : elapsed < totalMs ? "measuring" : "draining";
    return {
      fraction: elapsed / totalMs,
      status: `${phase} · ${Math.round(live.rate)} confirmed/s · ${live.failed} errors/timeouts`,
    };
  });

  // Resources are sampled over the measured window only, like the latencies.
  const pause = (ms: number): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);
  const handling = plan.system === SYSTEMS.tickets ? () => readHandling(system.consumerMetricsUrl) : () => Promise.resolve(undefined);
  const sampled = pause(options.warmupMs).then(async () => {
    sampler.start();
    const handledBefore = await handling();
    await pause(options.durationMs);
    const handledAfter = await handling();
    return { samples: await sampler.stop(), handled: handledDuring(handledBefore, handledAfter) };
  });
  const driven = await drive(plan.loads, {
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    signal,
    onOutcome: ({ status }) => {
      if (status === OUTCOME_STATUSES.confirmed) live.confirmed += 1;
      else if (status !== OUTCOME_STATUSES.rejected) live.failed += 1;
    },
  });
  const { samples, handled } = await sampled;
  progress.stop();

  const stats = phaseStats(driven.outcomes, driven.clock);
  const openRates = plan.loads.flatMap((load) => (load.kind === "open" ? [load.rate] : []));
  return {
    scenario: plan.scenario,
    name: plan.name,
    round: plan.round,
    system: plan.system,
    load: plan.load,
    ...stats,
    resources: samples.processes,
    queueDepths: samples.depths,
    consumerHandlingMs: handled,
    offeredRate: openRates.length === 0 ? undefined : openRates.reduce((sum, rate) => sum + rate, 0),
    scheduleLag: driven.scheduleLagMs.length > 0 ? summarize(driven.scheduleLagMs) : undefined,
    skipped: driven.skipped,
  };
}
