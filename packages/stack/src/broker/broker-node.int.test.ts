import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { freePort } from "../ports.js";
import { identify, isAlive } from "../process-identity.js";
import { repoRoot } from "../repo-root.js";
import { commandLineOf, processesOf, processesSeenFor, unstartedTestNode } from "../test-support/node-processes.js";
import { RABBITMQCTL } from "./install.js";
import { BrokerNode } from "./broker-node.js";
import { isServerVmCommandLine } from "./vm-processes.js";
import { acquireStartLock } from "./start-lock.js";

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

/** The node's VM as its pid file names it. */
function vmPidOf(node: BrokerNode): number {
  return Number(readFileSync(join(node.dataDir, "rabbitmq.pid"), "utf8").trim());
}

it.each([
  // A boot takes ~7 s, and the node takes its name after ~1.5 s: three seconds run out while its applications
  // start, which is when rabbitmqctl wait's own --timeout no longer counts (a CI run once booted within it).
  [3, "while its applications start"],
  // The kill then comes right after the spawn, as the VM comes into being.
  [0, "by the time the launcher returns"],
] as const)("a start whose boot budget (%i s) runs out %s leaves no node booting behind it, so the next start does not take it for one left running", async (seconds, _when) => {
  const node = await unstartedTestNode();
  try {
    await expect(node.start({ bootTimeoutSeconds: seconds })).rejects.toThrow(`RabbitMQ node ${node.nodeName} did not start within ${seconds} s`);
    // A VM the kill missed (an erlexec not yet exec'd, say) would show within moments, and take the node's name within seconds.
    const seen = await processesSeenFor(3_000, node.dataDir);

    expect(seen).toEqual([]);
    expect(await node.isRunning()).toBe(false);
  } finally {
    await node.destroy();
  }
}, 60_000);

it("destroying a node before its VM has written the pid file spares a rabbitmqctl run with the node's environment", async () => {
  const node = await unstartedTestNode();
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

it("when a second start comes while the first boots the node, it waits for that boot and finds the node running instead of booting a VM of its own", async () => {
  const node = await unstartedTestNode();
  const again = new BrokerNode(node.name, node.ports, repoRoot());
  try {
    const first = node.start();
    // Both are awaited below; a failure before then must not surface as an unhandled rejection instead.
    first.catch(() => undefined);
    // Held, the first boot stays unfinished for as long as the test needs: a second start that did not wait would boot now.
    const firstVm = await serverVmOf(node.dataDir);
    process.kill(firstVm, "SIGSTOP");
    const waits: string[] = [];
    const second = again.start({ log: (line) => waits.push(line) });
    second.catch(() => undefined);
    await expect.poll(() => waits, { timeout: 10_000 }).toEqual([expect.stringContaining(`Another start of node ${node.nodeName} (pid ${process.pid}) is under way`)]);
    const vmsWhileHeld = await processesSeenFor(3_000, node.dataDir, (pid) => isServerVmCommandLine(commandLineOf(pid), node.dataDir));
    process.kill(firstVm, "SIGCONT");

    expect(vmsWhileHeld).toEqual([firstVm]);
    expect(await first).toBe("started");
    expect(await second).toBe("already running");
    expect(isAlive(firstVm)).toBe(true);
  } finally {
    // SIGKILL ends a held VM too.
    await node.destroy();
  }
}, 120_000);

it("a start while another process stops the node waits for that stop, then boots the node afresh instead of using the one going away", async () => {
  const node = await unstartedTestNode();
  const stopper = new BrokerNode(node.name, node.ports, repoRoot());
  const again = new BrokerNode(node.name, node.ports, repoRoot());
  try {
    expect(await node.start()).toBe("started");
    const oldVm = vmPidOf(node);
    const watch = new AbortController();
    const noticed = node.untilStopped(watch.signal, 100);

    const stopping = stopper.stop();
    await expect.poll(() => existsSync(join(node.dataDir, "stopping")), { timeout: 10_000 }).toBe(true);
    expect(await node.isRunning(), "the node no longer answered when the start came: the test shows nothing").toBe(true);
    const lines: string[] = [];
    const outcome = await again.start({ log: (line) => lines.push(line) });
    await stopping;

    expect(outcome).toBe("started");
    expect(lines).toEqual([expect.stringContaining(`Waiting for node ${node.nodeName} to stop: another process (pid `)]);
    expect(isAlive(oldVm)).toBe(false);
    expect(vmPidOf(node)).not.toBe(oldVm);
    expect(await node.isRunning()).toBe(true);
    expect(existsSync(join(node.dataDir, "stopping"))).toBe(false);
    // A run that used the node learnt of the stop as soon as it began.
    expect(await noticed).toMatch(/^is being stopped by another process \(pid \d+\)$/);
  } finally {
    await node.destroy();
  }
}, 120_000);

it("a stop that outlives its timeout kills the VM and says so; a marker its stopper left is stale, and the next start boots", async () => {
  const node = await unstartedTestNode();
  try {
    expect(await node.start()).toBe("started");
    const vm = vmPidOf(node);
    const lines: string[] = [];

    // rabbitmqctl alone needs more than this to start: the stop is sure to outlive it.
    await node.stop({ timeoutMs: 200, log: (line) => lines.push(line) });

    expect(lines).toEqual([`Node ${node.nodeName} did not stop within 0.2 s: killing its VM (pid ${vm}).`]);
    expect(isAlive(vm)).toBe(false);
    // What a stop killed with its rabbitmqctl (a SIGKILL to both) leaves behind.
    writeFileSync(join(node.dataDir, "stopping"), JSON.stringify({ stoppers: [{ pid: vm }], vm: { pid: vm } }));
    const waits: string[] = [];
    expect(await node.start({ log: (line) => waits.push(line) })).toBe("started");
    expect(waits).toEqual([]);
    expect(existsSync(join(node.dataDir, "stopping"))).toBe(false);
  } finally {
    await node.destroy();
  }
}, 120_000);

it("when a stop is requested while a start waits for another start or another process's stop, it ends at once and boots nothing", async () => {
  const node = await unstartedTestNode();
  const ctl = spawn("sleep", ["60"], { stdio: "ignore" });
  try {
    mkdirSync(node.dataDir, { recursive: true });
    // Another start booting the node, as far as the lock can tell.
    const release = await acquireStartLock(node.dataDir, { timeoutMs: 10_000 });
    const whileLocked = new AbortController();
    const lockLines: string[] = [];
    const lockWait = node.start({ signal: whileLocked.signal, log: (line) => lockLines.push(line) });
    await expect.poll(() => lockLines, { timeout: 10_000 }).toEqual([expect.stringContaining("Another start of node")]);
    whileLocked.abort();
    expect(await lockWait).toBe("not started");
    release?.();
    // Another process stopping the node: its rabbitmqctl still runs.
    writeFileSync(join(node.dataDir, "stopping"), JSON.stringify({ stoppers: [identify(ctl.pid ?? 0)] }));
    const whileStopped = new AbortController();
    const stopLines: string[] = [];
    const stopWait = node.start({ signal: whileStopped.signal, log: (line) => stopLines.push(line) });
    await expect.poll(() => stopLines, { timeout: 10_000 }).toEqual([expect.stringContaining("to stop: another process (pid ")]);

    whileStopped.abort();

    // Not aborted, it would wait on the live stopper past the test's timeout and then throw.
    expect(await stopWait).toBe("not started");
    expect(processesOf(node.dataDir)).toEqual([]);
  } finally {
    ctl.kill("SIGKILL");
    await node.destroy();
  }
}, 60_000);

it("a start that finds the node running loads the current definitions into it, so a node left running across a pull gets the new permissions, and refuses it when it runs on other ports", async () => {
  const node = await unstartedTestNode();
  try {
    expect(await node.start()).toBe("started");
    // As a node booted from older definitions would have it: site-fr may read nothing.
    await node.ctl("set_permissions", "-p", "tickets", "site-fr", "^$", "^$", "^$");

    expect(await node.start()).toBe("already running");
    // A start asking for other ports (another shell's AMQP_PORT) would send the consumer and the sites where the node is not.
    const elsewhere = new BrokerNode(node.name, { ...node.ports, amqp: await freePort() }, repoRoot());
    await expect(elsewhere.start()).rejects.toThrow(`AMQP_PORT=${node.ports.amqp}`);
    const listed = JSON.parse(await node.ctl("list_user_permissions", "site-fr", "--formatter", "json", "--quiet")) as { read: string }[];
    const definitions = JSON.parse(readFileSync(join(repoRoot(), "rabbitmq", "definitions.json"), "utf8")) as { permissions: { user: string; read: string }[] };
    expect(listed.map(({ read }) => read)).toEqual([definitions.permissions.find(({ user }) => user === "site-fr")?.read]);
  } finally {
    await node.destroy();
  }
}, 120_000);

it("a node started without given passwords lets admin and the consumer in with its own passwords only, never the published ones a web page would try", async () => {
  const node = await unstartedTestNode();
  try {
    await node.start();
    const authenticates = (login: string, passcode: string): Promise<boolean> =>
      node.ctl("authenticate_user", login, passcode).then(() => true, () => false);

    expect(await authenticates("consumer", "consumer")).toBe(false);
    expect(await authenticates("admin", "admin")).toBe(false);
    expect(await authenticates(node.consumerCredentials.login, node.consumerCredentials.passcode)).toBe(true);
    expect(await authenticates(node.adminCredentials.login, node.adminCredentials.passcode)).toBe(true);
  } finally {
    await node.destroy();
  }
}, 120_000);

it("the management UI names its cluster `tickets`, not the node with this machine's hostname", async () => {
  const node = await unstartedTestNode();
  try {
    await node.start();

    const overview = (await (await node.managementApi("api/overview")).json()) as { cluster_name?: string };

    expect(overview.cluster_name).toBe("tickets");
  } finally {
    await node.destroy();
  }
}, 120_000);

it("when its folder is deleted under the running node (`git clean -fdx`), a start refuses, naming the way out, and a stop kills the VM nothing else can reach", async () => {
  const node = await unstartedTestNode();
  try {
    expect(await node.start()).toBe("started");
    const vm = vmPidOf(node);
    rmSync(node.dataDir, { recursive: true, force: true });

    // Unreachable (the cookie went with the folder), it would otherwise pass for a stranger on the node's ports.
    const refusal = node.start();
    await expect(refusal).rejects.toThrow(`Node ${node.nodeName} still runs (pid ${vm}), but its folder ${node.dataDir} was deleted under it`);
    await expect(refusal).rejects.toThrow("`pnpm broker:stop` kills it");
    const lines: string[] = [];
    await node.stop({ log: (line) => lines.push(line) });

    expect(isAlive(vm)).toBe(false);
    expect(node.orphanedVms()).toEqual([]);
    expect(lines).toEqual([expect.stringContaining(`killing its VM (pid ${vm})`)]);
  } finally {
    await node.destroy();
  }
}, 120_000);
