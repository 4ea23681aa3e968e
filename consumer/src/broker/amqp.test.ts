import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import type { Channel, ConsumeMessage } from "amqplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settlement } from "../delivery.js";
import { closeFailedSetup, connectBroker, isQueueStillStarting, settle, toDelivery } from "./amqp.js";

/** Records which settlement method was called with which arguments; nack is there to be caught using it. */
class RecordingChannel implements Pick<Channel, "ack" | "reject" | "nack"> {
  readonly calls: [method: string, ...args: unknown[]][] = [];

  ack(message: ConsumeMessage): void {
    this.calls.push(["ack", message]);
  }

  reject(message: ConsumeMessage, requeue?: boolean): void {
    this.calls.push(["reject", message, requeue]);
  }

  nack(message: ConsumeMessage, allUpTo?: boolean, requeue?: boolean): void {
    this.calls.push(["nack", message, allUpTo, requeue]);
  }
}

const MESSAGE = { fields: { deliveryTag: 7 } } as unknown as ConsumeMessage;

/** A delivery as amqplib hands it over, with the given redelivered flag and headers. */
function consumed(redelivered: boolean, headers: Record<string, unknown>): Pick<ConsumeMessage, "content" | "fields" | "properties"> {
  return {
    content: Buffer.from("{}"),
    fields: { deliveryTag: 1, redelivered, exchange: "purchases", routingKey: "purchase.fr", consumerTag: "c" },
    properties: { headers, userId: "site-fr", correlationId: "id", replyTo: "amq.gen-x" },
  } as Pick<ConsumeMessage, "content" | "fields" | "properties">;
}

describe("toDelivery", () => {
  it("when a first delivery carries an x-delivery-count of its own, the sender's, it counts as delivered never before", () => {
    expect(toDelivery(consumed(false, { "x-delivery-count": 5 }))).toMatchObject({ redelivered: false, deliveryCount: 0 });
  });

  it("when a redelivery carries the quorum queue's x-delivery-count, that is its count", () => {
    expect(toDelivery(consumed(true, { "x-delivery-count": 3 }))).toMatchObject({ redelivered: true, deliveryCount: 3 });
  });

  it("when the count is not a number, as a STOMP header's text would be, it counts as none", () => {
    expect(toDelivery(consumed(true, { "x-delivery-count": "5" })).deliveryCount).toBe(0);
  });

  it("when a property is not text, it is read as absent", () => {
    const message = consumed(false, {});
    message.properties.userId = 7;

    expect(toDelivery(message)).toMatchObject({ userId: undefined, routingKey: "purchase.fr", correlationId: "id", replyTo: "amq.gen-x" });
  });
});

describe("settle", () => {
  let channel: RecordingChannel;

  beforeEach(() => {
    channel = new RecordingChannel();
  });

  it.each<[Settlement, string, unknown[]]>([
    // A reject is what RabbitMQ 4.3+ counts toward the quorum queue's delivery limit; a nack is not.
    ["requeue", "reject", [MESSAGE, true]],
    ["dead-letter", "reject", [MESSAGE, false]],
    ["ack", "ack", [MESSAGE]],
  ])("when the delivery is to be settled as %s, it is settled with basic.%s, never basic.nack", (settlement, method, args) => {
    settle(channel, "purchases.fr", MESSAGE, settlement);

    expect(channel.calls).toEqual([[method, ...args]]);
  });

  it("when the channel is gone, settling does not throw: the broker redelivers the message", () => {
    const gone: Pick<Channel, "ack" | "reject"> = {
      ack: () => {
        throw new Error("Channel closed");
      },
      reject: () => {
        throw new Error("Channel closed");
      },
    };

    expect(() => {
      settle(gone, "purchases.fr", MESSAGE, "requeue");
    }).not.toThrow();
  });
});

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

describe("isQueueStillStarting", () => {
  it("a declare refused because the queue's home node has not started it yet is a queue still starting; another 404, or a lost connection, is not", () => {
    const notStarted = new Error(
      `Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - home node 'tickets@localhost' of durable queue 'tickets.stock' in vhost 'tickets' is down or inaccessible"`,
    );
    const noQueue = new Error(`Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no queue 'tickets.stock' in vhost 'tickets'"`);

    const notStartedOnDeclare = new Error(
      `Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - home node 'tickets@localhost' of durable queue 'tickets.stock' in vhost 'tickets' is down or inaccessible"`,
    );

    expect(isQueueStillStarting(notStarted)).toBe(true);
    expect(isQueueStillStarting(notStartedOnDeclare)).toBe(true);
    expect(isQueueStillStarting(noQueue)).toBe(false);
    expect(isQueueStillStarting(new Error("connect ECONNREFUSED 127.0.0.1:5672"))).toBe(false);
  });
});
