import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { boundedWait, WAIT_FAILURES } from "./bounded-wait.js";

const WHAT = "the echo consumer to say it is ready";

describe("boundedWait", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves with what it waited for when that comes in time", async () => {
    const waited = boundedWait(Promise.resolve("ready"), { what: WHAT, timeoutMs: 1000, signal: new AbortController().signal });

    await expect(waited).resolves.toBe("ready");
  });

  it("when nothing comes in time, fails saying what it waited for and how long", async () => {
    const waited = boundedWait(new Promise(() => undefined), { what: WHAT, timeoutMs: 30_000, signal: new AbortController().signal });
    const failed = expect(waited).rejects.toMatchObject({ code: WAIT_FAILURES.timeout, message: `gave up after 30 s waiting for ${WHAT}` });

    await vi.advanceTimersByTimeAsync(30_000);

    await failed;
  });

  it("when the run is interrupted, fails at once instead of waiting out the timeout", async () => {
    const interrupt = new AbortController();
    const waited = boundedWait(new Promise(() => undefined), { what: WHAT, timeoutMs: 30_000, signal: interrupt.signal });

    interrupt.abort();

    await expect(waited).rejects.toMatchObject({ code: WAIT_FAILURES.aborted, message: `interrupted while waiting for ${WHAT}` });
  });

  it("fails at once when the run was interrupted before the wait began", async () => {
    const interrupt = new AbortController();
    interrupt.abort();

    await expect(boundedWait(new Promise(() => undefined), { what: WHAT, timeoutMs: 30_000, signal: interrupt.signal })).rejects.toMatchObject({
      code: WAIT_FAILURES.aborted,
    });
  });
});
