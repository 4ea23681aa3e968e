import type { Channel, ConsumeMessage } from "amqplib";
import { beforeEach, describe, expect, it } from "vitest";
import type { Settlement } from "../delivery.js";
import { settle } from "./amqp.js";

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
