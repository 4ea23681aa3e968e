import type { OrderStore } from "../../src/store/order-store.js";

/**
 * The store as it is, except that `beforePlacing` sees every order about to
 * be placed first, and may throw for it: how tests inject a failing disk
 * into the real SQLite store.
 */
export function withPlaceOrderFault(store: OrderStore, beforePlacing: (orderId: string) => void): OrderStore {
  return {
    ...store,
    placeOrder: (order, now) => {
      beforePlacing(order.orderId);
      return store.placeOrder(order, now);
    },
  };
}
