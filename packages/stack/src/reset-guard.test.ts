import { describe, expect, it } from "vitest";
import { describeConnections } from "./reset-guard.js";

describe("describeConnections", () => {
  it("counts the connections of each login", () => {
    const logins = ["consumer", "consumer", "admin", "consumer"];

    expect(describeConnections(logins)).toBe("4 client connections (consumer ×3, admin)");
  });

  it("speaks of a single connection in the singular", () => {
    expect(describeConnections(["consumer"])).toBe("1 client connection (consumer)");
  });
});
