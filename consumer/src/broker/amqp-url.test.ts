import { describe, expect, it } from "vitest";
import { amqpUrlProblems, withDefaultHeartbeat, withoutPassword } from "./amqp-url.js";

describe("withDefaultHeartbeat", () => {
  it("when the URL sets no heartbeat, asks for the given one, keeping credentials, vhost and other settings", () => {
    const url = withDefaultHeartbeat("amqp://con%40sumer:p%2Fss@127.0.0.1:5672/tickets?frameMax=131072", 10);

    expect(url).toBe("amqp://con%40sumer:p%2Fss@127.0.0.1:5672/tickets?frameMax=131072&heartbeat=10");
    expect(amqpUrlProblems(url)).toEqual([]);
  });

  it("when the URL sets a heartbeat, even 0 (none), keeps the URL's", () => {
    expect(withDefaultHeartbeat("amqps://u:p@broker.example/%2F?heartbeat=0", 10)).toBe("amqps://u:p@broker.example/%2F?heartbeat=0");
  });
});

describe("amqpUrlProblems", () => {
  it("when the URL is complete, finds nothing", () => {
    expect(amqpUrlProblems("amqp://consumer:consumer@127.0.0.1:5672/tickets?heartbeat=10")).toEqual([]);
  });

  it("when the URL lacks host and vhost and has a word for a number, names each problem", () => {
    expect(amqpUrlProblems("amqp://?heartbeat=abc")).toEqual([
      "names no host (amqplib would connect to localhost)",
      "names no vhost (amqplib would use the default vhost /; write /%2F if that is the one meant)",
      'heartbeat must be an integer from 0 to 65535, not "abc"',
    ]);
  });

  it("when the heartbeat is the largest the handshake holds, finds nothing, and one more is a problem", () => {
    const base = "amqp://consumer:consumer@127.0.0.1:5672/tickets";

    expect(amqpUrlProblems(`${base}?heartbeat=65535`)).toEqual([]);
    expect(amqpUrlProblems(`${base}?heartbeat=65536`)).toEqual(['heartbeat must be an integer from 0 to 65535, not "65536"']);
  });
});

describe("withoutPassword", () => {
  it("when the URL has a password, hides it and keeps the rest", () => {
    expect(withoutPassword("amqp://consumer:s3cr%40t@127.0.0.1:5672/tickets?heartbeat=10")).toBe("amqp://consumer:***@127.0.0.1:5672/tickets?heartbeat=10");
  });

  it("when the URL has no password, leaves it as it is", () => {
    expect(withoutPassword("amqp://127.0.0.1:5672/tickets")).toBe("amqp://127.0.0.1:5672/tickets");
  });
});
