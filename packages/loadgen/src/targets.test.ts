import { COUNTRIES } from "@repo/contract";
import { describe, expect, it } from "vitest";
import { heldConnections, memorySnapshot, phase } from "../test/result-fixture.js";
import type { ConnectionsResult, PhaseResult } from "./results.js";
import { STEADY_RATE_SOURCES } from "./scenarios/steady-rate.js";
import { checkTargets } from "./targets.js";

const HALF_THE_CEILING = { rate: 1500, source: STEADY_RATE_SOURCES.ceiling };

function target(name: string, checks: ReturnType<typeof checkTargets>) {
  return checks.find((check) => check.name === name);
}

/** The purchases the held connections' sample made, every one confirmed. */
const SAMPLE_BOUGHT: PhaseResult = phase("connections", "tickets", 100, 5);

describe("checkTargets", () => {
  it("misses max below 85 % of the ceiling", () => {
    const checks = checkTargets([phase("max", "baseline", 3000, 50), phase("max", "tickets", 2400, 60)], undefined, undefined, COUNTRIES);

    expect(target("max", checks)).toMatchObject({ met: false, measured: "80 % (2,400 vs 3,000/s)" });
  });

  it("meets max at exactly 85 % of the ceiling", () => {
    const checks = checkTargets([phase("max", "baseline", 3000, 50), phase("max", "tickets", 2550, 60)], undefined, undefined, COUNTRIES);

    expect(target("max", checks)).toMatchObject({ met: true, measured: "85 % (2,550 vs 3,000/s)" });
  });

  it("over several rounds, gives the median of each round's own ratio and their range, with no pair of throughputs that would not make it", () => {
    const turn = (system: "baseline" | "tickets", throughput: number, round: number): PhaseResult => ({ ...phase("max", system, throughput, 60), name: `round ${round}`, round });
    // 60 %, 40 % and 45 %: a median of 45 %; the median throughputs, 540 over 1,000, would say 54 %.
    const phases = [turn("baseline", 1000, 1), turn("baseline", 1000, 2), turn("baseline", 1200, 3), turn("tickets", 600, 1), turn("tickets", 400, 2), turn("tickets", 540, 3)];

    const checks = checkTargets(phases, undefined, undefined, COUNTRIES);

    expect(target("max", checks)).toMatchObject({ met: false, measured: "45 % (median of 3 rounds' own ratios, 40 %–60 %)" });
  });

  it("meets steady when p99 stays under 10 ms at half the ceiling", () => {
    expect(target("steady", checkTargets([phase("steady", "tickets", 1500, 9.9)], undefined, HALF_THE_CEILING, COUNTRIES))?.met).toBe(true);
    expect(target("steady", checkTargets([phase("steady", "tickets", 1500, 10)], undefined, HALF_THE_CEILING, COUNTRIES))?.met).toBe(false);
  });

  it("misses steady when purchases went unanswered, however fast the confirmed ones were", () => {
    // Three countries confirm in 3 ms; every French purchase times out, so the percentiles never see it.
    const stuckCountry = { ...phase("steady", "tickets", 1125, 3), sent: 15_000, timeouts: 3750 };
    const cutOff = { ...phase("steady", "tickets", 1500, 3), errors: 2, skipped: 5 };

    const stuck = target("steady", checkTargets([stuckCountry], undefined, HALF_THE_CEILING, COUNTRIES));
    const cut = target("steady", checkTargets([cutOff], undefined, HALF_THE_CEILING, COUNTRIES));

    expect(stuck).toMatchObject({ met: false, measured: "p99 3.0 ms at 1500/s (confirmed only); 3750 of 15000 purchases unanswered (3750 timed out)" });
    expect(cut).toMatchObject({ met: false, measured: "p99 3.0 ms at 1500/s (confirmed only); 7 of 15005 purchases unanswered (2 failed, 5 not sent)" });
  });

  it("misses max when ours left purchases unanswered, even above 85 % of the ceiling", () => {
    const stuckCountry = { ...phase("max", "tickets", 2700, 60), timeouts: 160 };

    const check = target("max", checkTargets([phase("max", "baseline", 3000, 50), stuckCountry], undefined, undefined, COUNTRIES));

    expect(check).toMatchObject({ met: false, measured: "90 % (2,700 vs 3,000/s); ours: 160 of 27000 purchases unanswered (160 timed out)" });
  });

  it.each([
    [{ rate: 800, source: STEADY_RATE_SOURCES.requested }, "--rate"],
    [{ rate: 1000, source: STEADY_RATE_SOURCES.ourMax }, "half our max, no ceiling measured"],
    [{ rate: 500, source: STEADY_RATE_SOURCES.fallback }, "the fixed fallback, nothing measured"],
  ])("leaves steady undecided at a rate that is not half the ceiling (%j), saying what it ran at", (pace, source) => {
    const check = target("steady", checkTargets([phase("steady", "tickets", pace.rate, 3)], undefined, pace, COUNTRIES));

    expect(check?.met).toBeUndefined();
    expect(check?.measured).toBe(`not measured at half the ceiling (p99 3.0 ms at ${pace.rate}/s, ${source})`);
  });

  it("meets flood only when every country is within 25 % ± 3 %, edges included", () => {
    const fair = phase("flood", "tickets", 2000, 500, { fr: 0.28, de: 0.22, gb: 0.25, es: 0.25 });
    const unfair = phase("flood", "tickets", 2000, 500, { fr: 0.4, de: 0.2, gb: 0.2, es: 0.2 });

    expect(target("flood", checkTargets([fair], undefined, undefined, COUNTRIES))?.met).toBe(true);
    expect(target("flood", checkTargets([unfair], undefined, undefined, COUNTRIES))?.met).toBe(false);
  });

  it("when --mix gave a country no browsers, judges the others against a third each, and says so", () => {
    const threeWay = ["fr", "de", "gb"] as const;
    const fair = phase("flood", "tickets", 2000, 500, { fr: 0.34, de: 0.33, gb: 0.33, es: 0 });
    const unfair = phase("flood", "tickets", 2000, 500, { fr: 0.5, de: 0.25, gb: 0.25, es: 0 });

    const passed = target("flood", checkTargets([fair], undefined, undefined, threeWay));
    const failed = target("flood", checkTargets([unfair], undefined, undefined, threeWay));

    expect(passed).toMatchObject({
      met: true,
      goal: "each of the 3 countries with browsers (fr, de, gb) 33.3 % ± 3 % when all are backlogged; es had none",
      measured: "fr 34.0 %, de 33.0 %, gb 33.0 %",
    });
    expect(failed?.met).toBe(false);
  });

  it("when --mix gave only one country browsers, leaves flood undecided: one country alone has every confirmation", () => {
    const alone = phase("flood", "tickets", 2000, 500, { fr: 1, de: 0, gb: 0, es: 0 });

    expect(target("flood", checkTargets([alone], undefined, undefined, ["fr"]))).toMatchObject({ met: undefined, measured: "not judged: only fr had browsers" });
  });

  it("meets connections when 1,000 are held, their sample's purchases all confirmed, and the consumer stays under 150 MB", () => {
    const check = target("connections", checkTargets([SAMPLE_BOUGHT], heldConnections(), undefined, COUNTRIES));

    expect(check).toMatchObject({ met: true, measured: "1,000 held, 1,000 confirmed, 0 failed, consumer RSS 120 MB" });
  });

  it.each<[string, ConnectionsResult, PhaseResult]>([
    ["the consumer's RSS reached 200 MB while they were held", heldConnections({ whileHeld: memorySnapshot(200) }), SAMPLE_BOUGHT],
    ["one of the sample's purchases timed out", heldConnections(), { ...SAMPLE_BOUGHT, timeouts: 1 }],
    ["only 999 were held", heldConnections({ held: 999 }), SAMPLE_BOUGHT],
  ])("misses connections when %s, however well the rest went", (_case, connections, bought) => {
    const check = target("connections", checkTargets([bought], connections, undefined, COUNTRIES));

    expect(check?.met).toBe(false);
  });

  it("leaves what the run did not measure undecided", () => {
    const checks = checkTargets([], undefined, undefined, COUNTRIES);

    expect(checks.map((check) => check.met)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
