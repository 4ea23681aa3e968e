import type { Channel, ConsumeMessage } from "amqplib";
import { beforeEach, describe, expect, it } from "vitest";
import type { Settlement } from "../delivery.js";
import { settle, toDelivery } from "./amqp-delivery.js";

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
