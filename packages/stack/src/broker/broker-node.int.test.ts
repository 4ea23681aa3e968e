import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { freePort } from "../ports.js";
import { repoRoot } from "../repo-root.js";
import { BrokerNode } from "./broker-node.js";

/** Processes with the folder as an argument: a node's Erlang VM (its `-home`), booted or booting. */
function processesOf(dataDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dataDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

it("a start that gives up on a slow boot leaves no node booting behind it, so the next start does not take it for one left running", async () => {
  const ports = { amqp: await freePort(), webStomp: await freePort(), management: await freePort(), distribution: await freePort() };
  // A test node's name, so a run killed mid-test has it removed by the next (removeAbandonedTestNodes).
  const node = new BrokerNode(`test-${process.pid}-${randomBytes(3).toString("hex")}`, ports, repoRoot());
  try {
    // A boot takes ~7 s: one second is sure to run out while the VM is up and booting.
    await expect(node.start({ bootTimeoutSeconds: 1 })).rejects.toThrow(`RabbitMQ node ${node.nodeName} did not start`);

    expect(processesOf(node.dataDir)).toEqual([]);
    expect(await node.isRunning()).toBe(false);
  } finally {
    await node.destroy();
  }
}, 60_000);
