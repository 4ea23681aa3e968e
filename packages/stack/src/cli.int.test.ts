import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ChannelModel } from "amqplib";
import { connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrokerNode } from "./broker/broker-node.js";
import type { BrokerPorts } from "./broker/node-configuration.js";
import { BROKER_PORT_VARIABLES } from "./broker/node-configuration.js";
import { startTestBroker } from "./broker/nodes.js";
import { acquireStartLock, tryStartLock } from "./broker/start-lock.js";
import { isAlive } from "./process-identity.js";
import { repoRoot } from "./repo-root.js";
import type { RunResult } from "./run.js";
import { run } from "./run.js";
import { Teardown } from "./teardown.js";
import { processesSeenFor, unstartedTestNode } from "./test-support/node-processes.js";

/** The built CLI, as `pnpm broker:reset` runs it. */
const CLI = join(import.meta.dirname, "..", "dist", "cli.js");

/** A reset stops its node gracefully, which takes ~10 s, more on a loaded machine. */
const RESET_TIMEOUT_MS = 90_000;

/**
 * Runs `stack <args>` with the test node as its development node: its name
 * and every port, so the CLI never reaches the developer's own `tickets`.
 */
function stack(node: BrokerNode, ...args: string[]): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], envFor(node), { timeoutMs: RESET_TIMEOUT_MS });
}

function envFor(node: BrokerNode): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BROKER_NODE: node.name };
  for (const key of Object.keys(BROKER_PORT_VARIABLES) as (keyof BrokerPorts)[]) env[BROKER_PORT_VARIABLES[key]] = String(node.ports[key]);
  return env;
}

/** How long an interrupted command may run in all, its stop included. */
const INTERRUPTED_RUN_MS = 60_000;

/**
 * Runs `stack <args>` for the node and sends it SIGINT, as a Ctrl-C would,
 * once `ready` holds (looked at on each output and every 20 ms); resolves
 * with its exit code and output. Killed, and failed, if it runs too long.
 */
function interruptedStack(node: BrokerNode, ready: (output: string) => boolean, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: envFor(node), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let interrupted = false;
    const interruptIfReady = () => {
      if (interrupted || !ready(output)) return;
      interrupted = true;
      clearInterval(watch);
      child.kill("SIGINT");
    };
    const watch = setInterval(interruptIfReady, 20);
    const cutOff = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`stack ${args.join(" ")} still ran after ${INTERRUPTED_RUN_MS / 1000} s (interrupted: ${interrupted}). Output:\n${output}`));
    }, INTERRUPTED_RUN_MS);
    const collect = (chunk: string) => {
      output += chunk;
      interruptIfReady();
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    child.once("error", reject);
    child.once("close", (code) => {
      clearInterval(watch);
      clearTimeout(cutOff);
      resolve({ code, output });
    });
  });
}

/** The pid of the node's Erlang VM, to see it gone once the reset has deleted the pid file with the rest. */
function vmPid(node: BrokerNode): number {
  return Number(readFileSync(join(node.dataDir, "rabbitmq.pid"), "utf8").trim());
}

describe("stack broker reset", () => {
  const teardown = new Teardown();
  /** A node with the consumer connected, as under a running `pnpm start`. */
  let inUse: BrokerNode;
  /** A node nobody is connected to. */
  let idle: BrokerNode;
  let consumer: ChannelModel;

  beforeAll(async () => {
    // Side by side, as each boot takes ~10 s; settled both, so neither is left booting when the teardown runs.
    const [first, second] = await Promise.allSettled([startTestBroker(), startTestBroker()]);
    for (const result of [first, second]) if (result.status === "fulfilled") teardown.add(() => result.value.destroy());
    if (first.status === "rejected") throw first.reason;
    if (second.status === "rejected") throw second.reason;
    [inUse, idle] = [first.value, second.value];
    consumer = await connect(inUse.amqpUrl);
    // The reset closes the connection under it; an unheard 'error' would fail the run.
    consumer.on("error", () => undefined);
    teardown.add(() => consumer.close().catch(() => undefined));
  }, 180_000);

  afterAll(() => teardown.run(), 60_000);

  it("while a client is connected, it refuses, names the connection and leaves the node running with its data", async () => {
    const reset = await stack(inUse, "broker", "reset");

    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain(`Node ${inUse.nodeName} has 1 client connection (consumer): is \`pnpm start\` or \`pnpm dev\` running?`);
    expect(reset.stderr).toContain("`pnpm broker:reset -- --force`");
    expect(await inUse.isRunning()).toBe(true);
    expect(existsSync(inUse.dataDir)).toBe(true);
  }, RESET_TIMEOUT_MS);

  it("with --force, as pnpm passes it on after `--`, it stops the node under its client and deletes its data", async () => {
    const pid = vmPid(inUse);

    const reset = await stack(inUse, "broker", "reset", "--", "--force");

    expect(reset.code).toBe(0);
    expect(existsSync(inUse.dataDir)).toBe(false);
    expect(isAlive(pid)).toBe(false);
  }, RESET_TIMEOUT_MS);

  it("refuses an unknown flag by name before touching the node", async () => {
    const reset = await stack(idle, "broker", "reset", "--froce");

    expect(reset.code).toBe(2);
    expect(reset.stderr).toContain("Unknown option --froce");
    expect(await idle.isRunning()).toBe(true);
  }, RESET_TIMEOUT_MS);

  it("when no client is connected, it stops the node and deletes its data without --force", async () => {
    const pid = vmPid(idle);

    const reset = await stack(idle, "broker", "reset");

    expect(reset.code).toBe(0);
    expect(existsSync(idle.dataDir)).toBe(false);
    expect(isAlive(pid)).toBe(false);
  }, RESET_TIMEOUT_MS);
});

describe("stack broker start", () => {
  const teardown = new Teardown();
  afterAll(() => teardown.run(), 60_000);

  it("a Ctrl-C during the boot lets it finish, then stops the node it booted, leaving no process behind", async () => {
    const node = await unstartedTestNode();
    teardown.add(() => node.destroy());

    // The configuration is written once the start is past every check, right before the VM is spawned.
    const start = await interruptedStack(node, () => existsSync(join(node.dataDir, "rabbitmq.conf")), "broker", "start");

    expect(start.output).toContain("Ctrl-C: stopping…");
    expect(start.output).toContain(`Node ${node.nodeName} finished its boot (not cut off halfway): now stopping it.`);
    expect(start.output).toContain(`Stopping RabbitMQ node ${node.nodeName} (it was started by this run)…`);
    expect(start.code).toBe(1);
    expect(await node.isRunning()).toBe(false);
    // The boot runs in a process group of its own: had the start died of the Ctrl-C, its VM would come up now.
    expect(await processesSeenFor(3_000, node.dataDir)).toEqual([]);
  }, RESET_TIMEOUT_MS);

  it("a Ctrl-C before the boot, while it waits for another start, boots nothing", async () => {
    const node = await unstartedTestNode();
    teardown.add(() => node.destroy());
    mkdirSync(node.dataDir, { recursive: true });
    const releaseOtherStart = await acquireStartLock(node.dataDir, { timeoutMs: 10_000 });
    teardown.add(() => { releaseOtherStart?.(); });

    const start = await interruptedStack(node, (output) => output.includes(`Another start of node ${node.nodeName}`), "broker", "start");

    expect(start.output).toContain(`Node ${node.nodeName} not started: a stop was requested.`);
    expect(start.code).toBe(1);
    expect(await processesSeenFor(3_000, node.dataDir)).toEqual([]);
  }, RESET_TIMEOUT_MS);
});

describe("stack start", () => {
  const teardown = new Teardown();
  afterAll(() => teardown.run(), 60_000);

  it("while another run holds the checkout, it stops at once, naming that run, before it builds anything", async () => {
    // Ports of its own: were the refusal gone, the start would not reach the developer's node.
    const node = await unstartedTestNode();
    teardown.add(() => node.destroy());
    const claim = await tryStartLock(join(repoRoot(), ".rabbitmq"));
    // A `pnpm start` running in this checkout holds it already: the start is refused in its name instead.
    const holderPid = "release" in claim ? process.pid : claim.holderPid;
    if ("release" in claim) teardown.add(() => { claim.release(); });

    const start = await stack(node, "start");

    expect(start.code).toBe(1);
    expect(start.stderr).toContain(`\`pnpm start\` or \`pnpm dev\` already runs in this checkout (pid ${holderPid})`);
    // turbo's summary: a build run first would have rewritten the sites the other run serves.
    expect(start.stdout + start.stderr).not.toContain("Tasks:");
    expect(existsSync(node.dataDir)).toBe(false);
  }, RESET_TIMEOUT_MS);
});

describe("stack broker status and stop, for a node whose folder was deleted while it ran", () => {
  const teardown = new Teardown();
  afterAll(() => teardown.run(), 60_000);

  it("status names its VM and the way out; stop kills it", async () => {
    const node = await unstartedTestNode();
    teardown.add(() => node.destroy());
    expect(await node.start()).toBe("started");
    const pid = vmPid(node);
    rmSync(node.dataDir, { recursive: true, force: true });

    const status = await stack(node, "broker", "status");
    const stop = await stack(node, "broker", "stop");

    expect(status.code).toBe(3);
    expect(status.stdout).toContain(`Node ${node.nodeName} still runs (pid ${pid}), but its folder ${node.dataDir} was deleted under it`);
    expect(status.stdout).toContain("`pnpm broker:stop` kills it");
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain(`killing its VM (pid ${pid})`);
    expect(isAlive(pid)).toBe(false);
  }, RESET_TIMEOUT_MS);
});
