import { COUNTRIES } from "@repo/contract";
import { describe, expect, it } from "vitest";
import { benchResult, heldConnections, memorySnapshot, phase } from "../../test/result-fixture.js";
import type { PhaseResult, SystemUnderTest } from "../results.js";
import { STEADY_RATE_SOURCES } from "../scenarios/steady-rate.js";
import { summarize } from "../stats/latency.js";
import { checkTargets } from "../targets.js";
import { markdownTable } from "./format.js";
import { renderMarkdown, renderSummary } from "./markdown.js";

describe("markdownTable", () => {
  it("escapes a pipe inside a cell and right-aligns the columns asked for", () => {
    const table = markdownTable(["a", "b"], [["x|y", "1"]], ["l", "r"]);

    expect(table).toBe("| a | b |\n| --- | ---: |\n| x\\|y | 1 |");
  });
});

describe("the report", () => {
  it("puts ours next to the ceiling, with the ratio and both latencies at the steady rate", () => {
    const summary = renderSummary(benchResult());

    expect(summary).toContain("| max: confirmed orders/s | 2,700 | 2,800 | 3,000 | 90 % |");
    expect(summary).toContain("| steady at 1,500/s: p50 / p99 / max ms | 1.8 / 7.0 / 14.0 | – | 1.0 / 4.0 / 8.0 | p99 × 1.8 |");
  });

  it("adds ours at half its own maximum when steady ran it, labelled with the rate sent rather than the rate confirmed", () => {
    // Sent at 1,350/s, confirmed 1,200/s in the window: the label is the rate asked of it.
    const relaxed = { ...phase("steady", "tickets", 1200, 6), name: "half our max", offeredRate: 1350 };

    const summary = renderSummary(benchResult([...benchResult().phases, relaxed]));

    expect(summary).toContain("| steady at 1,350/s, half our max: p50 / p99 / max ms | 1.5 / 6.0 / 12.0 | – | – | – |");
  });

  it("shows a phase that confirmed nothing as unmeasured, not as 0 ms", () => {
    const nothingConfirmed = { ...phase("steady", "tickets", 0, 7), latency: summarize([]), confirmed: 0 };
    const phases = benchResult().phases.map((each) => (each.scenario === "steady" && each.system === "tickets" ? nothingConfirmed : each));

    const summary = renderSummary(benchResult(phases));

    expect(summary).toContain("| steady at 1,500/s: p50 / p99 / max ms | – / – / – | – | 1.0 / 4.0 / 8.0 | – |");
    expect(summary).toContain("| steady | p99 < 10 ms at half the ceiling | nothing confirmed at 1500/s | ❌ missed |");
  });

  it("splits the gap to the ceiling between the Web-STOMP path and our consumer", () => {
    const summary = renderSummary(benchResult());

    // Every fixture phase uses 80 + 60 + 20 % of a core, so CPU per order is 1.6 s / throughput.
    expect(summary).toContain("reach 2,800/s, 93 % of the baseline, so the Web-STOMP path itself costs 7 % of the ceiling (CPU per order 0.53 ms → 0.57 ms");
    expect(summary).toContain("keeps 96 % of what the path allows (CPU per order 0.59 ms)");
  });

  it("gives our consumer's share of the path as the median of each round against the echo of the same round, as the headline does", () => {
    const turn = (system: SystemUnderTest, throughput: number, round: number): PhaseResult => ({ ...phase("max", system, throughput, 80), name: `round ${round}`, round });
    // Ours keeps 60 %, 80 % and 50 % of its round's echo: a median of 60 %. The median throughputs, 450 over 900, would say 50 %.
    const phases = [
      ...[1, 2, 3].map((round) => turn("baseline", 1000, round)),
      turn("web-stomp echo", 1000, 1),
      turn("web-stomp echo", 500, 2),
      turn("web-stomp echo", 900, 3),
      turn("tickets", 600, 1),
      turn("tickets", 400, 2),
      turn("tickets", 450, 3),
    ];

    const summary = renderSummary(benchResult(phases));

    expect(summary).toContain("from that 900/s to 450/s, keeps 60 % of what the path allows");
    expect(summary).toContain("Shares are medians of the 3 rounds' own ratios");
  });

  it("reads a process that was not sampled as missing, not as 0 ms, and leaves its phase out of the median", () => {
    const turn = (system: SystemUnderTest, round: number): PhaseResult => ({ ...phase("max", system, 1000, 80), name: `round ${round}`, round });
    const unsampled = turn("tickets", 2);
    // 1,000/s everywhere: 0.8 + 0.6 + 0.2 ms per order when all three are sampled; round 2 of ours lost the broker.
    unsampled.resources = { consumer: { cpuPercent: 300, rssMaxMb: 90, rssEndMb: 85 }, loadgen: { cpuPercent: 20, rssMaxMb: 110, rssEndMb: 100 } };
    const phases = [1, 2].flatMap((round) => [turn("baseline", round), turn("web-stomp echo", round), round === 2 ? unsampled : turn("tickets", round)]);

    const summary = renderSummary(benchResult(phases));

    expect(summary).toContain("CPU per confirmed order: consumer 3.00 ms, broker – ms, loadgen 0.20 ms (– ms in all).");
    expect(summary).toContain("keeps 100 % of what the path allows (CPU per order 1.60 ms)");
  });

  it("leaves the split out when the Web-STOMP echo did not run", () => {
    const result = benchResult(benchResult().phases.filter((phase) => phase.system !== "web-stomp echo"));

    expect(renderSummary(result)).not.toContain("Where the gap goes");
  });

  it("says which targets were met, missed or not judged", () => {
    const summary = renderSummary(benchResult());

    expect(summary).toMatch(/\| max \| .* \| 90 % \(2,700 vs 3,000\/s\) \| ✅ met \|/);
    expect(summary).toMatch(/\| connections \| .* \| not measured \| – not judged \|/);
  });

  it("shows steady at a rate asked for as not judged, with what it measured", () => {
    const result = { ...benchResult() };
    result.targets = checkTargets(result.phases, undefined, { rate: 800, source: STEADY_RATE_SOURCES.requested }, COUNTRIES);

    expect(renderSummary(result)).toContain("| steady | p99 < 10 ms at half the ceiling | not measured at half the ceiling (p99 7.0 ms at 800/s, --rate) | – not judged |");
  });

  it("gives broker memory per idle connection only when its RSS grew, and says why not otherwise", () => {
    const connections = heldConnections({
      before: memorySnapshot(90, 830),
      queuedBefore: { "purchases.fr": 12 },
      whileHeld: memorySnapshot(90, 820),
      afterBuying: memorySnapshot(90, 900),
      brokerKbPerConnection: undefined,
    });

    const markdown = renderMarkdown({ ...benchResult(), connections }, "chart.svg");

    expect(markdown).toContain("Broker memory per idle connection: not measured, its RSS did not grow (830 MB before, 820 MB held)");
    expect(markdown).toContain('The queues had not drained when "before" was measured (purchases.fr 12)');
    expect(markdown).not.toMatch(/≈ -/);
  });

  it("says which stock interval the tabs' stock messages came at: the consumer's default, or the one the run asked for", () => {
    const connections = heldConnections({ stockUpdatesPerSecond: { idle: 1000, buying: 2000 } });
    const result = { ...benchResult(), connections };

    expect(renderMarkdown(result, "chart.svg")).toContain("Every tab subscribes to the live stock (the consumer's default STOCK_INTERVAL_MS): the broker delivered 1,000 stock messages/s");
    const asked = renderMarkdown({ ...result, options: { ...result.options, stockIntervalMs: 2000 } }, "chart.svg");
    expect(asked).toContain("live stock (STOCK_INTERVAL_MS 2,000)");
    // Every scenario's figures depend on it, so the run's header says so too; a default run's does not.
    expect(asked).toContain("The consumer ran with STOCK_INTERVAL_MS 2,000 (--stock-interval).");
    expect(renderMarkdown(result, "chart.svg")).not.toContain("--stock-interval");
  });

  it("lists a phase that began before its queues drained in the notes, before its timeouts", () => {
    const backlogged = {
      ...phase("steady", "tickets", 1500, 7),
      problems: [
        { detail: "message still queued from earlier phases when this one began, after waiting 30 s (purchases.fr 120)", count: 120 },
        { detail: "timeout: no confirmation", count: 300 },
      ],
    };

    const markdown = renderMarkdown(benchResult([...benchResult().phases.filter((each) => each.scenario !== "steady"), backlogged]), "chart.svg");

    expect(markdown).toContain("- steady · fixed rate (tickets): 120 × message still queued from earlier phases when this one began, after waiting 30 s (purchases.fr 120).");
  });

  it("labels each round's turnover note with its round, so three rounds do not print three identical labels", () => {
    const turn = (round: number): PhaseResult => ({ ...phase("max", "tickets", 1000, 80), name: `round ${round}`, round });

    const summary = renderSummary(benchResult([1, 2, 3].map(turn)));

    for (const round of [1, 2, 3]) expect(summary).toContain(`max · round ${round} (tickets): each country queue handed out`);
  });

  it("shows errors and purchases not sent in columns of their own, the same numbers as results.json", () => {
    const cutOff = { ...phase("steady", "tickets", 1500, 7), errors: 2, timeouts: 3, skipped: 5 };

    const summary = renderSummary(benchResult([cutOff]));

    expect(summary).toMatch(/\| sent \| errors \| timeouts \| not sent \|/);
    expect(summary).toMatch(/\| 15,000 \| 2 \| 3 \| 5 \|/);
  });

  it("shows a queue no sample could read as unreadable, not as an empty one", () => {
    const unread = { ...phase("flood", "tickets", 2000, 500), queueDepths: [{ t: 0, depths: { "purchases.fr": -1, "purchases.de": -1 } }, { t: 0.5, depths: { "purchases.fr": -1, "purchases.de": 7 } }] };

    const markdown = renderMarkdown(benchResult([unread]), "chart.svg");

    expect(markdown).toContain("| flood · all backlogged | tickets | purchases.fr unreadable, purchases.de 7 |");
  });

  it("leaves out the comparison rows of scenarios that did not run, and the table when neither did", () => {
    const everything = benchResult().phases;
    const maxOnly = benchResult(everything.filter((each) => each.scenario === "max"));
    const steadyOnly = benchResult(everything.filter((each) => each.scenario === "steady"));
    const floodOnly = benchResult(everything.filter((each) => each.scenario === "flood"));

    expect(renderSummary(maxOnly)).toContain("| max: confirmed orders/s |");
    expect(renderSummary(maxOnly)).not.toContain("steady at");
    expect(renderSummary(steadyOnly)).not.toContain("| max: confirmed orders/s |");
    expect(renderSummary(steadyOnly)).toContain("| steady at 1,500/s: p50 / p99 / max ms |");
    expect(renderMarkdown(floodOnly, "chart.svg")).not.toContain("## Ours against the broker's ceiling");
  });

  it("says the generator was short of CPU only when its send delay's p99 is well past the 1 ms timer tick", () => {
    const late = (p99: number): PhaseResult => ({ ...phase("steady", "tickets", 1500, 7), scheduleLag: { ...summarize([0.1, 0.5]), p99 } });

    const tickLate = renderMarkdown(benchResult([late(2)]), "chart.svg");
    const starved = renderMarkdown(benchResult([late(8)]), "chart.svg");

    expect(tickLate).not.toContain("short of CPU");
    expect(starved).toContain("steady · fixed rate (tickets): the generator sent late by 8.0 ms at p99, a sign it was short of CPU");
  });

  it("links the chart and lists every phase in results.md", () => {
    const markdown = renderMarkdown(benchResult(), "chart.svg");

    expect(markdown).toContain("![Latency over time and throughput by country](chart.svg)");
    expect(markdown.match(/^\| (max|steady|flood) · /gm)?.length).toBeGreaterThanOrEqual(5);
  });
});
