import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { freePort } from "../ports.js";
import { isAlive } from "../processes.js";
import { repoRoot } from "../repo-root.js";
import { RABBITMQCTL } from "./install.js";
import { BrokerNode, isServerVmCommandLine } from "./broker-node.js";

/** Processes with the folder as an argument: a node's Erlang VM (its `-home`), booted or booting, and any rabbitmqctl run for it. */
function processesOf(dataDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => commandLineOf(Number(pid)).includes(dataDir))
    .map(Number);
}

function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** A node of its own on free ports, named as a test node, so a run killed mid-test has it removed by the next (removeAbandonedTestNodes). */
async function newNode(): Promise<BrokerNode> {
  const ports = { amqp: await freePort(), webStomp: await freePort(), management: await freePort(), distribution: await freePort() };
  return new BrokerNode(`test-${process.pid}-${randomBytes(3).toString("hex")}`, ports, repoRoot());
}

it("a start that gives up on a slow boot leaves no node booting behind it, so the next start does not take it for one left running", async () => {
  const node = await newNode();
  try {
    // A boot takes ~7 s: one second is sure to run out while the VM is up and booting.
    await expect(node.start({ bootTimeoutSeconds: 1 })).rejects.toThrow(`RabbitMQ node ${node.nodeName} did not start`);

    expect(processesOf(node.dataDir)).toEqual([]);
    expect(await node.isRunning()).toBe(false);
  } finally {
    await node.destroy();
  }
}, 60_000);

it("destroying a node before its VM has written the pid file spares a rabbitmqctl run with the node's environment", async () => {
  const node = await newNode();
  node.writeConfiguration();
  // The node's HOME makes erl give rabbitmqctl's VM the node's `-home` too. A pid file that never comes keeps it waiting.
  const ctl = spawn(RABBITMQCTL, ["-n", node.nodeName, "wait", "--timeout", "60", join(node.dataDir, "never.pid")], { env: node.env, stdio: "ignore" });
  const ctlPid = ctl.pid ?? 0;
  try {
    await expect.poll(() => commandLineOf(ctlPid), { timeout: 10_000 }).toContain(node.dataDir);

    await node.destroy();

    expect(isAlive(ctlPid)).toBe(true);
  } finally {
    ctl.kill("SIGKILL");
    await node.destroy();
  }
}, 30_000);

it("when a second start of a booting node gives up, the first start's VM boots on and its start succeeds", async () => {
  const node = await newNode();
  const again = new BrokerNode(node.name, node.ports, repoRoot());
  try {
    const first = node.start();
    // The first VM is up, so it wins the node's name; the second's VM writes its pid over the first's, and dies.
    await expect.poll(() => readdirSync("/proc").some((pid) => isServerVmCommandLine(commandLineOf(Number(pid)), node.dataDir)), { timeout: 30_000 }).toBe(true);
    const second = again.start({ bootTimeoutSeconds: 1 });

    const [firstOutcome] = await Promise.allSettled([first, second]);

    expect(firstOutcome).toEqual({ status: "fulfilled", value: "started" });
    expect(await node.isRunning()).toBe(true);
  } finally {
    await node.destroy();
  }
}, 120_000);
