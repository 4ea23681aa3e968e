import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive } from "../process-identity.js";
import { serverVmCommandLine, startFakeVm } from "../test-support/fake-vm.js";
import { developmentBroker, portFromEnv, removeAbandonedTestNodes } from "./nodes.js";

describe("portFromEnv", () => {
  it("when the variable is unset or empty, it is the default port", () => {
    expect(portFromEnv({}, "CONSUMER_HTTP_PORT", 9464)).toBe(9464);
    expect(portFromEnv({ CONSUMER_HTTP_PORT: "" }, "CONSUMER_HTTP_PORT", 9464)).toBe(9464);
  });

  it("when the variable names no TCP port, it fails naming the variable and its value", () => {
    for (const value of ["abc", "0", "70000", "94.64"]) {
      expect(() => portFromEnv({ CONSUMER_HTTP_PORT: value }, "CONSUMER_HTTP_PORT", 9464)).toThrow(`CONSUMER_HTTP_PORT=${value} is not a TCP port`);
    }
  });
});

describe("developmentBroker", () => {
  it("is named tickets when BROKER_NODE is unset or empty, so broker:reset never deletes .rabbitmq itself", () => {
    expect(developmentBroker({}).nodeName).toBe("tickets@localhost");
    expect(developmentBroker({ BROKER_NODE: "" }).nodeName).toBe("tickets@localhost");
    expect(developmentBroker({ BROKER_NODE: "demo_2" }).nodeName).toBe("demo_2@localhost");
  });

  it("refuses a BROKER_NODE that is a path, which would put its folder outside .rabbitmq", () => {
    for (const name of ["../x", "a/b", "x@y", "."]) {
      expect(() => developmentBroker({ BROKER_NODE: name })).toThrow(`BROKER_NODE=${name} is not a node name`);
    }
  });
});

/** A pid no process has any more: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid ?? 0;
}

describe("removeAbandonedTestNodes", () => {
  let root: string;
  const stray: number[] = [];

  afterEach(() => {
    // Emptied each time: a pid of an earlier test may since belong to another process.
    for (const pid of stray.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  /** A node folder whose pid file names a process that stands in for its server VM, with the server's command line. */
  function nodeWithVm(name: string): { dataDir: string; vmPid: number } {
    const dataDir = join(root, ".rabbitmq", name);
    mkdirSync(dataDir, { recursive: true });
    const vm = startFakeVm(root, serverVmCommandLine(dataDir));
    const vmPid = vm.pid ?? 0;
    stray.push(vmPid);
    writeFileSync(join(dataDir, "rabbitmq.pid"), `${vmPid}\n`);
    return { dataDir, vmPid };
  }

  it("kills and deletes the nodes of test processes that are gone, and leaves every other node alone", async () => {
    root = mkdtempSync(join(tmpdir(), "stack-nodes-"));
    const abandoned = nodeWithVm(`test-${await deadPid()}-a1b2c3`);
    const running = nodeWithVm(`test-${process.pid}-d4e5f6`);
    const development = nodeWithVm("tickets");

    const removed = await removeAbandonedTestNodes(root);

    expect(removed).toEqual([abandoned.dataDir.split("/").pop()]);
    expect(existsSync(abandoned.dataDir)).toBe(false);
    await expect.poll(() => isAlive(abandoned.vmPid)).toBe(false);
    for (const kept of [running, development]) {
      expect(existsSync(kept.dataDir)).toBe(true);
      expect(isAlive(kept.vmPid)).toBe(true);
    }
  });

  it("deletes an abandoned node without killing a process that merely reuses its old pid", async () => {
    root = mkdtempSync(join(tmpdir(), "stack-nodes-"));
    const dataDir = join(root, ".rabbitmq", `test-${await deadPid()}-0f0f0f`);
    mkdirSync(dataDir, { recursive: true });
    const unrelated = spawn(process.execPath, ["-e", "setInterval(() => undefined, 1000)"], { stdio: "ignore" });
    stray.push(unrelated.pid ?? 0);
    writeFileSync(join(dataDir, "rabbitmq.pid"), `${unrelated.pid}\n`);

    await removeAbandonedTestNodes(root);

    expect(existsSync(dataDir)).toBe(false);
    expect(isAlive(unrelated.pid ?? 0)).toBe(true);
  });
});
