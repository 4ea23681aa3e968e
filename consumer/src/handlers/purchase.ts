import type { Confirmation, Purchase, RejectionReason } from "@repo/contract";
import { isBrokerTempQueue, MAX_ORDER_ID_LENGTH, ORDER_OUTCOMES, parsePurchase, PURCHASE_DELIVERY_LIMIT, REJECTION_REASONS } from "@repo/contract";
import type { Delivery, Reply } from "../delivery.js";
import { SETTLEMENTS } from "../delivery.js";
import type { OrderRecord, OrderStore } from "../store/order-store.js";

/**
 * Why a well-formed purchase was refused although the contract has no
 * rejection reason for it: nobody can be told the outcome, so nothing is sold.
 * Never sent, only logged and counted.
 */
export const UNANSWERABLE = "unanswerable";

/**
 * Why a purchase was dead-lettered unanswered on its last delivery: the store
 * could be neither written nor read, so nobody knows whether it was sold.
 * Never sent, only logged and counted.
 */
const OUTCOME_UNKNOWN = "outcome_unknown";

/** Reasons that are only logged and counted: the buyer is told nothing. */
type UnsentReason = typeof UNANSWERABLE | typeof OUTCOME_UNKNOWN;

/**
 * The longest refusal detail, in characters, ellipsis included. A detail may
 * quote the browser (valibot's `Received "…"`, JSON.parse's message), and it
 * goes into a log line, so what a browser can put in the log is bounded.
 */
export const MAX_DETAIL_LENGTH = 200;

export type PurchaseOutcome =
  | {
      /** A valid purchase went through the store: acknowledge it. */
      kind: "processed";
      settlement: typeof SETTLEMENTS.ack;
      order: OrderRecord;
      reply: Reply;
    }
  | {
      /** The purchase cannot be sold: dead-letter it, answering the site when it can be answered. */
      kind: "refused";
      settlement: typeof SETTLEMENTS.deadLetter;
      reason: RejectionReason | UnsentReason;
      /** Why, for the log: at most MAX_DETAIL_LENGTH characters, ending in "…" when cut. */
      detail: string;
      /** The correlation id, which is the orderId for any well-behaved site. */
      orderId: string | undefined;
      reply: Reply | undefined;
      /** Why no reply goes out; undefined when one does. */
      unanswered: string | undefined;
    };

/** Where the answer to a delivery can go, or why it cannot be answered. */
type ReplyTarget = { to: string; orderId: string; unanswered?: never } | { unanswered: string };

/** A refusal: settled as it is, without the store. */
export type RefusedPurchase = Extract<PurchaseOutcome, { kind: "refused" }>;

/** A purchase that passed every check that needs no store, and where its answer goes. */
export interface SellablePurchase {
  kind: "sellable";
  purchase: Purchase;
  /** The reply queue: a broker temp queue. */
  to: string;
}

/**
 * Checks a delivery with everything that needs no store: the body, the
 * envelope and where the answer can go. A refusal is settled as it is, so
 * a purchase that cannot be sold never waits for the store, nor fails with
 * it. Plain function: the caller publishes the reply, then settles the
 * delivery as told.
 */
export function checkPurchase(delivery: Delivery, now: Date): SellablePurchase | RefusedPurchase {
  const { correlationId, routingKey, userId } = delivery;
  const target = replyTarget(delivery);
  const parsed = parsePurchase(delivery.body, { routingKey, userId, correlationId });
  if (!parsed.ok) return refuse(delivery, parsed.reason, parsed.detail, parsed.quantity, target, now);
  if (target.unanswered !== undefined) return refuseUnanswered(delivery, UNANSWERABLE, target.unanswered, target.unanswered);
  return { kind: "sellable", purchase: parsed.purchase, to: target.to };
}

/**
 * Decides a checked purchase in the store: a known orderId gets its stored
 * outcome and sells nothing more; a new one is confirmed, or rejected
 * `sold_out`. Throws what the store throws, and the caller requeues.
 */
export function decidePurchase({ purchase, to }: SellablePurchase, store: OrderStore, now: Date): PurchaseOutcome {
  return processed(store.placeOrder(purchase, now), to);
}

/**
 * Whether the broker will dead-letter this purchase if it is returned once
 * more: quorum queues count the returns in x-delivery-count and give up
 * after PURCHASE_DELIVERY_LIMIT of them.
 */
export function isLastDelivery(delivery: Delivery): boolean {
  return delivery.deliveryCount >= PURCHASE_DELIVERY_LIMIT;
}

/**
 * The outcome of a checked purchase whose decision failed on its last
 * allowed delivery, rather than let the broker dead-letter it unanswered,
 * which leaves the buyer waiting and the site resending it after every
 * reconnect. An earlier delivery may have sold it before its reply failed,
 * so the store is read first: a stored order gets its stored answer and is
 * acknowledged like any replay. Only an order the store does not have is
 * refused as `processing_failed`: this delivery sold nothing, but another
 * copy of the same orderId (a resend still queued) may yet be sold, so the
 * site offers Try again with that orderId, never a new order (README,
 * Exactly once).
 * When even the read fails, nobody can say whether it was sold: it is
 * dead-lettered unanswered (`outcome_unknown`), and the site's resend after
 * its next reconnect asks again.
 */
export function settleFailedPurchase(delivery: Delivery, sellable: SellablePurchase, store: OrderStore, now: Date): PurchaseOutcome {
  const { purchase, to } = sellable;
  const detail = `deciding it failed on all ${PURCHASE_DELIVERY_LIMIT + 1} deliveries the queue allows`;
  let stored: OrderRecord | undefined;
  try {
    stored = store.findOrder(purchase.orderId);
  } catch {
    return refuseUnanswered(delivery, OUTCOME_UNKNOWN, detail, "the store cannot be read, so whether it was sold is unknown");
  }
  if (stored !== undefined) return processed(stored, to);
  return refuse(delivery, REJECTION_REASONS.processingFailed, detail, purchase.quantity, { to, orderId: purchase.orderId }, now);
}

function processed(order: OrderRecord, to: string): PurchaseOutcome {
  return { kind: "processed", settlement: SETTLEMENTS.ack, order, reply: { to, confirmation: confirmationOf(order) } };
}

/**
 * Refuses a purchase for a reason the contract defines, answering it when its
 * reply target allows; `quantity` is null when the body could not be read.
 */
function refuse(
  delivery: Delivery,
  reason: RejectionReason,
  detail: string,
  quantity: number | null,
  target: ReplyTarget,
  now: Date,
): RefusedPurchase {
  if (target.unanswered !== undefined) return refuseUnanswered(delivery, reason, detail, target.unanswered);
  const confirmation: Confirmation = {
    orderId: target.orderId,
    status: ORDER_OUTCOMES.rejected,
    quantity,
    reason,
    processedAt: now.toISOString(),
  };
  return { ...refusal(delivery, reason, detail), reply: { to: target.to, confirmation }, unanswered: undefined };
}

/** Refuses a purchase without a word to the site; `unanswered` says why. */
function refuseUnanswered(delivery: Delivery, reason: RejectionReason | UnsentReason, detail: string, unanswered: string): RefusedPurchase {
  return { ...refusal(delivery, reason, detail), reply: undefined, unanswered };
}

/** What every refusal carries besides its reply. */
function refusal(delivery: Delivery, reason: RejectionReason | UnsentReason, detail: string) {
  return {
    kind: "refused",
    settlement: SETTLEMENTS.deadLetter,
    reason,
    detail: truncate(detail, MAX_DETAIL_LENGTH),
    orderId: delivery.correlationId,
  } as const;
}

/** At most `maxLength` characters (code points, so a pair is never split), the last one "…" when cut. */
function truncate(text: string, maxLength: number): string {
  const characters = Array.from(text);
  return characters.length <= maxLength ? text : `${characters.slice(0, maxLength - 1).join("")}…`;
}

/**
 * The site sets reply-to, so an unchecked one would let a browser aim
 * confirmations at any queue; only broker temp queues are answered.
 */
function replyTarget({ replyTo, correlationId }: Delivery): ReplyTarget {
  if (replyTo === undefined) return { unanswered: "no reply-to" };
  if (!isBrokerTempQueue(replyTo)) return { unanswered: "reply-to is not a broker temporary queue" };
  if (correlationId === undefined || correlationId.length === 0 || correlationId.length > MAX_ORDER_ID_LENGTH) {
    return { unanswered: "no usable correlation-id" };
  }
  return { to: replyTo, orderId: correlationId };
}

function confirmationOf(order: OrderRecord): Confirmation {
  return {
    orderId: order.orderId,
    status: order.status,
    quantity: order.quantity,
    ...(order.reason === undefined ? {} : { reason: order.reason }),
    processedAt: order.processedAt,
    remaining: order.remaining,
  };
}
