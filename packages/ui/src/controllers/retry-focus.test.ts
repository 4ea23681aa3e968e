import { describe, expect, it } from "vitest";
import type { Order, OrderStatus } from "../orders/order-book.js";
import { fakeHost } from "./fake-host.test-support.js";
import { RetryFocus } from "./retry-focus.js";

function order(orderId: string, status: OrderStatus): Order {
  return { orderId, status, quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", publishedAt: 0, rush: false, published: true };
}

/**
 * An order list as the controller sees it: the orders it shows, which
 * retry button has the focus, and where the focus was moved to. `update`
 * runs a host update: the controller looks before the render, the render
 * shows `next`, and the controller looks again.
 */
function setup(orders: readonly Order[], focusedRetry: string | undefined) {
  let shown = orders;
  const moves: string[] = [];
  const { host, update: hostUpdate } = fakeHost();
  new RetryFocus(host, {
    orders: () => shown,
    focusedRetry: () => focusedRetry,
    focusOrder: (orderId) => moves.push(orderId),
  });
  const update = (next: readonly Order[]): void => {
    hostUpdate(() => {
      shown = next;
    });
  };
  return { update, moves };
}

describe("retry focus", () => {
  it("when a late receipt takes the focused Try again button away (busy to accepted), the focus goes to the order's row", () => {
    const { update, moves } = setup([order("a", "busy")], "a");

    update([order("a", "accepted")]);

    expect(moves).toEqual(["a"]);
  });

  it("when a lost connection takes the focused Try again button away (busy to queued), the focus goes to the order's row", () => {
    const { update, moves } = setup([order("b", "confirmed"), order("a", "busy")], "a");

    update([order("b", "confirmed"), order("a", "queued")]);

    expect(moves).toEqual(["a"]);
  });

  it("while the focused button stays, or no retry button has the focus, the focus is left where it is", () => {
    const stays = setup([order("a", "busy"), order("b", "busy")], "a");
    const elsewhere = setup([order("a", "busy")], undefined);

    stays.update([order("a", "busy"), order("b", "accepted")]);
    elsewhere.update([order("a", "accepted")]);

    expect(stays.moves).toEqual([]);
    expect(elsewhere.moves).toEqual([]);
  });

  it("when the order is gone from the list, the host is still asked to place the focus (it falls back to the list)", () => {
    const { update, moves } = setup([order("a", "busy")], "a");

    update([]);

    expect(moves).toEqual(["a"]);
  });
});
