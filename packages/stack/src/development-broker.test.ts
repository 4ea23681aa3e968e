import { describe, expect, it } from "vitest";
import type { StartOutcome } from "./broker/broker-node.js";
import type { DevelopmentNode } from "./development-broker.js";
import { startDevelopmentBroker } from "./development-broker.js";

/** A development node that records its starts instead of booting. */
function fakeNode(): DevelopmentNode & { starts: number } {
  return {
    nodeName: "tickets@localhost",
    starts: 0,
    start(): Promise<StartOutcome> {
      this.starts += 1;
      return Promise.resolve("started");
    },
    isOtherBrokerServing: () => Promise.resolve(false),
  };
}

describe("startDevelopmentBroker", () => {
  it("when Ctrl-C comes during the install, it lets the install finish but does not boot the node", async () => {
    const node = fakeNode();
    let requested = false;
    const lines: string[] = [];

    const outcome = await startDevelopmentBroker(node, {
      forSystem: true,
      say: (line) => lines.push(line),
      stop: { requested: () => requested },
      installed: () => false,
      install: () => {
        requested = true;
        return Promise.resolve();
      },
    });

    expect(outcome).toBe("not started");
    expect(node.starts).toBe(0);
    expect(lines.join("\n")).not.toContain("Starting RabbitMQ node");
  });

  it("without a stop request, it boots the node after the install and says so", async () => {
    const node = fakeNode();
    const lines: string[] = [];

    const outcome = await startDevelopmentBroker(node, {
      forSystem: true,
      say: (line) => lines.push(line),
      stop: { requested: () => false },
      installed: () => true,
      install: () => Promise.resolve(),
    });

    expect(outcome).toBe("started");
    expect(node.starts).toBe(1);
    expect(lines).toEqual(["Starting RabbitMQ node tickets@localhost…", "Node tickets@localhost started."]);
  });
});
