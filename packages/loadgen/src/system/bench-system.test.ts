import { describe, expect, it } from "vitest";
import { consumerSettings } from "./bench-system.js";

describe("consumerSettings", () => {
  it("gives the consumer stock it cannot sell out, and its own stock interval unless the run asked for one", () => {
    expect(Number(consumerSettings(undefined).TICKETS_TOTAL)).toBeGreaterThan(1e9);
    expect(consumerSettings(undefined)).not.toHaveProperty("STOCK_INTERVAL_MS");
    expect(consumerSettings(2000).STOCK_INTERVAL_MS).toBe("2000");
  });
});
