import * as v from "valibot";

/** Why an order was rejected. Sites translate these codes; the consumer never sends prose. */
export const REJECTION_REASONS = {
  /** The message body is larger than a purchase can be. */
  tooLarge: "too_large",
  /** The body is not UTF-8 JSON. */
  invalidJson: "invalid_json",
  /**
   * The body is not a purchase object: a field other than `quantity` is
   * missing, unknown or of the wrong type (whatever the quantity), or the
   * JSON is not an object at all.
   */
  invalidFields: "invalid_fields",
  /** Every other field is right, but the quantity is missing or is not one the sites sell (10 or 100). */
  invalidQuantity: "invalid_quantity",
  /** The body names another country than the routing key. */
  countryMismatch: "country_mismatch",
  /** The correlation-id header is not the body's orderId. */
  orderIdMismatch: "order_id_mismatch",
  /** The broker-validated user-id is missing or is not the routing key's site. */
  wrongSite: "wrong_site",
  /** The stock cannot cover the quantity. */
  soldOut: "sold_out",
  /**
   * Deciding the order failed on every delivery the queue allows (the store
   * could not write it): nothing was sold for this delivery, but another
   * copy of the order (a resend still queued) may yet be sold. So the buyer
   * may send the same order again (same orderId, decided once by the store),
   * never a new one, which could buy twice.
   */
  processingFailed: "processing_failed",
} as const;

export type RejectionReason = (typeof REJECTION_REASONS)[keyof typeof REJECTION_REASONS];

/** What became of an order. */
export const ORDER_OUTCOMES = {
  confirmed: "confirmed",
  rejected: "rejected",
} as const;

export type OrderOutcome = (typeof ORDER_OUTCOMES)[keyof typeof ORDER_OUTCOMES];

/** The reply-to a site puts on every purchase; the broker turns it into a private, auto-deleted queue. */
export const CONFIRMATION_REPLY_TO = "/temp-queue/confirmations";

/**
 * Reply queues the consumer will answer to. The browser sets `reply-to`, so an
 * unchecked value would let it aim confirmations at any queue; only the names
 * the broker generates for temporary queues are accepted.
 */
const BROKER_TEMP_QUEUE = /^(amq|stomp)\.gen-[A-Za-z0-9_.=-]{1,200}$/;

export function isBrokerTempQueue(replyTo: unknown): replyTo is string {
  return typeof replyTo === "string" && BROKER_TEMP_QUEUE.test(replyTo);
}

/** The longest orderId a confirmation may carry; sites drop longer ones, so the consumer answers none. */
export const MAX_ORDER_ID_LENGTH = 64;

const ConfirmationFields = v.object({
  /** The order this answers, also sent as the correlation-id header. */
  orderId: v.pipe(v.string(), v.maxLength(MAX_ORDER_ID_LENGTH)),
  /** Whether the tickets are sold to this order. */
  status: v.picklist(Object.values(ORDER_OUTCOMES)),
  /**
   * Tickets in the order. Null only when the body could not be read as a
   * purchase (`too_large`, `invalid_json`, `invalid_fields`,
   * `invalid_quantity`); a refusal of a well-formed one (`country_mismatch`,
   * `wrong_site`, `order_id_mismatch`, `processing_failed`) carries its quantity.
   */
  quantity: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Why the order was rejected; absent on a confirmation. */
  reason: v.optional(v.picklist(Object.values(REJECTION_REASONS))),
  /** When the consumer decided, ISO-8601. */
  processedAt: v.pipe(v.string(), v.isoTimestamp()),
  /** Tickets left for sale right after the store decided this order; absent when it did not (every reason but `sold_out`). */
  remaining: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/**
 * What the fields say together, as the consumer writes them: a rejection and
 * only a rejection names its reason, a confirmation names the tickets sold,
 * and only the store's decisions (a confirmation, `sold_out`) report the
 * stock left. A reply that breaks one is not the consumer's: it is ignored,
 * like any frame that is not a confirmation, rather than shown half-read.
 */
function isCoherent({ status, reason, quantity, remaining }: v.InferOutput<typeof ConfirmationFields>): boolean {
  const rejected = status === ORDER_OUTCOMES.rejected;
  if (rejected !== (reason !== undefined)) return false;
  if (!rejected && quantity === null) return false;
  return remaining === undefined || isStoreDecision({ status, reason });
}

/**
 * Whether an answer is the store's decision on the order (a confirmation,
 * `sold_out`), rather than a refusal of one delivered copy before the store.
 * Only a decision reports the stock left, and the quantity the store holds
 * for the orderId; a refusal repeats the body it was sent.
 */
export function isStoreDecision({ status, reason }: { status: OrderOutcome; reason?: RejectionReason | undefined }): boolean {
  return status === ORDER_OUTCOMES.confirmed || reason === REJECTION_REASONS.soldOut;
}

const ConfirmationSchema = v.pipe(ConfirmationFields, v.check(isCoherent));

/** The consumer's answer to one purchase, sent to the purchase's reply-to queue. */
export type Confirmation = v.InferOutput<typeof ConfirmationSchema>;

/** The reply header that names the order answered, as a purchase's SEND names it: its orderId. */
export const CORRELATION_ID_HEADER = "correlation-id";

/**
 * Reads a reply as a site's STOMP client receives it: a confirmation body
 * whose orderId is the one its correlation-id header names, when it has
 * one. Undefined otherwise (sites ignore such frames).
 */
export function parseReply(message: { headers: Readonly<Record<string, string | undefined>>; body: string }): Confirmation | undefined {
  const confirmation = parseConfirmation(message.body);
  const correlationId = message.headers[CORRELATION_ID_HEADER];
  return confirmation !== undefined && (correlationId === undefined || correlationId === confirmation.orderId) ? confirmation : undefined;
}

/** Reads a confirmation body; undefined when it is not one (sites ignore such frames). */
export function parseConfirmation(body: string): Confirmation | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = v.safeParse(ConfirmationSchema, json);
  return result.success ? result.output : undefined;
}

/** AMQP properties of a confirmation. Header values are strings: RabbitMQ drops other types on the way to STOMP. */
export function confirmationProperties(confirmation: Confirmation): {
  correlationId: string;
  contentType: string;
  headers: Record<string, string>;
} {
  return {
    correlationId: confirmation.orderId,
    contentType: "application/json",
    headers: { "order-status": confirmation.status },
  };
}
