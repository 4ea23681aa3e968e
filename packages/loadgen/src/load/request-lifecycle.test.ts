import { describe, expect, it } from "vitest";
import { RequestLifecycle } from "./request-lifecycle.js";

describe("RequestLifecycle", () => {
  it("hands each request a fresh purchase of its country and resolves it with the answer", async () => {
    const lifecycle = new RequestLifecycle("fr", 1000);
    const sent: string[] = [];

    const outcome = lifecycle.request((purchase) => sent.push(purchase.orderId));
    const [orderId = ""] = sent;
    lifecycle.settle(orderId, "confirmed", performance.now());

    await expect(outcome).resolves.toMatchObject({ country: "fr", status: "confirmed" });
    expect(lifecycle.inFlight).toBe(0);
  });

  it("once ended, fails what was in flight with the first reason, and later requests at once without sending", async () => {
    const lifecycle = new RequestLifecycle("de", 1000);
    const inFlight = lifecycle.request(() => undefined);
    let sentAfterEnd = 0;

    lifecycle.end("connection closed (1006)");
    lifecycle.end("closed by the bench");
    const late = lifecycle.request(() => (sentAfterEnd += 1));

    await expect(inFlight).resolves.toMatchObject({ status: "error", detail: "connection closed (1006)" });
    await expect(late).resolves.toMatchObject({ country: "de", status: "error", detail: "connection closed (1006)" });
    expect(sentAfterEnd).toBe(0);
    expect(lifecycle.open).toBe(false);
  });
});
