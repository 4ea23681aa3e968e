import { describe, expect, it } from "vitest";
import { CONNECTION_STATES, retryNotice } from "./connection-state.js";

describe("retry notice", () => {
  it("says nothing while the first attempt is under way or online: there is nothing to wait for", () => {
    expect(retryNotice(CONNECTION_STATES.connecting, undefined, 0)).toEqual({ kind: "none" });
    expect(retryNotice(CONNECTION_STATES.online, 5_000, 0)).toEqual({ kind: "none" });
  });

  it("offline or with the connection lost, it counts down to the next attempt in whole seconds, rounded up", () => {
    expect(retryNotice(CONNECTION_STATES.offline, 8_000, 300)).toEqual({ kind: "waiting", seconds: 8, nextChangeInMs: 700 });
    expect(retryNotice(CONNECTION_STATES.reconnecting, 8_000, 7_001)).toEqual({ kind: "waiting", seconds: 1, nextChangeInMs: 999 });
  });

  it("once the time has come, or while an attempt is under way, it says the site is trying", () => {
    expect(retryNotice(CONNECTION_STATES.offline, 8_000, 8_000)).toEqual({ kind: "trying" });
    expect(retryNotice(CONNECTION_STATES.reconnecting, undefined, 0)).toEqual({ kind: "trying" });
  });
});
