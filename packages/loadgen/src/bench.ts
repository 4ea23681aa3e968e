import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { COUNTRIES } from "@repo/contract";
import { EchoRequester } from "./baseline/echo-requester.js";
import { assignCountries, countriesWithBrowsers, countryAt } from "./load/country-mix.js";
import { openFleet } from "./load/fleet.js";
import { busyMachineWarning, describeMachine, otherWorkShare, readPressure } from "./machine.js";
import { summarizeMax } from "./max-summary.js";
import type { BenchOptions } from "./options.js";
import type { Progress } from "./progress.js";
import type { BenchResult, ConnectionsResult, PhaseResult } from "./results.js";
import { runConnections } from "./scenarios/connections.js";
import type { ScenarioContext } from "./scenarios/context.js";
import { runFlood } from "./scenarios/flood.js";
import { runMax } from "./scenarios/max.js";
import { runSteady } from "./scenarios/steady.js";
import type { OnStage } from "./run-stage.js";
import { RUN_STAGES, watchMeasured } from "./run-stage.js";
import type { SteadyPace } from "./scenarios/steady-rate.js";
import { halfOurMaxRate, STEADY_RATE_SOURCES, steadyPace } from "./scenarios/steady-rate.js";
import { SiteConnection } from "./sites/site-connection.js";
import type { BenchNeeds } from "./system/broker-limits.js";
import type { BenchSystem } from "./system/bench-system.js";
import { startBenchSystem } from "./system/bench-system.js";
import type { RunEnd } from "./system/work-dir.js";
import { RUN_ENDS } from "./system/work-dir.js";
import { SystemWatch } from "./system/system-watch.js";
import { checkTargets } from "./targets.js";

const FLEET_CONCURRENCY = 20;

/** The consumer's, the echo consumer's and the bench's own connections and queues, besides the browsers'. */
const HEADROOM = 20;

/** Whether the run measures the amqplib echo: only max and steady compare with it. */
function wantsBaseline(options: BenchOptions): boolean {
  return options.baseline && (options.scenarios.includes("max") || options.scenarios.includes("steady"));
}

/** What the run will hold at its peak, so the bench node's limits can be checked before it starts. */
export function benchNeeds(options: BenchOptions): BenchNeeds {
  const perSite = (total: number) => {
    const countries = assignCountries(total, options.mix);
    return Math.max(...COUNTRIES.map((country) => countries.filter((each) => each === country).length));
  };
  // Max and steady with a baseline open the amqplib clients; max also the Web-STOMP echo's browsers, who log in as
  // the sites do.
  const amqpEchoes = wantsBaseline(options);
  const webStompEchoes = options.baseline && options.scenarios.includes("max");
  const browserFleets = webStompEchoes ? 2 : 1;
  const fleets = options.connections * (browserFleets + (amqpEchoes ? 1 : 0));
  const peak = Math.max(fleets, options.scenarios.includes("connections") ? options.idleConnections : 0);
  return {
    connectionsPerSite: Math.max(
      browserFleets * perSite(options.connections),
      options.scenarios.includes("connections") ? perSite(options.idleConnections) : 0,
    ),
    connections: peak + HEADROOM,
    // Every browser owns a reply queue (the stock is one stream for all); a baseline client, a reply queue.
    queues: peak + HEADROOM,
  };
}

/** Steady, max and flood share one set of browsers and one set of baseline clients. */
async function runLoadScenarios(
  options: BenchOptions,
  system: BenchSystem,
  progress: Progress,
  signal: AbortSignal,
  onStage: OnStage,
): Promise<{ phases: PhaseResult[]; steadyPace: SteadyPace | undefined }> {
  const countries = assignCountries(options.connections, options.mix);
  const fleet = { concurrency: FLEET_CONCURRENCY, signal, tolerateFailures: false };
  const { opened: sites } = await openFleet(
    progress,
    "setup       open the browsers",
    options.connections,
    (index) =>
      SiteConnection.open({ webStompUrl: system.broker.webStompUrl, country: countryAt(countries, index), timeoutMs: options.timeoutMs, stockFeed: options.stockFeed }),
    fleet,
  );
  const echoes: EchoRequester[] = [];
  const webStompEchoes: SiteConnection[] = [];
  try {
    if (system.echo !== undefined) {
      const amqpUrl = system.broker.amqpUrlFor(system.broker.adminCredentials);
      const { opened } = await openFleet(
        progress,
        "setup       open the baseline clients",
        options.connections,
        (index) => EchoRequester.open({ amqpUrl, country: countryAt(countries, index), timeoutMs: options.timeoutMs }),
        fleet,
      );
      echoes.push(...opened);
    }
    if (system.echo !== undefined && options.scenarios.includes("max")) {
      const { opened } = await openFleet(
        progress,
        "setup       open the Web-STOMP echo browsers",
        options.connections,
        (index) =>
          SiteConnection.open({
            webStompUrl: system.broker.webStompUrl,
            country: countryAt(countries, index),
            timeoutMs: options.timeoutMs,
            // Subscribed, they would be as many more tabs receiving the stock while ours runs.
            stockFeed: false,
            echo: true,
          }),
        fleet,
      );
      webStompEchoes.push(...opened);
    }
    const context: ScenarioContext = { options, system, progress, signal, onStage, sites, echoes, webStompEchoes };
    const phases: PhaseResult[] = [];
    let pace: SteadyPace | undefined;
    if (options.scenarios.includes("max") && !signal.aborted) phases.push(...(await runMax(context)));
    if (options.scenarios.includes("steady") && !signal.aborted) {
      const max = summarizeMax(phases);
      pace = steadyPace(options.rate, max.ceiling, max.maxThroughput);
      // A rate asked for on the command line is all that runs.
      const halfOurs = pace.source === STEADY_RATE_SOURCES.requested ? undefined : halfOurMaxRate(max.maxThroughput, pace.rate);
      phases.push(...(await runSteady(context, pace.rate, halfOurs)));
    }
    if (options.scenarios.includes("flood") && !signal.aborted) phases.push(...(await runFlood(context)));
    return { phases, steadyPace: pace };
  } finally {
    await Promise.all([...sites, ...echoes, ...webStompEchoes].map((each) => each.close()));
  }
}

/**
 * Boots the system, runs the chosen scenarios in order and tears everything
 * down, whatever happens. `onStage` hears when a phase sends, when the last
 * one was measured (once its last purchase was answered or timed out, before
 * anything is closed) and when
 * the teardown begins: an interrupt after the last phase must not discard
 * the run.
 */
export async function runBench(options: BenchOptions, progress: Progress, signal: AbortSignal, onStage: OnStage): Promise<BenchResult> {
  const startedAt = new Date();
  const pressureAtStart = readPressure();
  const busy = busyMachineWarning(await otherWorkShare(), availableParallelism());
  if (busy !== undefined) progress.log(busy);
  const system = await startBenchSystem({
    baseline: wantsBaseline(options),
    needs: benchNeeds(options),
    keepFiles: options.keepFiles,
    profileDir: options.profileDir,
    stockIntervalMs: options.stockIntervalMs,
    log: (line) => {
      progress.log(line);
    },
    signal,
  });
  let end: RunEnd = RUN_ENDS.failed;
  // The last phase marks the run measured once its purchases were answered or timed out, before anything is closed.
  const measurement = watchMeasured(signal, onStage);
  const watch = new SystemWatch({ ...system, brokerLinkClosed: system.queueDepths.closed }, signal);
  // What stops a phase: the user's interrupt, or a part of the system that went.
  const stopped = AbortSignal.any([signal, watch.signal]);
  try {
    const phases: PhaseResult[] = [];
    let pace: SteadyPace | undefined;
    if (options.scenarios.some((scenario) => scenario !== "connections")) {
      const loaded = await runLoadScenarios(options, system, progress, stopped, measurement.onStage);
      phases.push(...loaded.phases);
      pace = loaded.steadyPace;
    }
    let connections: ConnectionsResult | undefined;
    if (options.scenarios.includes("connections") && !stopped.aborted) {
      const context: ScenarioContext = { options, system, progress, signal: stopped, onStage: measurement.onStage, sites: [], echoes: [], webStompEchoes: [] };
      const held = await runConnections(context);
      connections = held.result;
      phases.push(...held.phases);
    }
    // A run measured against a dead consumer or broker fails: its figures would be the timeouts that followed.
    if (watch.failure !== undefined) throw watch.failure;
    // Unless the last phase already did (the first mark counts): it was cut short, or never ran because of an interrupt.
    measurement.onStage(RUN_STAGES.measured);
    const measuredUninterrupted = measurement.measuredUninterrupted() === true;
    if (options.profileDir !== undefined) progress.log(`The consumer writes its CPU profile into ${resolve(options.profileDir)} as it stops.`);

    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      machine: await describeMachine(system.management, pressureAtStart),
      options,
      nodeChanges: system.nodeChanges,
      phases,
      connections,
      comparison: { ...summarizeMax(phases), steadyRate: pace?.rate },
      targets: checkTargets(phases, connections, pace, countriesWithBrowsers(options.connections, options.mix)),
    };
    // Interrupted means before the last phase was measured; an interrupt after that changes nothing.
    end = measuredUninterrupted ? RUN_ENDS.finished : RUN_ENDS.interrupted;
    return result;
  } catch (error) {
    // A phase that gave up because a part went fails with that part's end, not with how the phase noticed.
    throw watch.failure ?? error;
  } finally {
    watch.stop();
    onStage(RUN_STAGES.tearingDown);
    progress.log("Stopping the consumer and deleting the bench node…");
    // A step that gave up because of the interrupt throws like a failure, but is not one.
    await system.stop(end === RUN_ENDS.failed && signal.aborted ? RUN_ENDS.interrupted : end);
  }
}
