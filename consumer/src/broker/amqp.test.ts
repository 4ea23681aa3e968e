import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeFailedSetup, connectBroker } from "./amqp.js";

describe("closing a connection whose setup failed", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A connection as amqplib's model holds it, with its socket, closing as `close` says. */
  function connectionClosing(close: () => Promise<void>) {
    const destroyed: Error[] = [];
    const model = {
      close,
      connection: { serverProperties: {}, stream: { destroy: (error: Error) => destroyed.push(error) } },
    } as unknown as Parameters<typeof closeFailedSetup>[0];
    return { model, destroyed };
  }

  it("leaves the socket alone when the broker answers the close", async () => {
    const { model, destroyed } = connectionClosing(() => Promise.resolve());

    await closeFailedSetup(model, 2_000);

    expect(destroyed).toEqual([]);
  });

  it("leaves the socket alone when the connection is closed already (amqplib refuses the close at once)", async () => {
    const { model, destroyed } = connectionClosing(() => Promise.reject(new Error("Connection closed (by client)")));

    await closeFailedSetup(model, 2_000);

    expect(destroyed).toEqual([]);
  });

  it("drops the socket, with an error that says why, when the broker never answers: amqplib's own close would wait for good", async () => {
    vi.useFakeTimers();
    const { model, destroyed } = connectionClosing(() => new Promise<void>(() => undefined));

    const closing = closeFailedSetup(model, 2_000);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(destroyed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await closing;

    expect(destroyed.map(({ message }) => message)).toEqual(["the broker did not answer within 2000 ms the close of a connection whose setup failed"]);
  });
});

describe("connecting", () => {
  it("gives up an attempt the broker's address never answers (packets dropped silently) and tries again, saying why", { timeout: 20_000 }, async () => {
    // Takes the TCP connection and never says a word of AMQP, as a host behind a black hole seems to.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const broker = await connectBroker({
      url: `amqp://consumer:secret@127.0.0.1:${port}/tickets`,
      onDelivery: () => Promise.resolve("ack" as const),
      connectTimeoutMs: 300,
    });
    try {
      // Five links (four queues and the stock), each trying again after its timeout: more than one attempt each.
      await expect.poll(() => sockets.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(10);

      const health = broker.health();
      expect(health).toMatchObject({ connected: false, healthy: false });
      expect(health.lastError).toMatch(/ETIMEDOUT/);
    } finally {
      await broker.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
