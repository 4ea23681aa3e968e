import { describe, expect, it } from "vitest";
import { benchResult, phase } from "../../test/result-fixture.js";
import { STEADY_RATE_SOURCES } from "../scenarios/steady-rate.js";
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

  it("adds ours at half its own maximum when steady ran it", () => {
    const phases = [...benchResult().phases, { ...phase("steady", "tickets", 1350, 6), name: "half our max" }];

    expect(renderSummary(benchResult(phases))).toContain("| steady at 1,350/s, half our max: p50 / p99 / max ms | 1.5 / 6.0 / 12.0 | – | – | – |");
  });

  it("splits the gap to the ceiling between the Web-STOMP path and our consumer", () => {
    const summary = renderSummary(benchResult());

    // Every fixture phase uses 80 % of a core in the consumer, so CPU per order is 0.8 s / throughput.
    expect(summary).toContain("reach 2,800/s, 93 % of the baseline, so the Web-STOMP path itself costs 7 % of the ceiling (CPU per order 0.27 ms → 0.29 ms");
    expect(summary).toContain("keeps 96 % of what the path allows (CPU per order 0.30 ms)");
  });

  it("leaves the split out when the Web-STOMP echo did not run", () => {
    const result = benchResult(benchResult().phases.filter((phase) => phase.system !== "web-stomp echo"));

    expect(renderSummary(result)).not.toContain("Where the gap goes");
  });

  it("says which targets were met, missed or not judged", () => {
    const summary = renderSummary(benchResult());

    expect(summary).toMatch(/\| max \| .* \| 90 % \(2700 vs 3000\/s\) \| ✅ met \|/);
    expect(summary).toMatch(/\| connections \| .* \| not measured \| – not judged \|/);
  });

  it("shows steady at a rate asked for as not judged, with what it measured", () => {
    const result = { ...benchResult() };
    result.targets = checkTargets(result.phases, undefined, { rate: 800, source: STEADY_RATE_SOURCES.requested });

    expect(renderSummary(result)).toContain("| steady | p99 < 10 ms at half the ceiling | not measured at half the ceiling (p99 7.0 ms at 800/s, --rate) | – not judged |");
  });

  it("links the chart and lists every phase in results.md", () => {
    const markdown = renderMarkdown(benchResult(), "chart.svg");

    expect(markdown).toContain("![Latency over time and throughput by country](chart.svg)");
    expect(markdown.match(/^\| (max|steady|flood) · /gm)?.length).toBeGreaterThanOrEqual(5);
  });
});
