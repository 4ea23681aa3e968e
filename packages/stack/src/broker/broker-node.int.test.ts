import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { freePort } from "../ports.js";
import { isAlive } from "../processes.js";
import { repoRoot } from "../repo-root.js";
import { run } from "../run.js";
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

/** The node's server VM (booting or booted) other than `except`, once /proc shows one. */
async function serverVmOf(dataDir: string, except?: number): Promise<number> {
  let found: number | undefined;
  await expect
    .poll(
      () => (found = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).map(Number).find((pid) => pid !== except && isServerVmCommandLine(commandLineOf(pid), dataDir))),
      // Often: the VM must be caught long before it registers the node's name (~1.5 s of boot).
      { timeout: 30_000, interval: 20, message: `no server VM of ${dataDir} appeared` },
    )
    .toBeDefined();
  return found ?? 0;
}

/** Whether a VM has registered the node's name with epmd, which only one VM at a time can hold. */
async function isNameRegistered(node: BrokerNode): Promise<boolean> {
  const names = await run("epmd", ["-names"], node.env);
  return names.stdout.split("\n").some((line) => line.startsWith(`name ${node.name} at port `));
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
    // Both are awaited below; a failure before then must not surface as an unhandled rejection instead.
    first.catch(() => undefined);
    // Which VM registers the node's name first would otherwise be up to the scheduler, and the loser dies.
    // Held before it registers, the first VM keeps the name free, so the second start boots a VM of its own;
    // that one is held too, so no pid file comes and the second start gives up after its one second.
    const firstVm = await serverVmOf(node.dataDir);
    process.kill(firstVm, "SIGSTOP");
    expect(await isNameRegistered(node), "the first VM registered the name before it was held").toBe(false);
    const second = again.start({ bootTimeoutSeconds: 1 });
    second.catch(() => undefined);
    const secondVm = await serverVmOf(node.dataDir, firstVm);
    process.kill(secondVm, "SIGSTOP");
    expect(await isNameRegistered(node), "the second VM registered the name before it was held").toBe(false);

    await expect(second).rejects.toThrow(`RabbitMQ node ${node.nodeName} did not start`);

    // The second start killed only the VM it spawned: the first's is held, not gone.
    expect(isAlive(secondVm)).toBe(false);
    expect(isAlive(firstVm)).toBe(true);
    process.kill(firstVm, "SIGCONT");
    expect(await first).toBe("started");
    expect(await node.isRunning()).toBe(true);
  } finally {
    // SIGKILL ends a held VM too.
    await node.destroy();
  }
}, 120_000);
