import type { BenchOptions, ScenarioName } from "./options.js";
import type { DepthSample, ProcessUsage } from "./probes/sampler.js";
import type { LatencySummary } from "./stats/latency.js";
import type { PhaseStats } from "./stats/phase-stats.js";

/** Which system a phase measured. */
export const SYSTEMS = {
  /** Browsers over Web-STOMP, the real consumer, SQLite. */
  tickets: "tickets",
  /** amqplib request/reply through the same kind of queues, with a trivial echo consumer. */
  baseline: "baseline",
  /** The browsers' frames over Web-STOMP, answered by the baseline's echo consumer: the path's cost without ours. */
  webStompEcho: "web-stomp echo",
} as const;

/** The systems whose purchases the baseline's echo consumer answers from its own queues. */
export function isEcho(system: SystemUnderTest): boolean {
  return system !== SYSTEMS.tickets;
}

export type SystemUnderTest = (typeof SYSTEMS)[keyof typeof SYSTEMS];

/** The steady phase of ours alone at half its own maximum. */
export const HALF_OUR_MAX = "half our max";

/** The steady phase every system runs at the same rate, the one the latency target judges. */
export const FIXED_RATE = "fixed rate";

/** Max's only phase when it runs one round; with more, each is named `round <n>`. */
export const SATURATED = "saturated";

/** The flood phase where every country is backlogged, the one the fairness target judges. */
export const ALL_BACKLOGGED = "all backlogged";

/** The flood phase where the others buy at a normal pace while one country floods. */
export const OTHERS_BROWSE = "others browse";

/** The connections phase where a sample of the held connections buys. */
export const SAMPLE_BUYS = "sample buys";

/** Process roles whose CPU and memory each phase samples. */
export const ROLES = {
  /** The tickets consumer, or the echo consumer in a baseline or Web-STOMP echo phase. */
  consumer: "consumer",
  broker: "broker",
  /** This process: the simulated browsers or the baseline's clients. */
  loadgen: "loadgen",
} as const;

export interface PhaseResult extends PhaseStats {
  scenario: ScenarioName;
  /** The phase's own name within its scenario, e.g. ALL_BACKLOGGED. */
  name: string;
  /** Which round, in a scenario that alternates its systems (max). */
  round: number | undefined;
  system: SystemUnderTest;
  /** The load in words, e.g. "40 browsers × 4 in flight". */
  load: string;
  resources: Partial<Record<string, ProcessUsage>>;
  queueDepths: DepthSample[];
  /**
   * The consumer's own mean time from delivery to reply confirmed (its
   * handling histogram) over the window; the rest of a purchase's latency is
   * the browser, Web-STOMP and the queue. Undefined for the baseline and the Web-STOMP echo.
   */
  consumerHandlingMs: number | undefined;
  /**
   * Purchases/s the phase's open loads were scheduled to send, all together:
   * the rate offered, which the confirmed/s falls short of when answers do
   * not keep up. Undefined without open loads; closed loads are not counted.
   */
  offeredRate: number | undefined;
  /**
   * Open loads only: how late the generator sent the window's purchases after
   * their schedule, its own send delay. Already part of their `latency`,
   * which runs from the schedule; apart here to tell the generator's share.
   */
  scheduleLag: LatencySummary | undefined;
  /** Open loads only: the window's purchases not sent, their requester having too many unanswered; not among `errors`, the report gives them their own column. */
  skipped: number;
}

/** Which phases a lookup wants; a field left out matches every phase. */
export interface PhaseQuery {
  scenario: ScenarioName;
  name?: string;
  system?: SystemUnderTest;
}

function matches(phase: PhaseResult, { scenario, name, system }: PhaseQuery): boolean {
  return phase.scenario === scenario && (name === undefined || phase.name === name) && (system === undefined || phase.system === system);
}

/** The first phase the query matches, in run order. */
export function findPhase(phases: readonly PhaseResult[], query: PhaseQuery): PhaseResult | undefined {
  return phases.find((phase) => matches(phase, query));
}

/** Every phase the query matches, in run order. */
export function findPhases(phases: readonly PhaseResult[], query: PhaseQuery): PhaseResult[] {
  return phases.filter((phase) => matches(phase, query));
}

/** Memory of the broker and the consumer at one moment of the connections scenario. */
export interface MemorySnapshot {
  brokerRssMb: number | undefined;
  /** What the broker accounts for itself (management API). */
  brokerMemUsedMb: number | undefined;
  consumerRssMb: number | undefined;
  loadgenRssMb: number | undefined;
}

export interface ConnectionsResult {
  requested: number;
  opened: number;
  /** Distinct reasons connections failed to open, with counts. */
  failures: { reason: string; count: number }[];
  openSeconds: number;
  /** Still connected after the hold. */
  held: number;
  /** Connections the broker reported while they were held (management API). */
  brokerConnections: number | undefined;
  /** Before opening them, once the earlier phases' queues drained and mem_used was sampled afresh. */
  before: MemorySnapshot;
  /** Messages still queued when `before` was taken, by queue (-1: unreadable); empty when they had drained. */
  queuedBefore: Record<string, number>;
  whileHeld: MemorySnapshot;
  afterBuying: MemorySnapshot;
  /** Stock broadcasts delivered to all held connections together, while idle and while the sample bought; undefined without the feed. */
  stockUpdatesPerSecond: { idle: number; buying: number } | undefined;
  /** Broker memory per idle connection, from the RSS difference; undefined when RSS did not grow (see brokerKbPerConnection). */
  brokerKbPerConnection: number | undefined;
}

export interface TargetCheck {
  name: string;
  goal: string;
  measured: string;
  /** undefined when the run did not measure it as the goal states (not run, or steady at another rate than half the ceiling). */
  met: boolean | undefined;
}

/** Contention of the machine at one moment; other work on it makes the numbers noisy. */
export interface Pressure {
  /** 1-minute load average. */
  loadAverage: number;
  /** Percent of the last minute some task waited for a CPU (Linux PSI); undefined without PSI. */
  cpuSomeAvg60: number | undefined;
  /** Same for I/O: fsync-bound work (quorum queues, SQLite) slows down with it. */
  ioSomeAvg60: number | undefined;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  rabbitmq: string | undefined;
  /** When the run started and ended: a busy machine makes noisy numbers. */
  pressure: { start: Pressure; end: Pressure };
}

/**
 * What max measured, over its rounds: medians of each system's confirmed/s,
 * so one disturbed round cannot make the headline. The field names are
 * results.json's (`comparison`), which docs/performance publishes.
 */
export interface MaxSummary {
  /** The baseline's confirmed/s under max. */
  ceiling: number | undefined;
  /** The Web-STOMP echo's confirmed/s under max: what browsers can get through this broker with a consumer that does nothing. */
  webStompEcho: number | undefined;
  /** Ours under max. */
  maxThroughput: number | undefined;
  /** Ours over the ceiling: the median of the rounds' ratios, each of ours against the baseline of its own round. */
  ratio: number | undefined;
  /** The lowest and highest ratio of a round: how much the machine moved under the run. */
  ratioRange: [number, number] | undefined;
  /** Rounds max ran. */
  rounds: number;
}

export interface BenchResult {
  startedAt: string;
  seconds: number;
  machine: MachineInfo;
  options: BenchOptions;
  nodeChanges: string[];
  phases: PhaseResult[];
  connections: ConnectionsResult | undefined;
  /** Max's summary, and the rate steady ran at. */
  comparison: MaxSummary & { steadyRate: number | undefined };
  targets: TargetCheck[];
}
