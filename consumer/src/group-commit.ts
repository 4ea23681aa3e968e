import type { PurchaseOutcome, SellablePurchase } from "./handlers/purchase.js";
import { decidePurchase } from "./handlers/purchase.js";
import type { OrderStore } from "./store/order-store.js";

/** Decides one checked purchase; resolves once its order is committed, rejects if it could not be. */
export type DecidePurchase = (sellable: SellablePurchase) => Promise<PurchaseOutcome>;

interface Waiting {
  sellable: SellablePurchase;
  resolve: (outcome: PurchaseOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. The purchases amqplib hands over in one turn of the event
 * loop (each country queue has its own connection, and the sockets that
 * are readable together are read in the same turn) are decided in one
 * store transaction, so they share one sync to disk instead of paying one
 * each. The sync blocks the event loop, and while one runs the other
 * country queues' next deliveries arrive: under load they come in
 * together. Only checked purchases join a group (`checkPurchase`): one
 * that cannot be sold is refused without the store, so a transaction that
 * cannot begin or commit never holds up, or requeues, a refusal. Prefetch 1
 * is untouched (at most one delivery per queue is in hand), and so is the
 * order of effects: every outcome resolves only after the commit, so the
 * caller still commits, then publishes the reply, then acks. A purchase
 * that throws is undone and rejected alone; a commit that fails rejects
 * the whole group, none of which was answered.
 */
export function createGroupCommit(store: OrderStore, now: () => Date): DecidePurchase {
  let waiting: Waiting[] = [];

  function commit(): void {
    const group = waiting;
    waiting = [];
    let answers: (() => void)[];
    try {
      answers = store.transaction(() =>
        group.map(({ sellable, resolve, reject }) => {
          try {
            const outcome = decidePurchase(sellable, store, now());
            return () => {
              resolve(outcome);
            };
          } catch (error) {
            return () => {
              reject(error);
            };
          }
        }),
      );
    } catch (error) {
      for (const { reject } of group) reject(error);
      return;
    }
    // Only now is every order of the group on disk.
    for (const answer of answers) answer();
  }

  return (sellable) =>
    new Promise((resolve, reject) => {
      waiting.push({ sellable, resolve, reject });
      // Runs once every socket read in this turn of the event loop has been dispatched (the check phase).
      if (waiting.length === 1) setImmediate(commit);
    });
}
