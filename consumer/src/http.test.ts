import type { Country } from "@repo/contract";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHealthCheck } from "./health.js";
import type { HttpServer } from "./http.js";
import { startHttpServer } from "./http.js";
import { createMetrics } from "./metrics.js";
import type { Stock, StockSnapshot } from "./store/order-store.js";

/** A store every read of which fails, once `broken` is set, as SQLite's do when its disk fails. */
function storeThatBreaks(): { store: { stock: () => Stock; soldByCountry: () => Record<Country, number>; snapshot: () => StockSnapshot }; breakIt: () => void } {
  let broken = false;
  const snapshot = (): StockSnapshot => {
    if (broken) throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
    return { total: 100, remaining: 90, sold: { fr: 10, de: 0, gb: 0, es: 0 } };
  };
  return {
    store: {
      snapshot,
      stock: () => {
        const { total, remaining } = snapshot();
        return { total, remaining };
      },
      soldByCountry: () => snapshot().sold,
    },
    breakIt: () => {
      broken = true;
    },
  };
}

describe("startHttpServer with the service's health and metrics", () => {
  let server: HttpServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(): Promise<{ get: (path: string) => Promise<Response>; breakStore: () => void }> {
    const { store, breakIt } = storeThatBreaks();
    const metrics = createMetrics(store, { error: () => undefined, info: () => undefined });
    metrics.orders.inc({ country: "fr", status: "failed", reason: "none" });
    const health = createHealthCheck(store, () => ({ healthy: true, connected: true, consuming: [], lastError: undefined }));
    server = await startHttpServer({ host: "127.0.0.1", port: 0, health, registry: metrics.registry });
    const { port } = server;
    return { get: (path) => fetch(`http://127.0.0.1:${port}${path}`), breakStore: breakIt };
  }

  /** Writes `text` on a raw connection to the server, and resolves with everything it answers until it closes. */
  function raw(port: number, text: string): { answer: Promise<string> } {
    const socket = connect(port, "127.0.0.1");
    socket.write(text);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    const answer = new Promise<string>((resolve) => {
      socket.on("close", () => {
        resolve(Buffer.concat(chunks).toString("latin1"));
      });
      socket.on("error", () => undefined);
    });
    return { answer };
  }

  it("a request target no URL parser takes, as a client may send, is not found rather than a server error", async () => {
    await serve();
    const port = server?.port ?? 0;

    const { answer } = raw(port, `GET //%${"A".repeat(4_000)} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);

    expect(await answer).toMatch(/^HTTP\/1\.1 404 /);
  });

  it("a request in absolute form, which HTTP/1.1 servers must accept, reaches its route", async () => {
    await serve();
    const port = server?.port ?? 0;

    const { answer } = raw(port, `GET http://127.0.0.1:${String(port)}/healthz?x=1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);

    expect(await answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("a request a client never finishes sending does not hold the server's close", async () => {
    await serve();
    const stalled = connect(server?.port ?? 0, "127.0.0.1");
    const closedByServer = new Promise((resolve) => stalled.on("close", resolve));
    // A first request answered proves the server holds this connection; the second is left unfinished.
    stalled.write("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n");
    await new Promise((resolve) => stalled.once("data", resolve));
    stalled.write("GET /healthz HTTP/1.1\r\n");
    // The server runs in this process: a turn of its event loop reads what the socket wrote.
    await new Promise((resolve) => setTimeout(resolve, 50));

    // A close the stalled request held would hang here, past the test's timeout.
    await server?.close();
    server = undefined;

    await closedByServer;
  });

  it("when the store cannot be read, GET /metrics still answers 200 with the other series, failures counted included", async () => {
    const { get, breakStore } = await serve();
    breakStore();

    const response = await get("/metrics");

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^tickets_orders_total\{country="fr",status="failed",reason="none"\} 1$/m);
  });

  it("when all is well, GET /healthz answers 200 with every error field present and null, not left out", async () => {
    const { get } = await serve();

    const response = await get("/healthz");

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ healthy: true, broker: { lastError: null }, store: { lastError: null } });
  });

  it("when the store cannot be read, GET /healthz answers 503 with JSON naming the store's error", async () => {
    const { get, breakStore } = await serve();
    breakStore();

    const response = await get("/healthz");

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toMatchObject({ healthy: false, store: { lastError: "SQLITE_IOERR: disk I/O error" } });
  });
});
