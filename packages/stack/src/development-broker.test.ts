import { describe, expect, it, vi } from "vitest";
import type { StartOutcome } from "./broker/broker-node.js";
import { BootFailedError } from "./broker/broker-node.js";
import type { DevelopmentNode } from "./development-broker.js";
import { BOOT_FAILED_ADVICE, startDevelopmentBroker } from "./development-broker.js";

/**
 * A development node that records its starts instead of booting. A start
 * given a signal waits, as one does for another start's boot, until the
 * signal aborts; one given none boots at once.
 */
function fakeNode(): DevelopmentNode & { starts: number } {
  return {
    nodeName: "tickets@localhost",
    starts: 0,
    start(options: { signal?: AbortSignal } = {}): Promise<StartOutcome> {
      this.starts += 1;
      const { signal } = options;
      if (signal === undefined) return Promise.resolve("started");
      return new Promise((resolve) => {
        signal.addEventListener("abort", () => { resolve("not started"); }, { once: true });
      });
    },
    isOtherBrokerServing: () => Promise.resolve(false),
  };
}

describe("startDevelopmentBroker", () => {
  it("when Ctrl-C comes during the install, it lets the install finish but does not boot the node", async () => {
    const node = fakeNode();
    const stop = new AbortController();
    const lines: string[] = [];

    const outcome = await startDevelopmentBroker(node, {
      forSystem: true,
      say: (line) => lines.push(line),
      signal: stop.signal,
      installed: () => false,
      install: () => {
        stop.abort();
        return Promise.resolve();
      },
    });

    expect(outcome).toBe("not started");
    expect(node.starts).toBe(0);
    expect(lines.join("\n")).not.toContain("Starting RabbitMQ node");
  });

  it("when a stop is requested while the start waits (for another start, say), the start ends without a boot and says so", async () => {
    const node = fakeNode();
    const stop = new AbortController();
    const lines: string[] = [];

    const starting = startDevelopmentBroker(node, { forSystem: true, say: (line) => lines.push(line), signal: stop.signal, installed: () => true, install: () => Promise.resolve() });
    // The start is waiting in the node (where another start would hold it) before the stop comes.
    await vi.waitFor(() => {
      expect(node.starts).toBe(1);
    });
    stop.abort();

    expect(await starting).toBe("not started");
    expect(lines).toEqual(["Starting RabbitMQ node tickets@localhost…", "Node tickets@localhost not started: a stop was requested."]);
  });

  it("without a stop request, it boots the node after the install and says so", async () => {
    const node = fakeNode();
    const lines: string[] = [];

    const outcome = await startDevelopmentBroker(node, {
      forSystem: true,
      say: (line) => lines.push(line),
      installed: () => true,
      install: () => Promise.resolve(),
      exposedEpmd: () => [],
    });

    expect(outcome).toBe("started");
    expect(node.starts).toBe(1);
    expect(lines).toEqual(["Starting RabbitMQ node tickets@localhost…", "Node tickets@localhost started."]);
  });

  it("when a stop is requested during the boot, which is not cut off halfway, it says the node booted and is now stopped, not only that it started", async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const booting: DevelopmentNode = {
      nodeName: "tickets@localhost",
      start: () => {
        stop.abort();
        return Promise.resolve("started");
      },
      isOtherBrokerServing: () => Promise.resolve(false),
    };

    const outcome = await startDevelopmentBroker(booting, { forSystem: true, say: (line) => lines.push(line), signal: stop.signal, installed: () => true, install: () => Promise.resolve(), exposedEpmd: () => [] });

    expect(outcome).toBe("started");
    expect(lines).toEqual(["Starting RabbitMQ node tickets@localhost…", "Node tickets@localhost finished its boot (not cut off halfway): now stopping it."]);
  });

  it("when the boot fails, the error keeps the log's lines and adds how to start afresh if the data is damaged", async () => {
    const failing: DevelopmentNode = {
      nodeName: "tickets@localhost",
      start: () => Promise.reject(new BootFailedError("RabbitMQ node tickets@localhost did not start. Last lines of rabbit.log:\ncorrupted mnesia table")),
      isOtherBrokerServing: () => Promise.resolve(false),
    };

    const starting = startDevelopmentBroker(failing, { forSystem: true, say: () => undefined, installed: () => true, install: () => Promise.resolve(), exposedEpmd: () => [] });

    await expect(starting).rejects.toThrow(`corrupted mnesia table\n${BOOT_FAILED_ADVICE}`);
  });

  it("when an epmd it did not start listens beyond loopback, it says so once the node runs, and how to give the node its own", async () => {
    const lines: string[] = [];

    await startDevelopmentBroker(fakeNode(), {
      forSystem: true,
      say: (line) => lines.push(line),
      installed: () => true,
      install: () => Promise.resolve(),
      exposedEpmd: () => ["0.0.0.0", "::"],
    });

    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain("Note: an epmd this project did not start listens on port 4369 beyond loopback (0.0.0.0, ::)");
    expect(lines[2]).toContain("`sudo systemctl disable --now epmd.socket; sudo pkill -x epmd`");
  });
});
