import { describe, expect, it } from "vitest";
import { formatConsumerLine } from "./consumer-log.js";

describe("formatConsumerLine", () => {
  it("turns a pino line into level, message and the fields the consumer logged", () => {
    const line = JSON.stringify({ level: 40, time: 0, pid: 1, hostname: "h", msg: "order rejected", country: "fr", quantity: 10 });

    const formatted = formatConsumerLine(line);

    expect(formatted).toMatch(/warn\s+order rejected country=fr quantity=10$/);
    expect(formatted).not.toContain("hostname");
  });

  it("passes a line that is not JSON through unchanged", () => {
    expect(formatConsumerLine("plain text")).toBe("plain text");
  });
});
