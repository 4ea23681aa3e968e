import { describe, expect, it } from "vitest";
import { PendingRequests } from "./pending-requests.js";

describe("PendingRequests", () => {
  it("resolves a purchase with its receipt and answer times", async () => {
    const pending = new PendingRequests("fr", 1000);
    const outcome = pending.add("a", 10);

    pending.accepted("a", 12);
    pending.settle("a", "confirmed", 15);

    await expect(outcome).resolves.toEqual({ country: "fr", status: "confirmed", sentAt: 10, acceptedAt: 12, doneAt: 15, detail: undefined });
    expect(pending.size).toBe(0);
  });

  it("times out only what waited at least the timeout, saying whether the broker had taken it", async () => {
    const pending = new PendingRequests("de", 100);
    const old = pending.add("old", 0);
    const taken = pending.add("taken", 10);
    pending.accepted("taken", 11);
    const young = pending.add("young", 50);

    pending.expire(120);

    await expect(old).resolves.toMatchObject({ status: "timeout", detail: "no receipt", doneAt: 120 });
    await expect(taken).resolves.toMatchObject({ status: "timeout", detail: "no confirmation", acceptedAt: 11, doneAt: 120 });
    expect(pending.size).toBe(1);
    pending.settle("young", "confirmed", 130);
    await expect(young).resolves.toMatchObject({ status: "confirmed" });
  });

  it("times out a purchase unanswered for exactly the timeout, as --timeout documents (unanswered this long)", async () => {
    const pending = new PendingRequests("fr", 100);
    const outcome = pending.add("a", 0);

    pending.expire(100);

    await expect(outcome).resolves.toMatchObject({ status: "timeout", doneAt: 100 });
    expect(pending.size).toBe(0);
  });

  it("ignores an answer to a purchase that already timed out, and leaves the others waiting", async () => {
    const pending = new PendingRequests("gb", 100);
    const outcome = pending.add("a", 0);
    const young = pending.add("b", 150);
    pending.expire(200);

    pending.settle("a", "confirmed", 210);

    await expect(outcome).resolves.toMatchObject({ status: "timeout", doneAt: 200 });
    expect(pending.size).toBe(1);
    pending.settle("b", "confirmed", 220);
    await expect(young).resolves.toMatchObject({ status: "confirmed", doneAt: 220 });
  });

  it("fails everything in flight when the connection drops", async () => {
    const pending = new PendingRequests("es", 1000);
    const outcomes = [pending.add("a", 0), pending.add("b", 1)];

    pending.failAll("connection closed", 5);

    await expect(Promise.all(outcomes)).resolves.toMatchObject([
      { status: "error", detail: "connection closed" },
      { status: "error", detail: "connection closed" },
    ]);
  });
});
