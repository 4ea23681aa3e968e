import { describe, expect, it } from "vitest";
import { withEchoExchange } from "./echo-permissions.js";

describe("withEchoExchange", () => {
  const siteWrite = "^tickets\\.purchases\\.fr$";

  it("lets the site also write to the echo exchange", () => {
    expect(new RegExp(withEchoExchange(siteWrite)).test("bench.purchases")).toBe(true);
  });

  it("keeps every resource the site could write to before, and nothing more", () => {
    const widened = new RegExp(withEchoExchange(siteWrite));
    for (const resource of ["tickets.purchases.fr"]) expect(widened.test(resource)).toBe(true);
    for (const resource of ["tickets.inventory", "tickets.stock", "stomp.gen-abc", "tickets.purchases.de", "bench.purchasesX", "xbench.purchases", "purchases.fr"]) expect(widened.test(resource)).toBe(false);
  });
});
