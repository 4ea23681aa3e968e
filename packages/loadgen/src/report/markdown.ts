import type { BenchResult, ConnectionsResult, MemorySnapshot, PhaseResult, Pressure, SystemUnderTest } from "../results.js";
import { maxPhases, median, roundRatios } from "../max-summary.js";
import { OPEN_LOOP_MAX_IN_FLIGHT } from "../load/drive.js";
import { SAMPLE_INTERVAL_MS } from "../probes/sampler.js";
import { findPhase, FIXED_RATE, HALF_OUR_MAX, ROLES, SYSTEMS } from "../results.js";
import { fixed, markdownTable, percent, whole } from "./format.js";

function verdict(met: boolean | undefined): string {
  if (met === undefined) return "– not judged";
  return met ? "✅ met" : "❌ missed";
}

function phaseLabel(phase: PhaseResult): string {
  return `${phase.scenario} · ${phase.name}`;
}

function pressure({ loadAverage, cpuSomeAvg60, ioSomeAvg60 }: Pressure): string {
  const psi = cpuSomeAvg60 === undefined ? "" : `, CPU pressure ${fixed(cpuSomeAvg60)} %, I/O pressure ${fixed(ioSomeAvg60)} %`;
  return `load average ${fixed(loadAverage, 2)}${psi}`;
}

/** A consumer setting the run changed from its default, which every scenario's figures depend on. */
function consumerSettingsNote(stockIntervalMs: number | undefined): string {
  return stockIntervalMs === undefined ? "" : ` The consumer ran with ${stockInterval(stockIntervalMs)} (--stock-interval).`;
}

function machineLine({ machine, startedAt, seconds, options }: BenchResult): string {
  return (
    `${startedAt}, ${Math.round(seconds)} s. ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.os}, ` +
    `Node ${machine.node}, RabbitMQ ${machine.rabbitmq ?? "?"}. ` +
    `At the start ${pressure(machine.pressure.start)} ` +
    "(other work on the machine makes the numbers noisy; quiet is a load average well under the core count and pressures near 0); " +
    // Both are averages over the last minute, so at the end they are mostly the bench's own load.
    `at the end, the bench's own last minute included, ${pressure(machine.pressure.end)}.` +
    consumerSettingsNote(options.stockIntervalMs)
  );
}

function targetsTable(result: BenchResult): string {
  return markdownTable(
    ["target", "goal", "measured", "verdict"],
    result.targets.map((target) => [target.name, target.goal, target.measured, verdict(target.met)]),
  );
}

/**
 * Ours next to the broker's own ceiling: the table people ask for first.
 * A row per scenario that ran (max, steady); undefined when neither did,
 * where rows of dashes would read as measured and empty.
 */
function comparisonTable(result: BenchResult): string | undefined {
  const { comparison } = result;
  const ranMax = findPhase(result.phases, { scenario: "max" }) !== undefined;
  const ours = findPhase(result.phases, { scenario: "steady", name: FIXED_RATE, system: SYSTEMS.tickets });
  const baseline = findPhase(result.phases, { scenario: "steady", name: FIXED_RATE, system: SYSTEMS.baseline });
  const relaxed = findPhase(result.phases, { scenario: "steady", name: HALF_OUR_MAX });
  const latency = (phase: PhaseResult | undefined) =>
    phase === undefined ? "–" : `${fixed(phase.latency.p50)} / ${fixed(phase.latency.p99)} / ${fixed(phase.latency.max)}`;
  const rounds = comparison.rounds > 1 ? `, median of ${comparison.rounds} rounds` : "";
  const range = comparison.ratioRange === undefined || comparison.rounds < 2 ? "" : ` (${percent(comparison.ratioRange[0])}–${percent(comparison.ratioRange[1])})`;
  const rows: string[][] = [];
  if (ranMax) {
    rows.push([`max: confirmed orders/s${rounds}`, whole(comparison.maxThroughput), whole(comparison.webStompEcho), whole(comparison.ceiling), `${percent(comparison.ratio)}${range}`]);
  }
  if (ours !== undefined || baseline !== undefined) {
    rows.push([
      `steady at ${whole(comparison.steadyRate)}/s: p50 / p99 / max ms`,
      latency(ours),
      "–",
      latency(baseline),
      ours === undefined || baseline === undefined || !(ours.latency.p99 > 0 && baseline.latency.p99 > 0)
        ? "–"
        : `p99 × ${fixed(ours.latency.p99 / baseline.latency.p99)}`,
    ]);
  }
  // The rate sent, like the row above: what it confirmed is in the phase table, and may be less.
  if (relaxed !== undefined) rows.push([`steady at ${whole(relaxed.offeredRate)}/s, half our max: p50 / p99 / max ms`, latency(relaxed), "–", "–", "–"]);
  if (rows.length === 0) return undefined;
  return markdownTable(
    ["", "tickets (Web-STOMP → consumer → SQLite)", "Web-STOMP echo (same frames, echo consumer)", "baseline (amqplib echo)", "ours / baseline"],
    rows,
    ["l", "r", "r", "r", "r"],
  );
}

/**
 * The max gap in two steps: baseline → Web-STOMP echo is what the browsers'
 * protocol path costs (broker and client), Web-STOMP echo → tickets is what
 * our consumer costs. Undefined unless all three ran. The shares pair each
 * round's turns, as the headline ratio does, so the sentence cannot say
 * otherwise than the table above it; the quotient of the median throughputs
 * can differ from them when the machine drifts between rounds.
 */
function whereTheGapGoes(result: BenchResult): string | undefined {
  const { webStompEcho: path, maxThroughput: ours, rounds } = result.comparison;
  const pathShare = median(roundRatios(result.phases, SYSTEMS.webStompEcho, SYSTEMS.baseline));
  const kept = median(roundRatios(result.phases, SYSTEMS.tickets, SYSTEMS.webStompEcho));
  if (ours === undefined || path === undefined || pathShare === undefined || kept === undefined) return undefined;
  // Medians over the rounds, like the throughputs.
  const cpu = (system: SystemUnderTest) => fixed(median(maxPhases(result.phases, system).flatMap((phase) => cpuPerOrderMs(phase).total ?? [])), 2);
  const perRound = rounds > 1 ? ` Shares are medians of the ${rounds} rounds' own ratios, as for ours / baseline above.` : "";
  return (
    `Where the gap goes: the same browser frames answered by the echo consumer reach ${whole(path)}/s, ` +
    `${percent(pathShare)} of the baseline, so the Web-STOMP path itself costs ${percent(1 - pathShare)} of the ceiling ` +
    `(CPU per order ${cpu(SYSTEMS.baseline)} ms → ${cpu(SYSTEMS.webStompEcho)} ms, all three processes on the same cores). ` +
    `Our consumer, from that ${whole(path)}/s to ${whole(ours)}/s, keeps ${percent(kept)} of what the path allows ` +
    `(CPU per order ${cpu(SYSTEMS.tickets)} ms).${perRound}`
  );
}

function phasesTable(result: BenchResult): string {
  const usage = (phase: PhaseResult, role: string) => {
    const used = phase.resources[role];
    return used === undefined ? "–" : `${whole(used.cpuPercent)} % · ${whole(used.rssMaxMb)} MB`;
  };
  return markdownTable(
    // "not sent" is results.json's `skipped`, apart from `errors` as there: those purchases never reached the broker.
    ["phase", "system", "load", "confirmed/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "sent", "errors", "timeouts", "not sent", "consumer handling ms", "consumer CPU · RSS", "broker CPU · RSS", "loadgen CPU"],
    result.phases.map((phase) => [
      phaseLabel(phase),
      phase.system,
      phase.load,
      whole(phase.throughput),
      fixed(phase.latency.p50),
      fixed(phase.latency.p95),
      fixed(phase.latency.p99),
      fixed(phase.latency.max),
      whole(phase.sent),
      whole(phase.errors),
      whole(phase.timeouts),
      whole(phase.skipped),
      fixed(phase.consumerHandlingMs, 2),
      usage(phase, ROLES.consumer),
      usage(phase, ROLES.broker),
      cpuOnly(phase.resources[ROLES.loadgen]?.cpuPercent),
    ]),
    ["l", "l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
  );
}

function countriesTable(result: BenchResult): string {
  const rows = result.phases
    .filter((phase) => phase.system === SYSTEMS.tickets)
    .flatMap((phase) =>
      phase.countries
        .filter((country) => country.sent > 0)
        .map((country) => [
          phaseLabel(phase),
          country.country,
          whole(country.throughput),
          percent(country.share, 1),
          fixed(country.latency.p50),
          fixed(country.latency.p99),
          fixed(country.latency.max),
          whole(country.errors),
          whole(country.timeouts),
        ]),
    );
  return markdownTable(["phase", "country", "confirmed/s", "share", "p50 ms", "p99 ms", "max ms", "errors", "timeouts"], rows, [
    "l",
    "l",
    "r",
    "r",
    "r",
    "r",
    "r",
    "r",
    "r",
  ]);
}

function memoryRow(label: string, memory: MemorySnapshot): string[] {
  return [label, fixed(memory.brokerRssMb, 0), fixed(memory.brokerMemUsedMb, 0), fixed(memory.consumerRssMb, 0), fixed(memory.loadgenRssMb, 0)];
}

/** Only a growth is a cost per connection: RSS that fell while they were held says the node gave back earlier phases' memory. */
function perConnection({ brokerKbPerConnection, before, whileHeld }: ConnectionsResult): string {
  if (brokerKbPerConnection !== undefined && brokerKbPerConnection > 0) return `Broker memory per idle connection ≈ ${fixed(brokerKbPerConnection, 0)} KB (RSS growth).`;
  if (before.brokerRssMb === undefined || whileHeld.brokerRssMb === undefined) return "Broker memory per idle connection: not measured (its RSS could not be read).";
  return (
    `Broker memory per idle connection: not measured, its RSS did not grow (${fixed(before.brokerRssMb, 0)} MB before, ${fixed(whileHeld.brokerRssMb, 0)} MB held): ` +
    "the node gave back more of what the earlier phases used than the connections took."
  );
}

function queuedBefore({ queuedBefore: queued }: ConnectionsResult): string {
  const left = Object.entries(queued).map(([queue, depth]) => `${queue} ${depth < 0 ? "unreadable" : whole(depth)}`);
  return left.length === 0 ? "" : ` The queues had not drained when "before" was measured (${left.join(", ")}): it includes that backlog.`;
}

/** At most one broadcast per interval while orders sell: what the stock messages/s follow. */
function stockInterval(stockIntervalMs: number | undefined): string {
  return stockIntervalMs === undefined ? "the consumer's default STOCK_INTERVAL_MS" : `STOCK_INTERVAL_MS ${whole(stockIntervalMs)}`;
}

function connectionsSection(connections: ConnectionsResult, stockIntervalMs: number | undefined): string {
  const failures = connections.failures.map(({ reason, count }) => `- ${count} × ${reason}`).join("\n");
  return [
    `Opened ${whole(connections.opened)} of ${whole(connections.requested)} site connections in ${fixed(connections.openSeconds)} s; ` +
      `${whole(connections.held)} still open after the hold; the broker counted ${whole(connections.brokerConnections)} connections in all. ` +
      `${perConnection(connections)}${queuedBefore(connections)}` +
      (connections.stockUpdatesPerSecond === undefined
        ? ""
        : ` Every tab subscribes to the live stock (${stockInterval(stockIntervalMs)}): the broker delivered ${whole(connections.stockUpdatesPerSecond.idle)} stock messages/s to them while idle, ${whole(connections.stockUpdatesPerSecond.buying)}/s while the sample bought.`),
    "",
    markdownTable(
      ["moment", "broker RSS MB", "broker mem_used MB", "consumer RSS MB", "loadgen RSS MB"],
      [
        memoryRow("before", connections.before),
        memoryRow(`${whole(connections.held)} held, idle`, connections.whileHeld),
        memoryRow("after the sample bought", connections.afterBuying),
      ],
      ["l", "r", "r", "r", "r"],
    ),
    failures === "" ? "" : `\nConnections that did not open:\n\n${failures}`,
  ].join("\n");
}

/**
 * The deepest readable depth of each queue over a phase's samples; undefined
 * for a queue no sample could read (-1), which is not an empty one.
 */
function deepestBacklogs(samples: PhaseResult["queueDepths"]): Map<string, number | undefined> {
  const queues = new Map<string, number | undefined>();
  for (const { depths } of samples) {
    for (const [queue, depth] of Object.entries(depths)) {
      const deepest = queues.get(queue);
      queues.set(queue, depth < 0 ? deepest : Math.max(deepest ?? 0, depth));
    }
  }
  return queues;
}

function depthsTable(result: BenchResult): string {
  const rows = result.phases.map((phase) => {
    const queues = deepestBacklogs(phase.queueDepths);
    const described = [...queues].map(([queue, depth]) => `${queue} ${depth === undefined ? "unreadable" : whole(depth)}`).join(", ");
    return [phaseLabel(phase), phase.system, described === "" ? "–" : described];
  });
  return markdownTable(["phase", "system", `deepest backlog seen, per queue (ready messages, sampled every ${SAMPLE_INTERVAL_MS / 1000} s)`], rows);
}

/**
 * Under max every country queue is backlogged and hands out one purchase at
 * a time, so each turns over every (queues / throughput); the consumer's
 * handling time is its part of that turn, the rest is the broker's (ack,
 * quorum commit, next delivery).
 */
function turnover(phase: PhaseResult): string | undefined {
  const queues = phase.countries.filter((country) => country.sent > 0).length;
  if (phase.scenario !== "max" || phase.throughput <= 0 || queues === 0) return undefined;
  const turnMs = (queues * 1000) / phase.throughput;
  const held = phase.consumerHandlingMs === undefined ? "" : `; the consumer held each purchase ${fixed(phase.consumerHandlingMs, 2)} ms of it (delivery to reply confirmed), the broker the rest`;
  return `${phaseLabel(phase)} (${phase.system}): each country queue handed out a purchase every ${fixed(turnMs, 2)} ms${held}. ${cpuPerOrder(phase)}`;
}

/**
 * CPU time each process spent per confirmed order: on two cores, the budget
 * every part of the path shares. The total is undefined when a part was not
 * sampled: a missing process is not one that cost nothing.
 */
function cpuPerOrderMs(phase: PhaseResult): { parts: { role: string; ms: number | undefined }[]; total: number | undefined } {
  const parts = [ROLES.consumer, ROLES.broker, ROLES.loadgen].map((role) => {
    const percent = phase.resources[role]?.cpuPercent;
    return { role, ms: percent === undefined || phase.throughput <= 0 ? undefined : (percent * 10) / phase.throughput };
  });
  const sampled = parts.flatMap(({ ms }) => (ms === undefined ? [] : [ms]));
  return { parts, total: sampled.length < parts.length ? undefined : sampled.reduce((sum, ms) => sum + ms, 0) };
}

function cpuPerOrder(phase: PhaseResult): string {
  const { parts, total } = cpuPerOrderMs(phase);
  return `CPU per confirmed order: ${parts.map(({ role, ms }) => `${role} ${fixed(ms, 2)} ms`).join(", ")} (${fixed(total, 2)} ms in all).`;
}

/**
 * A send-delay p99 above which the generator is reported short of CPU. The
 * open loop's timer ticks every millisecond and Node fires it a millisecond
 * or two late even on an idle machine, so a p99 of 1–2 ms is the timer
 * itself; 5 ms is several ticks missed in a row, the event loop held up, and
 * already half the steady target's 10 ms.
 */
const SHORT_OF_CPU_SEND_DELAY_MS = 5;

function notes(result: BenchResult): string[] {
  const lines: string[] = [];
  for (const phase of result.phases) {
    const line = turnover(phase);
    if (line !== undefined) lines.push(line);
  }
  for (const change of result.nodeChanges) lines.push(`Changed on the bench node only: ${change}.`);
  for (const phase of result.phases) {
    if (phase.scheduleLag !== undefined && phase.scheduleLag.p99 > SHORT_OF_CPU_SEND_DELAY_MS) {
      lines.push(
        `${phaseLabel(phase)} (${phase.system}): the generator sent late by ${fixed(phase.scheduleLag.p99)} ms at p99, a sign it was short of CPU; ` +
          "its latency counts from the schedule, so that delay is in it.",
      );
    }
    if (phase.skipped > 0) lines.push(`${phaseLabel(phase)} (${phase.system}): ${whole(phase.skipped)} purchases not sent, their browser had too many unanswered.`);
    for (const problem of phase.problems.slice(0, 3)) lines.push(`${phaseLabel(phase)} (${phase.system}): ${whole(problem.count)} × ${problem.detail}.`);
  }
  return lines;
}

/** The short form printed at the end of a run: targets and the comparison with the ceiling. */
export function renderSummary(result: BenchResult): string {
  const turns = result.phases.flatMap((phase) => turnover(phase) ?? []);
  const gap = whereTheGapGoes(result);
  const comparison = comparisonTable(result);
  return [
    targetsTable(result),
    "",
    ...(comparison === undefined ? [] : [comparison, ""]),
    ...(gap === undefined ? [] : [gap, ""]),
    phasesTable(result),
    "",
    ...turns,
  ].join("\n");
}

/** results.md: everything the run measured, as tables. */
export function renderMarkdown(result: BenchResult, chartFile: string): string {
  const comparison = comparisonTable(result);
  const gap = whereTheGapGoes(result);
  const sections = [
    "# Benchmark results",
    "",
    machineLine(result),
    "",
    "## Targets",
    "",
    targetsTable(result),
    "",
    ...(comparison === undefined ? [] : ["## Ours against the broker's ceiling", "", comparison, ""]),
    ...(gap === undefined ? [] : [gap, ""]),
    `![Latency over time and throughput by country](${chartFile})`,
    "",
    "## Every phase",
    "",
    "Latency is to the confirmation, for purchases sent in the measured window: from the send under a closed loop (max, flood's backlog, the connections' sample), " +
      "from the scheduled send under an open loop (steady, flood's browsing countries), so that the generator sending late counts against it rather than vanishing; " +
      `results.json keeps that send delay apart as \`scheduleLag\`. confirmed/s counts confirmations received in the window. "not sent": open-loop purchases skipped, their browser having ${OPEN_LOOP_MAX_IN_FLIGHT} unanswered. CPU is in percent of one core.`,
    "",
    phasesTable(result),
    "",
    "## Per country",
    "",
    countriesTable(result),
    "",
    "## Queue backlogs",
    "",
    depthsTable(result),
  ];
  if (result.connections !== undefined) sections.push("", "## Idle connections", "", connectionsSection(result.connections, result.options.stockIntervalMs));
  const remarks = notes(result);
  if (remarks.length > 0) sections.push("", "## Notes", "", ...remarks.map((line) => `- ${line}`));
  return `${sections.join("\n")}\n`;
}

/** A CPU share in percent of one core, or "–" when it was not sampled. */
function cpuOnly(cpuPercent: number | undefined): string {
  return cpuPercent === undefined ? "–" : `${whole(cpuPercent)} %`;
}
