import { describe, expect, it } from "vitest";
import { parseLimits, shortfalls } from "./broker-limits.js";

describe("parseLimits", () => {
  it("reads the JSON line rabbitmqctl prints under its title", () => {
    const output = 'Listing limits for user "site-fr" ...\n{"max-channels":1000,"max-connections":1000}\n';

    expect(parseLimits(output)).toEqual({ "max-channels": 1000, "max-connections": 1000 });
  });

  it("reads no limits when none are set", () => {
    expect(parseLimits('Listing limits for vhost "tickets" ...\n')).toEqual({});
  });
});

describe("shortfalls", () => {
  it("raises only the limits below what the run needs", () => {
    const current = { "max-connections": 1000, "max-queues": 10_000 };

    expect(shortfalls(current, { "max-connections": 1500, "max-queues": 2000 })).toEqual({ "max-connections": 1500 });
  });

  it("leaves alone a limit that is not set or is negative (unlimited)", () => {
    expect(shortfalls({ "max-queues": -1 }, { "max-connections": 5000, "max-queues": 5000 })).toEqual({});
  });
});
