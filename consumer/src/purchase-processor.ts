import { countryOfRoutingKey, ORDER_OUTCOMES } from "@repo/contract";
import type { DeliveryHandler } from "./delivery.js";
import { SETTLEMENTS } from "./delivery.js";
import { createGroupCommit } from "./group-commit.js";
import { checkPurchase, isLastDelivery, settleFailedPurchase } from "./handlers/purchase.js";
import { logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import { NONE } from "./metrics.js";
import type { OrderStore } from "./store/order-store.js";

const log = logger.child({ module: "purchases" });

/**
 * The orders metric's status for a purchase whose handling threw and that
 * went back to its queue: no answer of the contract, since the buyer hears
 * nothing until a later delivery decides it.
 */
const FAILED = "failed";

export interface PurchaseProcessorOptions {
  store: OrderStore;
  metrics: Metrics;
  /** Called right after a sale is committed, before its reply goes out; must return at once. */
  onStockChanged?: () => void;
  now?: () => Date;
}

/**
 * Wraps the purchase handler with what it must not know about: the reply is
 * published and confirmed before the caller acknowledges, so a crash at any
 * point means a redelivery, which the store answers the same way. Logs every
 * purchase; counts an order's first decision once, as soon as it is
 * committed, and every later answer from the store as a replay, so a
 * redelivery or a resend is never a second sale. A purchase that cannot be
 * sold (invalid, or unanswerable) is refused before it reaches the store:
 * whatever the store's state, it is answered and dead-lettered at once,
 * never requeued (unless its answer cannot be published: the channel is
 * going, and the purchase with it). A failure asks for a requeue, except
 * on the last delivery the queue allows, where `settleFailedPurchase`
 * answers it. A reply its queue refuses is no failure: the purchase is
 * settled as decided.
 */
export function createPurchaseProcessor({
  store,
  metrics,
  onStockChanged,
  now = () => new Date(),
}: PurchaseProcessorOptions): DeliveryHandler {
  const decide = createGroupCommit(store, now);
  // Per purchase, in this order: commit (decide resolves once its group's transaction is synced, group-commit.ts),
  // confirm (replies.publish resolves on the broker's publisher confirm), then ack: broker/amqp.ts applies the
  // settlement returned here only after this resolves.
  return async (delivery, replies) => {
    const started = performance.now();
    const country = countryOfRoutingKey(delivery.routingKey) ?? NONE;
    try {
      /** Why the decision failed, when the purchase is settled without it on its last delivery. */
      let failure: unknown;
      const checked = checkPurchase(delivery, now());
      const outcome =
        checked.kind !== "sellable"
          ? checked
          : await decide(checked).catch((error: unknown) => {
              if (!isLastDelivery(delivery)) throw error;
              failure = error;
              return settleFailedPurchase(delivery, checked, store, now());
            });
      if (outcome.kind === "processed" && !outcome.order.replayed) {
        // Counted once committed, not once answered: should the reply fail, the redelivery is a replay, and the
        // decision must still count once.
        const { status, reason } = outcome.order;
        metrics.orders.inc({ country, status, reason: reason ?? NONE });
        // Only a first-time confirmation takes tickets; a replay or a sold-out rejection leaves the stock as it was.
        if (status === ORDER_OUTCOMES.confirmed) onStockChanged?.();
      }
      // A reply queue that refuses the answer will refuse it again: retrying would only hand a settled
      // purchase to the delivery limit. The store keeps the answer for the site's resend.
      const replyRefused = outcome.reply !== undefined && !(await replies.publish(outcome.reply));
      const seconds = (performance.now() - started) / 1000;
      // Milliseconds to two decimals: enough to see a sync, short enough for a log line.
      const handlingMs = Math.round(seconds * 100_000) / 100;

      if (outcome.kind === "processed") {
        const { orderId, status, reason, remaining, replayed } = outcome.order;
        const fields = { orderId, country, status, reason, remaining, replayed, replyRefused, handlingMs };
        if (failure === undefined) log.info(fields, "order processed");
        else log.warn({ ...fields, err: failure }, "the store failed on the purchase's last allowed delivery; answered with the outcome an earlier delivery stored");
        if (replayed) metrics.replays.inc({ country, status });
        metrics.handlingSeconds.observe({ country, status }, seconds);
      } else {
        const { orderId, reason, detail, unanswered } = outcome;
        const fields = { orderId, country, reason, detail, replyTo: delivery.replyTo, unanswered, replyRefused, handlingMs };
        if (failure === undefined) log.warn(fields, "purchase refused and dead-lettered");
        else log.error({ ...fields, err: failure }, "purchase could not be decided on its last allowed delivery; refused and dead-lettered");
        metrics.orders.inc({ country, status: "rejected", reason });
        metrics.handlingSeconds.observe({ country, status: "rejected" }, seconds);
      }
      return outcome.settlement;
    } catch (error) {
      log.error(
        {
          err: error,
          orderId: delivery.correlationId,
          country,
          redelivered: delivery.redelivered,
          deliveryCount: delivery.deliveryCount,
        },
        "purchase handling failed; requeued",
      );
      metrics.orders.inc({ country, status: FAILED, reason: NONE });
      return SETTLEMENTS.requeue;
    }
  };
}
