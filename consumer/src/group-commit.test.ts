import type { Purchase } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit.js";
import type { PurchaseOutcome, SellablePurchase } from "./handlers/purchase.js";
import type { OrderStore } from "./store/order-store.js";
import { openSqliteStore } from "./store/sqlite-store.js";

const NOW = new Date("2025-11-25T12:00:00.000Z");

/** A purchase that passed its checks, as the processor hands it over. */
function sellable(orderId = crypto.randomUUID()): SellablePurchase {
  const purchase: Purchase = { orderId, country: "de", quantity: 10, placedAt: NOW.toISOString() };
  return { kind: "sellable", purchase, to: "amq.gen-abc123" };
}

/** The real store, counting its transactions; `poisoned` orders throw, `commitFails` makes the next commit fail. */
function observedStore(store: OrderStore) {
  const observed = { transactions: 0, poisoned: new Set<string>(), commitFails: false };
  const wrapped: OrderStore = {
    ...store,
    placeOrder: (purchase, now) => {
      if (observed.poisoned.has(purchase.orderId)) throw new Error("the disk is on fire");
      return store.placeOrder(purchase, now);
    },
    transaction: (work) => {
      observed.transactions += 1;
      return store.transaction(() => {
        const result = work();
        if (observed.commitFails) throw new Error("disk full");
        return result;
      });
    },
  };
  return { store: wrapped, observed };
}

describe("createGroupCommit", () => {
  let real: OrderStore;

  beforeEach(() => {
    real = openSqliteStore({ path: ":memory:", initialStock: 1000 });
  });

  afterEach(() => {
    real.close();
  });

  it("when purchases arrive together, they are decided in one transaction and each gets its own outcome", async () => {
    const { store, observed } = observedStore(real);
    const decide = createGroupCommit(store, () => NOW);

    const outcomes = await Promise.all([decide(sellable()), decide(sellable()), decide(sellable())]);

    expect(observed.transactions).toBe(1);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["processed", "processed", "processed"]);
    expect(real.stock().remaining).toBe(970);
  });

  it("when purchases are handed over in separate callbacks of one event-loop turn, they share one transaction", async () => {
    const { store, observed } = observedStore(real);
    const decide = createGroupCommit(store, () => NOW);
    const handedOver: Promise<PurchaseOutcome>[] = [];

    // Two immediates queued together run in the same check phase, as the reads of two sockets readable together do.
    await new Promise<void>((resolve) => {
      setImmediate(() => handedOver.push(decide(sellable())));
      setImmediate(() => {
        handedOver.push(decide(sellable()));
        resolve();
      });
    });
    await Promise.all(handedOver);

    expect(observed.transactions).toBe(1);
    expect(real.stock().remaining).toBe(980);
  });

  it("when a group has been committed, no empty transaction follows it", async () => {
    const { store, observed } = observedStore(real);
    const decide = createGroupCommit(store, () => NOW);

    await Promise.all([decide(sellable()), decide(sellable()), decide(sellable())]);
    await new Promise((resolve) => setImmediate(resolve));

    expect(observed.transactions).toBe(1);
  });

  it("when purchases arrive apart, each is committed on its own", async () => {
    const { store, observed } = observedStore(real);
    const decide = createGroupCommit(store, () => NOW);

    await decide(sellable());
    await decide(sellable());

    expect(observed.transactions).toBe(2);
  });

  it("when one purchase of a group fails, only it is rejected and the others are sold", async () => {
    const { store, observed } = observedStore(real);
    const decide = createGroupCommit(store, () => NOW);
    const poisoned = crypto.randomUUID();
    observed.poisoned.add(poisoned);

    const results = await Promise.allSettled([decide(sellable()), decide(sellable(poisoned)), decide(sellable())]);

    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(real.stock().remaining).toBe(980);
  });

  it("when the commit fails, no purchase of the group gets an outcome and nothing is sold", async () => {
    const { store, observed } = observedStore(real);
    const decide = createGroupCommit(store, () => NOW);
    observed.commitFails = true;

    const results = await Promise.allSettled([decide(sellable()), decide(sellable())]);

    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(real.stock().remaining).toBe(1000);
  });

  it("when the same order comes twice in one group, it is sold once and the second gets the first answer", async () => {
    const decide = createGroupCommit(real, () => NOW);
    const orderId = crypto.randomUUID();

    const [first, second] = await Promise.all([decide(sellable(orderId)), decide(sellable(orderId))]);

    expect(first).toMatchObject({ kind: "processed", order: { replayed: false } });
    expect(second).toMatchObject({ kind: "processed", order: { replayed: true } });
    expect(real.stock().remaining).toBe(990);
  });
});
