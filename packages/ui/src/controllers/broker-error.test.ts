import { describe, expect, it } from "vitest";
import { brokerError } from "./broker-error.js";

function errorFrame(headers: Record<string, string>, body = "") {
  return { command: "ERROR", headers, body };
}

describe("brokerError", () => {
  it("gives RabbitMQ's category and its reason, which it puts in the body", () => {
    expect(brokerError(errorFrame({ message: "Bad CONNECT" }, "Access refused for user 'site-fr'\n")).words).toBe(
      "Bad CONNECT: Access refused for user 'site-fr'",
    );
  });

  it("keeps only the body's first line", () => {
    expect(brokerError(errorFrame({ message: "not_found" }, "NOT_FOUND - no exchange\nsecond line")).words).toBe("not_found: NOT_FOUND - no exchange");
  });

  it("says a repeated reason once, and falls back on the command when the frame says nothing", () => {
    expect(brokerError(errorFrame({ message: "Bad CONNECT" }, "Bad CONNECT")).words).toBe("Bad CONNECT");
    expect(brokerError(errorFrame({}, "  ")).words).toBe("ERROR");
  });

  it("caps what a broker could make arbitrarily long", () => {
    const { words } = brokerError(errorFrame({ message: "x".repeat(1000) }));

    expect(words).toHaveLength(200);
    expect(words.endsWith("…")).toBe(true);
  });

  it.each([
    ["RabbitMQ's refused login", { message: "Bad CONNECT" }, "Access refused for user 'site-fr'\n"],
    ["a refusal named in the category", { message: "Access refused for user 'site-fr'" }, "Access refused"],
    ["a refused permission", { message: "access_refused" }, "ACCESS_REFUSED - write access to exchange 'tickets.purchases.de' refused for user 'site-fr'"],
    ["a virtual host the login may not enter", { message: "Bad CONNECT" }, "Virtual host 'tickets' access denied"],
  ])("%s is a refusal of the site", (_, headers, body) => {
    expect(brokerError(errorFrame(headers, body)).kind).toBe("refused");
  });

  it.each([
    ["a missing exchange", { message: "not_found" }, "NOT_FOUND - no exchange 'tickets.purchases.fr'"],
    ["a frame too large", { message: "Frame too large" }, ""],
    ["a frame that says nothing", {}, ""],
  ])("%s is some other close, not a refusal", (_, headers, body) => {
    expect(brokerError(errorFrame(headers, body)).kind).toBe("closed");
  });

  it("judges a refusal on the whole reason, even where the words shown are cut short", () => {
    const error = brokerError(errorFrame({ message: "x".repeat(300) }, "Access refused for user 'site-fr'"));

    expect(error.kind).toBe("refused");
    expect(error.words).not.toContain("Access refused");
  });
});
