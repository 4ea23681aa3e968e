import type { Confirmation } from "@repo/contract";

/**
 * A purchase as the broker delivered it, stripped of the AMQP library's
 * types so handlers can be tested without a broker. `body`,
 * `correlationId` and `replyTo` came from a browser and are untrusted.
 * `routingKey` and `userId` came from the browser too, but the broker lets
 * a login publish only its own (topic permissions, the user-id check).
 * `redelivered` and `deliveryCount` the broker set itself.
 */
export interface Delivery {
  body: Uint8Array;
  /** The routing key the purchase was published with. */
  routingKey: string;
  /** AMQP user_id, checked by the broker against the publishing login. */
  userId: string | undefined;
  /** AMQP correlation_id: the orderId, as the site sent it. */
  correlationId: string | undefined;
  /** AMQP reply_to: where the site listens for the confirmation. */
  replyTo: string | undefined;
  /** The broker delivered this message before (a crash or a requeue); the store makes that harmless. */
  redelivered: boolean;
  /** Earlier failed deliveries, from the quorum queue's x-delivery-count header; 0 on a first delivery, whatever the sender put there. */
  deliveryCount: number;
}

/** What the broker should do with a delivery once it has been handled. */
export const SETTLEMENTS = {
  /** Done: remove it from the queue. */
  ack: "ack",
  /**
   * Never retry: move it to the dead-letter queue. For a purchase that cannot
   * be sold (invalid, or nobody to answer), and for one settled on its last
   * allowed delivery without a decision (`processing_failed`, `outcome_unknown`).
   */
  deadLetter: "dead-letter",
  /** A transient failure: deliver it again after a backoff (`retry-backoff.ts`), until the queue's delivery limit dead-letters it. */
  requeue: "requeue",
} as const;

export type Settlement = (typeof SETTLEMENTS)[keyof typeof SETTLEMENTS];

/** A confirmation and the queue it goes to. */
export interface Reply {
  to: string;
  confirmation: Confirmation;
}

/** Sends replies. */
export interface ReplyPublisher {
  /**
   * Settles with the broker's publisher confirm: true when it took the reply
   * (a reply to a queue that is gone counts, it routes nowhere), false when
   * the reply queue refused it (a nack: a queue that rejects publishes when
   * full), and rejects when the confirm never came (the channel closed).
   */
  publish(reply: Reply): Promise<boolean>;
}

/** Handles one delivery and says how to settle it; must not throw. */
export type DeliveryHandler = (delivery: Delivery, replies: ReplyPublisher) => Promise<Settlement>;
