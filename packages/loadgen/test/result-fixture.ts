import type { Country } from "@repo/contract";
import { COUNTRIES, perCountry } from "@repo/contract";
import type { ScenarioName } from "../src/options.js";
import { DEFAULT_OPTIONS } from "../src/options.js";
import type { BenchResult, ConnectionsResult, MemorySnapshot, PhaseResult, SystemUnderTest } from "../src/results.js";
import { ALL_BACKLOGGED, FIXED_RATE } from "../src/results.js";
import { summarizeMax } from "../src/max-summary.js";
import { STEADY_RATE_SOURCES } from "../src/scenarios/steady-rate.js";
import { checkTargets } from "../src/targets.js";

/** A phase as a run reports it, with round numbers; `shares` defaults to an even split. */
export function phase(
  scenario: ScenarioName,
  system: SystemUnderTest,
  throughput: number,
  p99: number,
  shares: Record<Country, number> = perCountry(() => 1 / COUNTRIES.length),
): PhaseResult {
  const latency = { count: throughput * 10, mean: p99 / 3, p50: p99 / 4, p95: p99 / 2, p99, max: p99 * 2 };
  return {
    scenario,
    name: scenario === "flood" ? ALL_BACKLOGGED : scenario === "steady" ? FIXED_RATE : "run",
    round: scenario === "max" ? 1 : undefined,
    system,
    load: "40 browsers × 4 in flight",
    windowSeconds: 10,
    sent: throughput * 10,
    confirmed: throughput * 10,
    rejected: 0,
    timeouts: 0,
    errors: 0,
    throughput,
    latency,
    acceptLatency: latency,
    countries: COUNTRIES.map((country) => ({
      country,
      sent: throughput * 10 * shares[country],
      confirmed: throughput * 10 * shares[country],
      rejected: 0,
      timeouts: 0,
      errors: 0,
      throughput: throughput * shares[country],
      share: shares[country],
      latency,
    })),
    timeline: [0, 1, 2].map((t) => ({ t, confirmed: { fr: 10, de: 10, gb: 10, es: 10 }, p50: p99 / 4, p99 })),
    problems: [],
    resources: {
      consumer: { cpuPercent: 80, rssMaxMb: 90, rssEndMb: 85 },
      broker: { cpuPercent: 60, rssMaxMb: 300, rssEndMb: 280 },
      loadgen: { cpuPercent: 20, rssMaxMb: 110, rssEndMb: 100 },
    },
    queueDepths: [{ t: 0, depths: { "purchases.fr": 3 } }],
    consumerHandlingMs: system === "tickets" ? p99 / 10 : undefined,
    offeredRate: scenario === "steady" ? throughput : undefined,
    scheduleLag: undefined,
    skipped: 0,
  };
}

/** A whole run: max against the baseline and the Web-STOMP echo, steady against the baseline, and a flood. */
export function benchResult(phases: PhaseResult[] = [
  phase("max", "baseline", 3000, 80),
  phase("max", "web-stomp echo", 2800, 85),
  phase("max", "tickets", 2700, 90),
  phase("steady", "baseline", 1500, 4),
  phase("steady", "tickets", 1500, 7),
  phase("flood", "tickets", 2600, 900),
]): BenchResult {
  return {
    startedAt: "2026-11-25T18:00:00.000Z",
    seconds: 120,
    machine: { cpus: 2, cpuModel: "Test CPU", memoryGb: 24, os: "Linux 6.1", node: "v20.20.0", rabbitmq: "3.10.8", pressure: { start: { loadAverage: 0.5, cpuSomeAvg60: 1, ioSomeAvg60: 0 }, end: { loadAverage: 1.5, cpuSomeAvg60: 2, ioSomeAvg60: 0 } } },
    options: DEFAULT_OPTIONS,
    nodeChanges: [],
    phases,
    connections: undefined,
    comparison: { ...summarizeMax(phases), steadyRate: 1500 },
    targets: checkTargets(phases, undefined, { rate: 1500, source: STEADY_RATE_SOURCES.ceiling }, COUNTRIES),
  };
}

/** Memory as the bench samples it: the consumer's RSS and the broker's as given, round figures for the rest. */
export function memorySnapshot(consumerRssMb: number, brokerRssMb = 800): MemorySnapshot {
  return { brokerRssMb, brokerMemUsedMb: brokerRssMb, consumerRssMb, loadgenRssMb: 110 };
}

/** 1,000 idle connections held to the end, the consumer at 120 MB while they were. */
export function heldConnections(overrides: Partial<ConnectionsResult> = {}): ConnectionsResult {
  return {
    requested: 1000,
    opened: 1000,
    failures: [],
    openSeconds: 5,
    held: 1000,
    brokerConnections: 1007,
    before: memorySnapshot(80),
    queuedBefore: {},
    whileHeld: memorySnapshot(120),
    afterBuying: memorySnapshot(120),
    stockUpdatesPerSecond: undefined,
    brokerKbPerConnection: 500,
    ...overrides,
  };
}
