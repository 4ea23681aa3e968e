import { describe, expect, it } from "vitest";
import type { MemorySnapshot } from "../results.js";
import { brokerKbPerConnection } from "./connections.js";

function brokerAt(brokerRssMb: number | undefined): MemorySnapshot {
  return { brokerRssMb, brokerMemUsedMb: undefined, consumerRssMb: 90, loadgenRssMb: 110 };
}

describe("brokerKbPerConnection", () => {
  it("divides the broker's RSS growth over the connections held", () => {
    expect(brokerKbPerConnection(brokerAt(300), brokerAt(800), 1000)).toBeCloseTo(512);
  });

  it.each([
    ["shrank", 830, 820],
    ["stayed put", 500, 500],
  ])("when the broker's RSS %s, gives no figure rather than 0 or less", (_, before, held) => {
    expect(brokerKbPerConnection(brokerAt(before), brokerAt(held), 1000)).toBeUndefined();
  });

  it("gives no figure when an RSS could not be read or nothing opened", () => {
    expect(brokerKbPerConnection(brokerAt(undefined), brokerAt(800), 1000)).toBeUndefined();
    expect(brokerKbPerConnection(brokerAt(300), brokerAt(800), 0)).toBeUndefined();
  });
});
