import { describe, expect, it } from "vitest";
import type { BrokerHealth } from "./broker/amqp.js";
import { createHealthCheck } from "./health.js";
import type { StockSnapshot } from "./store/order-store.js";

const WORKING_BROKER: BrokerHealth = { healthy: true, connected: true, consuming: ["purchases.fr"], lastError: undefined };

/** A store whose reads fail, as SQLite's do when its disk fails, while `broken` is set. */
function storeThatBreaks(): { store: { snapshot: () => StockSnapshot }; sell: (tickets: number) => void; setBroken: (broken: boolean) => void } {
  const stock: StockSnapshot = { total: 100, remaining: 100, sold: { fr: 0, de: 0, gb: 0, es: 0 } };
  let broken = false;
  return {
    store: {
      snapshot: () => {
        if (broken) throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
        return structuredClone(stock);
      },
    },
    sell: (tickets) => {
      stock.remaining -= tickets;
      stock.sold.fr += tickets;
    },
    setBroken: (value) => {
      broken = value;
    },
  };
}

describe("createHealthCheck", () => {
  it("when the broker works and the store can be read, is healthy and reports the stock", () => {
    const { store, sell } = storeThatBreaks();
    const health = createHealthCheck(store, () => WORKING_BROKER);
    sell(10);

    const report = health();

    expect(report).toEqual({
      healthy: true,
      broker: { connected: true, consuming: ["purchases.fr"], lastError: undefined },
      store: { lastError: undefined },
      stock: { total: 100, remaining: 90 },
      sold: { fr: 10, de: 0, gb: 0, es: 0 },
    });
  });

  it("when the store cannot be read, answers unhealthy with the store's error instead of throwing", () => {
    const { store, sell, setBroken } = storeThatBreaks();
    const health = createHealthCheck(store, () => WORKING_BROKER);
    sell(10);
    health();
    setBroken(true);

    const report = health();

    expect(report).toMatchObject({ healthy: false, store: { lastError: "SQLITE_IOERR: disk I/O error" }, stock: { remaining: 90 } });
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ healthy: false, store: { lastError: "SQLITE_IOERR: disk I/O error" } });
  });

  it("when the store can be read again, is healthy again and forgets the error", () => {
    const { store, setBroken } = storeThatBreaks();
    const health = createHealthCheck(store, () => WORKING_BROKER);
    setBroken(true);
    health();
    setBroken(false);

    expect(health()).toMatchObject({ healthy: true, store: { lastError: undefined } });
  });

  it("before the broker is connected, is unhealthy, saying it is not connected", () => {
    const { store } = storeThatBreaks();
    const health = createHealthCheck(store, () => undefined);

    expect(health()).toMatchObject({ healthy: false, broker: { connected: false, consuming: [] } });
  });
});
