import { describe, expect, it } from "vitest";
import { benchNeeds } from "./bench.js";
import { DEFAULT_OPTIONS } from "./options.js";
import type { BenchOptions } from "./options.js";

/** The default run with these scenarios and 400 browsers, a hundred per site. */
function run(scenarios: BenchOptions["scenarios"], baseline = true): BenchOptions {
  return { ...DEFAULT_OPTIONS, scenarios, baseline, connections: 400 };
}

describe("what a run holds at its peak", () => {
  it("max with a baseline holds the browsers, the amqplib echo clients and the Web-STOMP echo's browsers, two fleets per site login", () => {
    expect(benchNeeds(run(["max"]))).toMatchObject({ connections: 3 * 400 + 20, connectionsPerSite: 200 });
  });

  it("steady with a baseline adds only the amqplib clients, which log in as admin", () => {
    expect(benchNeeds(run(["steady"]))).toMatchObject({ connections: 2 * 400 + 20, connectionsPerSite: 100 });
  });

  it("flood has no baseline to hold, with or without --no-baseline", () => {
    expect(benchNeeds(run(["flood"]))).toEqual(benchNeeds(run(["flood"], false)));
    expect(benchNeeds(run(["flood"]))).toMatchObject({ connections: 400 + 20, connectionsPerSite: 100 });
  });
});
