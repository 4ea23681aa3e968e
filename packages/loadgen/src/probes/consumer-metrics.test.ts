import { describe, expect, it } from "vitest";
import { handlingTotals } from "./consumer-metrics.js";

describe("handlingTotals", () => {
  it("adds up the handling histogram's sum and count across its labels, ignoring other metrics", () => {
    const text = [
      "# TYPE tickets_order_handling_seconds histogram",
      'tickets_order_handling_seconds_bucket{le="0.001",country="fr",status="confirmed"} 3',
      'tickets_order_handling_seconds_sum{country="fr",status="confirmed"} 0.5',
      'tickets_order_handling_seconds_count{country="fr",status="confirmed"} 100',
      'tickets_order_handling_seconds_sum{country="de",status="rejected"} 1.5e-1',
      'tickets_order_handling_seconds_count{country="de",status="rejected"} 20',
      "process_cpu_seconds_total 12",
      'tickets_orders_total_count{country="fr"} 999',
    ].join("\n");

    expect(handlingTotals(text)).toEqual({ seconds: 0.65, orders: 120 });
  });
});
