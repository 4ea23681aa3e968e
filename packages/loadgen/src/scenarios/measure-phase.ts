import { COUNTRIES, purchaseQueue } from "@repo/contract";
import { ECHO_QUEUES } from "../baseline/echo-queues.js";
import type { DriveResult, Load } from "../load/drive.js";
import { drive } from "../load/drive.js";
import { OUTCOME_STATUSES } from "../load/outcome.js";
import type { ScenarioName } from "../options.js";
import type { HandlingTotals } from "../probes/consumer-metrics.js";
import { readHandling } from "../probes/consumer-metrics.js";
import type { Drain } from "../probes/queue-drain.js";
import { drainProblems, waitForDrain } from "../probes/queue-drain.js";
import { Sampler } from "../probes/sampler.js";
import type { PhaseResult, SystemUnderTest } from "../results.js";
import { isEcho, ROLES, SYSTEMS } from "../results.js";
import { whole } from "../report/format.js";
import { isLastScenario, RUN_STAGES, stageAfterPhase } from "../run-stage.js";
import { summarize } from "../stats/latency.js";
import { phaseStats } from "../stats/phase-stats.js";
import type { ScenarioContext } from "./context.js";
import { sampleWindow } from "./sample-window.js";

/** The country queues our consumer reads. */
export const PURCHASE_QUEUES: readonly string[] = COUNTRIES.map(purchaseQueue);

/**
 * How long a phase waits for both systems' queues to empty. Whatever the
 * previous phase left (purchases it gave up on after --timeout) drains at
 * hundreds a second, so this is far more than a healthy run needs.
 */
const DRAIN_TIMEOUT_MS = 30_000;

export interface PhasePlan {
  scenario: ScenarioName;
  name: string;
  system: SystemUnderTest;
  /** The load in words, for the report. */
  load: string;
  loads: readonly Load[];
  /** Which round of its scenario, for scenarios that alternate systems. */
  round?: number;
  /** Measured time, when not the options' duration. */
  durationMs?: number;
  /**
   * The scenario's last phase. When its scenario is the run's last too, the
   * run counts as measured once this phase's last purchase was answered or
   * timed out, before anything is closed: an interrupt after that keeps the run.
   */
  lastOfScenario?: boolean;
}

/** Mean delivery → reply confirmed in the consumer between two readings of its histogram. */
function handledDuring(before: HandlingTotals | undefined, after: HandlingTotals | undefined): number | undefined {
  if (before === undefined || after === undefined || after.orders <= before.orders) return undefined;
  return ((after.seconds - before.seconds) * 1000) / (after.orders - before.orders);
}

/**
 * A phase's problems, as the report lists them, for connections that had
 * closed: the load then was smaller than the phase's `load` says, and
 * nothing else would show it (a closed-loop requester sends nothing more).
 */
function closedProblems({ closedBefore, closedDuring }: DriveResult): { detail: string; count: number }[] {
  const problems: { detail: string; count: number }[] = [];
  if (closedBefore > 0) problems.push({ detail: "connection closed before this phase began: the phase ran without it", count: closedBefore });
  if (closedDuring > 0) problems.push({ detail: "connection closed while this phase ran", count: closedDuring });
  return problems;
}

/**
 * Waits, with progress shown while anything is left, until `queues` are
 * empty or DRAIN_TIMEOUT_MS has passed; says so when they did not empty.
 */
export async function drainFirst(context: ScenarioContext, label: string, queues: readonly string[]): Promise<Drain> {
  const { system, progress, signal } = context;
  // Shown only once a reading finds something left: most phases start on empty queues and need no line of their own.
  const view = { shown: false, left: 0 };
  const started = performance.now();
  const drain = await waitForDrain(system.queueDepths, queues, {
    timeoutMs: DRAIN_TIMEOUT_MS,
    signal,
    onDepths: (depths) => {
      view.left = Object.values(depths).reduce((sum, depth) => sum + Math.max(0, depth), 0);
      if (view.shown || Object.values(depths).every((depth) => depth === 0)) return;
      view.shown = true;
      progress.start(label, () => ({
        fraction: (performance.now() - started) / DRAIN_TIMEOUT_MS,
        status: `waiting for the queues to drain · ${view.left} messages left`,
      }));
    },
  });
  if (view.shown) progress.stop();
  if (!drain.drained && !signal.aborted) {
    const queued = Object.entries(drain.left).map(([queue, depth]) => `${queue} ${depth < 0 ? "unreadable" : depth}`);
    progress.log(`${label.trim()}: the queues did not drain in ${DRAIN_TIMEOUT_MS / 1000} s (${queued.join(", ")}); measuring anyway, the report says so.`);
  }
  return drain;
}

/**
 * Runs one phase with its warm-up, sampling processes and queues, and shows
 * live progress. It starts only once both systems' queues are empty (or
 * after a bounded wait, which the phase's problems then record).
 */
export async function measurePhase(context: ScenarioContext, plan: PhasePlan): Promise<PhaseResult> {
  const { system, progress, signal } = context;
  const options = { ...context.options, durationMs: plan.durationMs ?? context.options.durationMs };
  const echo = isEcho(plan.system);
  const queues = echo ? ECHO_QUEUES : PURCHASE_QUEUES;
  const label = `${plan.scenario.padEnd(11)} ${plan.system.padEnd(14)} ${plan.name}`;
  // Both consumers share the machine: a backlog the other system is still working through would take CPU from this one.
  const drain = await drainFirst(context, label, system.echo === undefined ? PURCHASE_QUEUES : [...PURCHASE_QUEUES, ...ECHO_QUEUES]);

  const consumerPid = echo ? system.echo?.child.pid : system.consumer.child.pid;
  const sampler = new Sampler({ [ROLES.consumer]: consumerPid, [ROLES.broker]: system.brokerPid, [ROLES.loadgen]: process.pid }, system.queueDepths, queues);
  const live = { confirmed: 0, failed: 0, lastConfirmed: 0, lastAt: performance.now(), rate: 0 };
  const started = performance.now();
  const totalMs = options.warmupMs + options.durationMs;
  progress.start(label, () => {
    const now = performance.now();
    if (now - live.lastAt >= 1000) {
      live.rate = ((live.confirmed - live.lastConfirmed) * 1000) / (now - live.lastAt);
      live.lastConfirmed = live.confirmed;
      live.lastAt = now;
    }
    const elapsed = now - started;
    const phase = elapsed < options.warmupMs ? "warm-up" : elapsed < totalMs ? "measuring" : "draining";
    // The rate is the last second's; once measuring is over, it would freeze on the final line beside a report
    // that averages the whole window, so the line ends on the count instead.
    const figures = phase === "draining" ? `${whole(live.confirmed)} confirmed in all` : `${whole(live.rate)}/s now`;
    return {
      fraction: elapsed / totalMs,
      status: `${phase} · ${figures} · ${whole(live.failed)} failed`,
    };
  });

  // Resources are sampled over the measured window only, like the latencies: the same clock as drive's.
  const handling = plan.system === SYSTEMS.tickets ? () => readHandling(system.consumerMetricsUrl) : () => Promise.resolve(undefined);
  const sampled = sampleWindow({ from: started + options.warmupMs, to: started + totalMs }, sampler, handling, signal);
  context.onStage(RUN_STAGES.measuring);
  const driven = await drive(plan.loads, {
    startedAt: started,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    signal,
    onOutcome: ({ status }) => {
      if (status === OUTCOME_STATUSES.confirmed) live.confirmed += 1;
      else if (status !== OUTCOME_STATUSES.rejected) live.failed += 1;
    },
  }).finally(() => {
    const lastOfRun = plan.lastOfScenario === true && isLastScenario(plan.scenario, context.options.scenarios);
    context.onStage(stageAfterPhase(lastOfRun, signal.aborted));
  });
  const { samples, atStart, atEnd } = await sampled;
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
    // First: a phase that began on a backlog or short of connections is worth saying before its own timeouts.
    problems: [...drainProblems(drain), ...closedProblems(driven), ...stats.problems],
    resources: samples.processes,
    queueDepths: samples.depths,
    consumerHandlingMs: handledDuring(atStart, atEnd),
    offeredRate: openRates.length === 0 ? undefined : openRates.reduce((sum, rate) => sum + rate, 0),
    scheduleLag: driven.scheduleLagMs.length > 0 ? summarize(driven.scheduleLagMs) : undefined,
    skipped: driven.skipped,
  };
}
