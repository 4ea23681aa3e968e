import type { Country } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { MetricsLog } from "./metrics.js";
import { createMetrics } from "./metrics.js";
import type { Stock } from "./store/order-store.js";

interface Fixture {
  metrics: ReturnType<typeof createMetrics>;
  /** While true, every read of the store throws, as SQLite does when its disk fails. */
  setBroken: (broken: boolean) => void;
  /** What the metrics logged, by level. */
  logged: { level: "error" | "info"; message: string }[];
}

function setup(): Fixture {
  let broken = false;
  const failIfBroken = (): void => {
    if (broken) throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
  };
  const store = {
    stock: (): Stock => {
      failIfBroken();
      return { total: 100, remaining: 60 };
    },
    soldByCountry: (): Record<Country, number> => {
      failIfBroken();
      return { fr: 10, de: 20, gb: 0, es: 10 };
    },
  };
  const logged: Fixture["logged"] = [];
  const log: MetricsLog = {
    error: (_fields: unknown, message?: string) => logged.push({ level: "error", message: message ?? "" }),
    info: (_fields: unknown, message?: string) => logged.push({ level: "info", message: message ?? "" }),
  } as MetricsLog;
  return {
    metrics: createMetrics(store, log),
    setBroken: (value) => {
      broken = value;
    },
    logged,
  };
}

describe("createMetrics", () => {
  it("when the store can be read, the gauges report the stock and each country's sales", async () => {
    const { metrics } = setup();

    const text = await metrics.registry.metrics();

    expect(text).toMatch(/^tickets_stock_remaining 60$/m);
    expect(text).toMatch(/^tickets_sold\{country="de"\} 20$/m);
  });

  it("when the store cannot be read, the scrape still answers every other series and the stock gauges report no value", async () => {
    const { metrics, setBroken } = setup();
    await metrics.registry.metrics();
    metrics.orders.inc({ country: "fr", status: "failed", reason: "none" });
    setBroken(true);

    const text = await metrics.registry.metrics();

    expect(text).toMatch(/^tickets_orders_total\{country="fr",status="failed",reason="none"\} 1$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    // Neither the last value read nor a 0 that would read as sold out.
    expect(text).not.toMatch(/^tickets_stock_remaining /m);
    expect(text).not.toMatch(/^tickets_sold\{/m);
  });

  it("when the store stays unreadable over many scrapes, logs once per gauge, and once more when it can be read again", async () => {
    const { metrics, setBroken, logged } = setup();
    setBroken(true);

    for (let scrape = 0; scrape < 5; scrape++) await metrics.registry.metrics();
    const whileBroken = logged.map(({ level }) => level);
    setBroken(false);
    const text = await metrics.registry.metrics();
    await metrics.registry.metrics();

    expect(whileBroken).toEqual(["error", "error"]);
    expect(logged.map(({ level }) => level)).toEqual(["error", "error", "info", "info"]);
    expect(text).toMatch(/^tickets_stock_remaining 60$/m);
    expect(text).toMatch(/^tickets_sold\{country="fr"\} 10$/m);
  });
});
