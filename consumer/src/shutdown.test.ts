import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { handleShutdownSignals } from "./shutdown.js";

describe("handleShutdownSignals", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("when SIGTERM and then SIGINT arrive, stops the service once and exits 0", async () => {
    const signals = new EventEmitter();
    const stop = vi.fn(() => Promise.resolve());
    const exit = vi.fn();
    handleShutdownSignals({ stop, timeoutMs: 1000, signals, exit });

    signals.emit("SIGTERM", "SIGTERM");
    signals.emit("SIGINT", "SIGINT");
    await vi.runAllTimersAsync();

    expect(stop).toHaveBeenCalledTimes(1);
    expect(exit.mock.calls).toEqual([[0]]);
  });

  it("when the terminal closes (SIGHUP), stops the service the same way and exits 0", async () => {
    const signals = new EventEmitter();
    const stop = vi.fn(() => Promise.resolve());
    const exit = vi.fn();
    handleShutdownSignals({ stop, timeoutMs: 1000, signals, exit });

    signals.emit("SIGHUP", "SIGHUP");
    await vi.runAllTimersAsync();

    expect(stop).toHaveBeenCalledTimes(1);
    expect(exit.mock.calls).toEqual([[0]]);
  });

  it("when stopping takes longer than the timeout, exits with code 1", async () => {
    const signals = new EventEmitter();
    const exit = vi.fn();
    handleShutdownSignals({ stop: () => new Promise(() => undefined), timeoutMs: 1000, signals, exit });

    signals.emit("SIGINT", "SIGINT");
    await vi.advanceTimersByTimeAsync(999);
    const beforeTheTimeout = exit.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1);

    expect(beforeTheTimeout).toBe(0);
    expect(exit.mock.calls).toEqual([[1]]);
  });

  it("when stopping fails, exits with code 1 at once", async () => {
    const signals = new EventEmitter();
    const exit = vi.fn();
    handleShutdownSignals({ stop: () => Promise.reject(new Error("db locked")), timeoutMs: 1000, signals, exit });

    signals.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(0);

    expect(exit).toHaveBeenCalledWith(1);
  });
});
