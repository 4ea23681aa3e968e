import { describe, expect, it } from "vitest";
import { brokerErrorText } from "./broker-error.js";

function errorFrame(headers: Record<string, string>, body = "") {
  return { command: "ERROR", headers, body };
}

describe("brokerErrorText", () => {
  it("gives RabbitMQ's category and its reason, which it puts in the body", () => {
    expect(brokerErrorText(errorFrame({ message: "Bad CONNECT" }, "Access refused for user 'site-fr'\n"))).toBe(
      "Bad CONNECT: Access refused for user 'site-fr'",
    );
  });

  it("keeps only the body's first line", () => {
    expect(brokerErrorText(errorFrame({ message: "not_found" }, "NOT_FOUND - no exchange\nsecond line"))).toBe("not_found: NOT_FOUND - no exchange");
  });

  it("says a repeated reason once, and falls back on the command when the frame says nothing", () => {
    expect(brokerErrorText(errorFrame({ message: "Bad CONNECT" }, "Bad CONNECT"))).toBe("Bad CONNECT");
    expect(brokerErrorText(errorFrame({}, "  "))).toBe("ERROR");
  });

  it("caps what a broker could make arbitrarily long", () => {
    const text = brokerErrorText(errorFrame({ message: "x".repeat(1000) }));

    expect(text).toHaveLength(200);
    expect(text.endsWith("…")).toBe(true);
  });
});
