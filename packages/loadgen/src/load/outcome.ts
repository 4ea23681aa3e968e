import { randomUUID } from "node:crypto";
import type { Country, Purchase } from "@repo/contract";

/** How one purchase ended, from the simulated browser's point of view. */
export const OUTCOME_STATUSES = {
  /** The consumer answered `confirmed`. */
  confirmed: "confirmed",
  /** The consumer answered `rejected` (sold out, invalid…). */
  rejected: "rejected",
  /** No answer within the timeout; the broker may have refused it silently (no receipt). */
  timeout: "timeout",
  /** The connection failed or closed before the answer came. */
  error: "error",
} as const;

export type OutcomeStatus = (typeof OUTCOME_STATUSES)[keyof typeof OUTCOME_STATUSES];

/** One purchase, timed with `performance.now()`. */
export interface Outcome {
  country: Country;
  status: OutcomeStatus;
  sentAt: number;
  /** When the broker took it: the STOMP RECEIPT, or the publisher confirm for the baseline. */
  acceptedAt: number | undefined;
  /** When the answer (or the timeout, or the error) came. */
  doneAt: number;
  /** The rejection reason or the error, for the report. */
  detail: string | undefined;
  /**
   * Open loads only: when the schedule said to send it. A generator that falls
   * behind sends late, and timed from the actual send that lateness would
   * vanish from the latency (coordinated omission); closed loads have no
   * schedule, they send as soon as an answer frees a slot.
   */
  scheduledAt?: number;
}

/**
 * Confirmation latency: from the scheduled send for the open loop, so that a
 * purchase the generator sent late counts as waiting from when it was due, as
 * a real buyer would have; from the send for the closed loop.
 */
export function latencyMs({ scheduledAt, sentAt, doneAt }: Outcome): number {
  return doneAt - (scheduledAt ?? sentAt);
}

/** One simulated browser, or one baseline client: sends purchases and resolves each with its outcome. */
export interface Requester {
  readonly country: Country;
  /** Purchases sent and not answered yet. */
  readonly inFlight: number;
  /** False once the connection has failed or was closed; requests then fail at once. */
  readonly open: boolean;
  /** Sends one purchase; never rejects. */
  request(): Promise<Outcome>;
  close(): Promise<void>;
}

/** What every simulated purchase buys: ten tickets, a fresh orderId. */
export function benchPurchase(country: Country): Purchase {
  return { orderId: randomUUID(), country, quantity: 10, placedAt: new Date().toISOString() };
}

/** The outcome of a purchase a closed requester cannot send: an error, at once. */
export function failedAtOnce(country: Country, detail: string): Promise<Outcome> {
  const at = performance.now();
  return Promise.resolve({ country, status: OUTCOME_STATUSES.error, sentAt: at, acceptedAt: undefined, doneAt: at, detail });
}
