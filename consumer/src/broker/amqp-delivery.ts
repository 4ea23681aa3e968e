import { confirmationProperties } from "@repo/contract";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import type { Delivery, DeliveryHandler, ReplyPublisher, Settlement } from "../delivery.js";
import { SETTLEMENTS } from "../delivery.js";
import { logger } from "../logger.js";

// Between amqplib's messages and the handlers: a Delivery in, a Settlement and replies through a ReplyPublisher out.

const log = logger.child({ module: "broker" });

/** AMQP's nameless default exchange routes to the queue named by the routing key. */
const DEFAULT_EXCHANGE = "";

/**
 * amqplib's error for a publish the broker nacked, as opposed to "channel
 * closed" for one whose confirm never came. Only the target queue can
 * nack: for a reply, the browser's reply queue; for a stock broadcast
 * (amqp.ts), the stock stream.
 */
export const NACKED = "message nacked";

/** Publishes confirmations to reply queues; resolves true on the broker's confirm, false on its nack. */
export function replyPublisher(channel: ConfirmChannel): ReplyPublisher {
  return {
    publish: ({ to, confirmation }) =>
      new Promise<boolean>((resolve, reject) => {
        const content = Buffer.from(JSON.stringify(confirmation));
        // A reply only matters while its browser listens; persisting it would outlive the temp queue anyway.
        const properties = { ...confirmationProperties(confirmation), persistent: false };
        channel.publish(DEFAULT_EXCHANGE, to, content, properties, (err: unknown) => {
          if (err === null || err === undefined) resolve(true);
          else if (err instanceof Error && err.message === NACKED) resolve(false);
          else reject(err instanceof Error ? err : new Error("the broker did not confirm the reply"));
        });
      }),
  };
}

/**
 * A handler must not throw; one that does anyway (a bug) gets its delivery
 * retried like any other failure instead of lost to an unhandled rejection.
 */
export function failureTolerant(handler: DeliveryHandler): DeliveryHandler {
  return async (delivery, replies) => {
    try {
      return await handler(delivery, replies);
    } catch (err) {
      log.error({ err, routingKey: delivery.routingKey }, "delivery handler failed");
      return SETTLEMENTS.requeue;
    }
  };
}

/**
 * Acks, or rejects to requeue or dead-letter. basic.reject, not basic.nack:
 * from RabbitMQ 4.3 only a reject counts as a failed delivery and raises a
 * quorum queue's delivery count; a nack returns the message uncounted, so the
 * queue's x-delivery-limit would never end a purchase that keeps failing.
 * (3.10 counts both.)
 */
export function settle(channel: Pick<Channel, "ack" | "reject">, queue: string, message: ConsumeMessage, settlement: Settlement): void {
  try {
    if (settlement === SETTLEMENTS.ack) channel.ack(message);
    else channel.reject(message, settlement === SETTLEMENTS.requeue);
  } catch (err) {
    // The channel is gone, and with it the delivery: the broker redelivers it and the store answers the same.
    log.warn({ err, queue, settlement }, "could not settle a delivery; it will be redelivered");
  }
}

/** What the handlers read of a delivery. */
export function toDelivery(message: Pick<ConsumeMessage, "content" | "fields" | "properties">): Delivery {
  const { fields, properties } = message;
  // The quorum queue sets x-delivery-count on a redelivery; on a first delivery the header, if any, is the sender's.
  const deliveryCount: unknown = fields.redelivered ? properties.headers?.["x-delivery-count"] : undefined;
  return {
    body: message.content,
    routingKey: fields.routingKey,
    userId: text(properties.userId),
    correlationId: text(properties.correlationId),
    replyTo: text(properties.replyTo),
    redelivered: fields.redelivered,
    deliveryCount: typeof deliveryCount === "number" ? deliveryCount : 0,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
