import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { BrokerNode } from "../broker/broker-node.js";
import { freePort } from "../ports.js";
import { repoRoot } from "../repo-root.js";

/** A process's command line, split on NUL; empty once it is gone. */
export function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** Processes with the folder as an argument: a node's Erlang VM (its `-home`), booted or booting, and any rabbitmqctl run for it. */
export function processesOf(dataDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => commandLineOf(Number(pid)).includes(dataDir))
    .map(Number);
}

/** Every process of the node's folder that `matches` seen at any moment over `ms`: one that came and went counts too. */
export async function processesSeenFor(ms: number, dataDir: string, matches: (pid: number) => boolean = () => true): Promise<number[]> {
  const seen = new Set<number>();
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
    for (const pid of processesOf(dataDir)) if (matches(pid)) seen.add(pid);
  }
  return [...seen];
}

/** A node of its own on free ports, not started, named as a test node: a run killed mid-test has it removed by the next (removeAbandonedTestNodes). */
export async function unstartedTestNode(): Promise<BrokerNode> {
  const ports = { amqp: await freePort(), webStomp: await freePort(), management: await freePort(), distribution: await freePort() };
  return new BrokerNode(`test-${process.pid}-${randomBytes(3).toString("hex")}`, ports, repoRoot());
}
