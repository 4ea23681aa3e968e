import { describe, expect, it } from "vitest";
import type { MemorySnapshot } from "../results.js";
import { brokerKbPerConnection } from "./connections.js";

function brokerAt(brokerRssMb: number | undefined): MemorySnapshot {
  return { brokerRssMb, brokerMemUsedMb: undefined, consumerRssMb: 90, loadgenRssMb: 110 };
}

describe("brokerKbPerConnection", () => {
  it("divides the broker's RSS growth over the connections held", () => {
    expect(brokerKbPerConnection({ before: brokerAt(300), whileHeld: brokerAt(800), held: 1000 })).toBeCloseTo(512);
  });

  it("divides over the connections still held, not over those that opened and dropped during the hold", () => {
    const crowd = { opened: 1000, held: 800, before: brokerAt(300), whileHeld: brokerAt(700) };

    expect(brokerKbPerConnection(crowd)).toBeCloseTo(512);
  });

  it.each([
    ["shrank", 830, 820],
    ["stayed put", 500, 500],
  ])("when the broker's RSS %s, gives no figure rather than 0 or less", (_, before, held) => {
    expect(brokerKbPerConnection({ before: brokerAt(before), whileHeld: brokerAt(held), held: 1000 })).toBeUndefined();
  });

  it("gives no figure when an RSS could not be read or nothing is held", () => {
    expect(brokerKbPerConnection({ before: brokerAt(undefined), whileHeld: brokerAt(800), held: 1000 })).toBeUndefined();
    expect(brokerKbPerConnection({ before: brokerAt(300), whileHeld: brokerAt(800), held: 0 })).toBeUndefined();
  });
});
