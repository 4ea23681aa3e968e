import { describe, expect, it } from "vitest";
import { CONNECTION_STATES, retryNotice } from "./connection-state.js";

describe("retry notice", () => {
  it("says nothing while the first attempt is under way or online: there is nothing to wait for", () => {
    expect(retryNotice(CONNECTION_STATES.connecting, undefined, 0, false)).toEqual({ kind: "none" });
    expect(retryNotice(CONNECTION_STATES.online, 5_000, 0, false)).toEqual({ kind: "none" });
  });

  it("offline or with the connection lost, it counts down to the next attempt in whole seconds, rounded up", () => {
    expect(retryNotice(CONNECTION_STATES.offline, 8_000, 300, false)).toEqual({ kind: "waiting", seconds: 8, nextChangeInMs: 700 });
    expect(retryNotice(CONNECTION_STATES.reconnecting, 8_000, 7_001, false)).toEqual({ kind: "waiting", seconds: 1, nextChangeInMs: 999 });
  });

  it("once the time has come, or while an attempt is under way, it says the site is trying", () => {
    expect(retryNotice(CONNECTION_STATES.offline, 8_000, 8_000, false)).toEqual({ kind: "trying" });
    expect(retryNotice(CONNECTION_STATES.reconnecting, undefined, 0, false)).toEqual({ kind: "trying" });
  });

  it("while the browser says it has no network, a connection that is down waits for the network, with neither countdown nor attempt to tell of", () => {
    expect(retryNotice(CONNECTION_STATES.reconnecting, 8_000, 300, true)).toEqual({ kind: "no-network" });
    expect(retryNotice(CONNECTION_STATES.offline, undefined, 0, true)).toEqual({ kind: "no-network" });
  });

  it("without a network, the first attempt and a live connection still say nothing more: loopback may reach a broker", () => {
    expect(retryNotice(CONNECTION_STATES.connecting, undefined, 0, true)).toEqual({ kind: "none" });
    expect(retryNotice(CONNECTION_STATES.online, undefined, 0, true)).toEqual({ kind: "none" });
  });
});
