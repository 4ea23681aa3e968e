import { createServer } from "node:net";
import type { AddressInfo, Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "./config.js";
import { startConsumer } from "./index.js";
import type { OrderStore } from "./store/order-store.js";
import { openSqliteStore } from "./store/sqlite-store.js";

/** A config whose broker is never reached: these tests end before the consumer connects. */
function config(overrides: Partial<Config> = {}): Config {
  return {
    amqpUrl: "amqp://consumer:secret@127.0.0.1:1/tickets",
    httpHost: "127.0.0.1",
    httpPort: 0,
    databasePath: ":memory:",
    ticketsTotal: 100,
    stockIntervalMs: 500,
    logLevel: "silent",
    ...overrides,
  };
}

function isOpen(store: OrderStore): boolean {
  try {
    store.snapshot();
    return true;
  } catch {
    return false;
  }
}

describe("startConsumer, when its start fails half-way", () => {
  let taken: Server | undefined;

  afterEach(async () => {
    const server = taken;
    taken = undefined;
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  });

  it("when its HTTP port is taken, it rejects with the port's error and closes the store it was given", async () => {
    const server = createServer();
    taken = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const store = openSqliteStore({ path: ":memory:", initialStock: 100 });

    const start = startConsumer(config({ httpPort: (server.address() as AddressInfo).port }), { store });

    await expect(start).rejects.toMatchObject({ code: "EADDRINUSE" });
    expect(isOpen(store)).toBe(false);
  });

  it("when the broker's connection cannot even be set up, it rejects, closes the store and frees the HTTP port", async () => {
    const store = openSqliteStore({ path: ":memory:", initialStock: 100 });
    const port = await freePort();

    const start = startConsumer(config({ amqpUrl: "not a URL", httpPort: port }), { store });

    await expect(start).rejects.toThrow(/Invalid URL/);
    expect(isOpen(store)).toBe(false);
    const server = createServer();
    taken = server;
    await expect(new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve))).resolves.toBeUndefined();
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
