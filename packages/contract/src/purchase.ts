import * as v from "valibot";
import type { Country } from "./countries.js";
import { COUNTRIES, siteLogin } from "./countries.js";
import type { RejectionReason } from "./confirmation.js";
import { CONFIRMATION_REPLY_TO, CORRELATION_ID_HEADER, REJECTION_REASONS } from "./confirmation.js";
import { isCanonicalTimestamp } from "./timestamp.js";
import { countryOfRoutingKey, purchaseRoutingKey, purchasesExchange } from "./topology.js";

/** Ticket quantities a site sells in one order. */
export const PURCHASE_QUANTITIES = [10, 100] as const;

export type PurchaseQuantity = (typeof PURCHASE_QUANTITIES)[number];

/** Whether a number is a quantity the sites sell, such as a confirmation's, which the store decided. */
export function isPurchaseQuantity(value: unknown): value is PurchaseQuantity {
  return PURCHASE_QUANTITIES.some((quantity) => quantity === value);
}

/** A purchase is a few dozen bytes; anything much larger is abuse, refused before JSON.parse. */
export const MAX_PURCHASE_BYTES = 1024;

/**
 * The store compares orderIds byte for byte, so one UUID written in two cases
 * would be two orders: only the lowercase form `crypto.randomUUID` writes is
 * accepted, and a resend can never sell the same order twice.
 */
const OrderIdSchema = v.pipe(
  v.string(),
  v.uuid(),
  v.check((value: string) => value === value.toLowerCase(), "Invalid UUID: use lowercase hex digits"),
);

const PurchaseSchema = v.strictObject({
  /** UUID the site generates, lowercase; the idempotency key of the order. */
  orderId: OrderIdSchema,
  /** The selling country; must match the routing key. */
  country: v.picklist(COUNTRIES),
  /** Tickets wanted: 10 or 100. */
  quantity: v.picklist(PURCHASE_QUANTITIES),
  /**
   * When the buyer clicked, from the browser's clock, as `toISOString` writes
   * it: a site counts an unsent order's age from it, which other ISO-8601
   * forms would get wrong (`isCanonicalTimestamp`).
   */
  placedAt: v.pipe(v.string(), v.check((value: string) => isCanonicalTimestamp(value))),
});

/** The body a site publishes to buy tickets. */
export type Purchase = v.InferOutput<typeof PurchaseSchema>;

/**
 * Whether a value is a well-formed purchase, for data a site kept itself and
 * reads back (its outbox in localStorage), which a user or an extension may
 * have changed. Deliveries go through `parsePurchase`, which also checks the envelope.
 */
export function isPurchase(value: unknown): value is Purchase {
  return v.is(PurchaseSchema, value);
}

/** The STOMP destination a country's site sends purchases to (an exchange, never `/queue/`). */
export function purchaseDestination(country: Country): string {
  return `/exchange/${purchasesExchange(country)}/${purchaseRoutingKey(country)}`;
}

/** STOMP headers of a purchase SEND, except `receipt`, which the sending client owns. */
export function purchaseSendHeaders(purchase: Purchase): Record<string, string> {
  return {
    "reply-to": CONFIRMATION_REPLY_TO,
    [CORRELATION_ID_HEADER]: purchase.orderId,
    "content-type": "application/json",
    persistent: "true",
    "user-id": siteLogin(purchase.country),
  };
}

/** What the broker tells the consumer about a delivery, besides the body. */
export interface PurchaseEnvelope {
  /** The routing key the purchase was published with. */
  routingKey: string;
  /** AMQP user_id: set by the site, verified by the broker. */
  userId: string | undefined;
  /** AMQP correlation_id: the orderId, as the site sent it. */
  correlationId: string | undefined;
}

export type PurchaseParseResult =
  | { ok: true; purchase: Purchase }
  | {
      ok: false;
      reason: RejectionReason;
      detail: string;
      /**
       * The quantity of a well-formed body whose envelope disagrees
       * (`country_mismatch`, `wrong_site`, `order_id_mismatch`); null when
       * the body could not be read as a purchase.
       */
      quantity: PurchaseQuantity | null;
    };

function reject(reason: RejectionReason, detail: string, quantity: PurchaseQuantity | null = null): PurchaseParseResult {
  return { ok: false, reason, detail, quantity };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads an untrusted purchase delivery. Everything in it came from a browser:
 * size, encoding, JSON, fields and the envelope are all checked, and every
 * failure names a reason the site can show.
 */
export function parsePurchase(body: Uint8Array, envelope: PurchaseEnvelope): PurchaseParseResult {
  if (body.byteLength > MAX_PURCHASE_BYTES) {
    return reject(REJECTION_REASONS.tooLarge, `${body.byteLength} bytes, at most ${MAX_PURCHASE_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body));
  } catch (error) {
    return reject(REJECTION_REASONS.invalidJson, error instanceof Error ? error.message : "not JSON");
  }
  const result = v.safeParse(PurchaseSchema, json);
  if (!result.success) {
    const paths = result.issues.map((issue) => v.getDotPath(issue) ?? "(body)");
    const detail = result.issues.map((issue, i) => `${paths[i] ?? "(body)"}: ${issue.message}`).join("; ");
    // Only the quantity is wrong, missing included: the site can name that. Anything else is a malformed body.
    const onlyQuantity = paths.every((path) => path === "quantity");
    return reject(onlyQuantity ? REJECTION_REASONS.invalidQuantity : REJECTION_REASONS.invalidFields, detail);
  }
  const purchase = result.output;
  const routedCountry = countryOfRoutingKey(envelope.routingKey);
  if (routedCountry !== purchase.country) {
    return reject(
      REJECTION_REASONS.countryMismatch,
      `body says ${purchase.country}, routing key ${envelope.routingKey}`,
      purchase.quantity,
    );
  }
  if (envelope.userId !== siteLogin(purchase.country)) {
    return reject(REJECTION_REASONS.wrongSite, `user-id ${envelope.userId ?? "(none)"} does not sell ${purchase.country}`, purchase.quantity);
  }
  if (envelope.correlationId !== purchase.orderId) {
    return reject(REJECTION_REASONS.orderIdMismatch, "correlation-id is not the orderId", purchase.quantity);
  }
  return { ok: true, purchase };
}
