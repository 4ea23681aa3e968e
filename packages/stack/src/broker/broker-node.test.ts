import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identify, isAlive, processState } from "../process-identity.js";
import { fakeVmCommand, rabbitmqctlCommandLine, serverVmCommandLine, startFakeVm } from "../test-support/fake-vm.js";
import { startUnreaped } from "../test-support/zombie.js";
import { acquireStartLock } from "./start-lock.js";
import { BrokerNode, requireOwnFolder } from "./broker-node.js";
import { otherPortsMessage, portTakenMessage, renderConfiguration, renderedPorts } from "./node-configuration.js";
import { isBootingServerCommandLine, isServerVmCommandLine } from "./vm-processes.js";

const TEMPLATE = `listeners.tcp.1 = 127.0.0.1:5672
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = 15674
management.tcp.port = 15672
`;
const PORTS = { amqp: 1001, webStomp: 1002, management: 1003, distribution: 1004 };

/** A node whose pings answer as told, one answer per ping, then yes. */
class PingedNode extends BrokerNode {
  readonly answers: boolean[] = [];
  pings = 0;

  override isRunning(): Promise<boolean> {
    this.pings += 1;
    return Promise.resolve(this.answers.shift() ?? true);
  }
}

describe("renderConfiguration", () => {
  it("moves every listener to the node's ports and keeps them on loopback", () => {
    const rendered = renderConfiguration(TEMPLATE, PORTS, "/defs.json");

    expect(rendered).toContain("listeners.tcp.1 = 127.0.0.1:1001");
    expect(rendered).toContain("web_stomp.tcp.port = 1002");
    expect(rendered).toContain("management.tcp.port = 1003");
    expect(rendered).not.toMatch(/5672|15674|15672/);
  });

  it("loads the definitions file at boot", () => {
    expect(renderConfiguration(TEMPLATE, PORTS, "/x/definitions.json")).toMatch(/^load_definitions = \/x\/definitions\.json$/m);
  });

  it("when the template lost a port line, it refuses instead of booting on the wrong port", () => {
    expect(() => renderConfiguration("web_stomp.tcp.port = 15674\n", PORTS, "/d.json")).toThrow(/listeners/);
  });
});

describe("a running node's ports", () => {
  it("are read back from its rendered configuration as they were written", () => {
    expect(renderedPorts(renderConfiguration(TEMPLATE, PORTS, "/defs.json"))).toEqual({ amqp: 1001, webStomp: 1002, management: 1003 });
  });

  it("when they are the ones a start asks for, the start may use the node", () => {
    expect(otherPortsMessage("tickets", PORTS, { amqp: 1001, webStomp: 1002, management: 1003 })).toBeUndefined();
  });

  it("when they differ from the ones a start asks for, the start is refused with the ports the node runs on and the variables that ask for them", () => {
    const message = otherPortsMessage("tickets", PORTS, { amqp: 5673, webStomp: 1002, management: 15680 });

    expect(message).toContain("Node tickets already runs, on other ports than this start asks for: amqp 5673 (this start asks for 1001), management 15680 (this start asks for 1003).");
    expect(message).toContain("AMQP_PORT=5673 MANAGEMENT_PORT=15680");
    expect(message).toContain("pnpm broker:stop");
  });
});

describe("a stop or reset from the command line", () => {
  it("waits for a start under way in another process to finish before it runs, and keeps new starts waiting until it is done", async () => {
    const root = mkdtempSync(join(tmpdir(), "broker-node-"));
    try {
      const node = new BrokerNode("unit", PORTS, root);
      // As the booting process holds it: a start holds the node's lock from its running check until its boot is over.
      const releaseBoot = await acquireStartLock(node.dataDir, { timeoutMs: 1000 });
      const said: string[] = [];
      const steps: string[] = [];

      const stopping = node.withoutStartUnderWay(async () => {
        steps.push("stop");
        // A start now would wait: its lock is taken.
        const laterStart = await acquireStartLock(node.dataDir, { timeoutMs: 300 }).catch((error: unknown) => error);
        steps.push(laterStart instanceof Error ? "later start waits" : "later start ran");
        return "stopped";
      }, (line) => said.push(line));
      // Until the stop has said whom it waits for: the holder's answer comes over a socket, and a release before it would cut it off.
      await expect.poll(() => said).toHaveLength(1);
      steps.push("boot over");
      releaseBoot?.();

      expect(await stopping).toBe("stopped");
      expect(steps).toEqual(["boot over", "stop", "later start waits"]);
      expect(said).toEqual([`A start of node ${node.nodeName} (pid ${process.pid}) is under way: waiting for it to finish first…`]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("a node's configuration files", () => {
  const roots: string[] = [];

  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function projectWith(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), "broker-node-"));
    roots.push(root);
    mkdirSync(join(root, "rabbitmq"));
    // Every node writes its own copy of the definitions, with its own admin password: they must have the two logins.
    const withDefinitions = { "definitions.json": JSON.stringify({ users: [{ name: "admin" }, { name: "consumer" }] }), ...files };
    for (const [name, content] of Object.entries(withDefinitions)) writeFileSync(join(root, "rabbitmq", name), content);
    return root;
  }

  it("copies advanced.config beside rabbitmq.conf and points RabbitMQ at both", () => {
    const advanced = "[{rabbitmq_stomp, [{default_user, []}]}].\n";
    const root = projectWith({ "rabbitmq.conf": TEMPLATE, enabled_plugins: "[rabbitmq_web_stomp].\n", "advanced.config": advanced });
    const node = new BrokerNode("unit", PORTS, root);

    node.writeConfiguration();

    expect(readFileSync(node.env.RABBITMQ_ADVANCED_CONFIG_FILE ?? "", "utf8")).toBe(advanced);
    expect(readFileSync(node.env.RABBITMQ_CONFIG_FILE ?? "", "utf8")).toContain("listeners.tcp.1 = 127.0.0.1:1001");
    expect(node.env.RABBITMQ_ADVANCED_CONFIG_FILE?.startsWith(node.dataDir)).toBe(true);
  });

  it("when another start wrote the node's passwords since this one began, it adopts them instead of changing them under the first", () => {
    const root = projectWith({ "rabbitmq.conf": TEMPLATE, enabled_plugins: "[].\n", "advanced.config": "[].\n" });
    const first = new BrokerNode("raced", PORTS, root);
    const second = new BrokerNode("raced", PORTS, root);
    expect(second.adminCredentials.passcode).not.toBe(first.adminCredentials.passcode);
    expect(second.amqpUrl).not.toBe(first.amqpUrl);

    first.writeConfiguration();
    second.writeConfiguration();

    expect(second.adminCredentials).toEqual(first.adminCredentials);
    expect(second.amqpUrl).toBe(first.amqpUrl);
    const users = (JSON.parse(readFileSync(join(first.dataDir, "definitions.json"), "utf8")) as { users: { name: string; password: string }[] }).users;
    expect(users.find(({ name }) => name === "admin")?.password).toBe(first.adminCredentials.passcode);
    expect(users.find(({ name }) => name === "consumer")?.password).toBe(first.consumerCredentials.passcode);
    // The passwords are this user's alone to read.
    expect(statSync(join(first.dataDir, "definitions.json")).mode & 0o777).toBe(0o600);
  });

  it("when the node's own definitions keep the published consumer password (an older checkout wrote them), the next start gives it one of its own", () => {
    const root = projectWith({ "rabbitmq.conf": TEMPLATE, enabled_plugins: "[].\n", "advanced.config": "[].\n" });
    const older = new BrokerNode("older", PORTS, root);
    older.writeConfiguration();
    const definitionsFile = join(older.dataDir, "definitions.json");
    writeFileSync(definitionsFile, JSON.stringify({ users: [{ name: "admin", password: "kept" }, { name: "consumer", password: "consumer" }] }));

    const next = new BrokerNode("older", PORTS, root);
    // Until a start writes its own, the node has the published one: that is what broker:status must name.
    expect(next.hasOwnPasscode("consumer")).toBe(false);
    expect(next.hasOwnPasscode("admin")).toBe(true);
    next.writeConfiguration();
    expect(next.hasOwnPasscode("consumer")).toBe(true);

    expect(next.consumerCredentials.passcode).toMatch(/^[0-9a-f]{24}$/);
    expect(next.adminCredentials.passcode).toBe("kept");
    expect(JSON.parse(readFileSync(definitionsFile, "utf8"))).toMatchObject({ users: [{ name: "admin", password: "kept" }, { name: "consumer", password: next.consumerCredentials.passcode }] });
  });

  it("when the node's own definitions cannot be read (cut short), it counts them as none, and the next start writes them whole", () => {
    const root = projectWith({ "rabbitmq.conf": TEMPLATE, enabled_plugins: "[].\n", "advanced.config": "[].\n" });
    const node = new BrokerNode("damaged", PORTS, root);
    node.writeConfiguration();
    writeFileSync(join(node.dataDir, "definitions.json"), '{"users": [');

    const rebuilt = new BrokerNode("damaged", PORTS, root);
    rebuilt.writeConfiguration();

    expect(rebuilt.amqpUrl).toBe(`amqp://consumer:${rebuilt.consumerCredentials.passcode}@127.0.0.1:1001/tickets`);
    expect(JSON.parse(readFileSync(join(node.dataDir, "definitions.json"), "utf8"))).toMatchObject({
      users: [{ name: "admin", password: rebuilt.adminCredentials.passcode }, { name: "consumer", password: rebuilt.consumerCredentials.passcode }],
    });
  });

  it("gives every node a copy of the definitions with admin and consumer passwords of its own, or the consumer password it was given, kept across restarts", () => {
    const definitions = { users: [{ name: "admin", password: "admin" }, { name: "consumer", password: "consumer" }] };
    const files = { "rabbitmq.conf": TEMPLATE, enabled_plugins: "[].\n", "advanced.config": "[].\n", "definitions.json": JSON.stringify(definitions) };
    const shared = new BrokerNode("shared", PORTS, projectWith(files));
    const own = new BrokerNode("own", PORTS, projectWith(files), { consumerPasscode: "s3cret" });

    shared.writeConfiguration();
    own.writeConfiguration();

    const loaded = (node: BrokerNode) => /^load_definitions = (.*)$/m.exec(readFileSync(node.env.RABBITMQ_CONFIG_FILE ?? "", "utf8"))?.[1] ?? "";
    const users = (node: BrokerNode) => (JSON.parse(readFileSync(loaded(node), "utf8")) as typeof definitions).users;
    expect(loaded(shared)).toBe(join(shared.dataDir, "definitions.json"));
    expect(loaded(own)).toBe(join(own.dataDir, "definitions.json"));
    // Never the published passwords: any page on this machine can open a WebSocket to Web-STOMP and try consumer / consumer.
    expect(shared.adminCredentials.passcode).toMatch(/^[0-9a-f]{24}$/);
    expect(shared.consumerCredentials.passcode).toMatch(/^[0-9a-f]{24}$/);
    expect(shared.consumerCredentials.passcode).not.toBe(shared.adminCredentials.passcode);
    expect(own.adminCredentials.passcode).not.toBe(shared.adminCredentials.passcode);
    expect(users(shared)).toEqual([
      { name: "admin", password: shared.adminCredentials.passcode },
      { name: "consumer", password: shared.consumerCredentials.passcode },
    ]);
    expect(users(own)).toEqual([{ name: "admin", password: own.adminCredentials.passcode }, { name: "consumer", password: "s3cret" }]);
    expect(own.amqpUrl).toBe("amqp://consumer:s3cret@127.0.0.1:1001/tickets");
    expect(shared.amqpUrl).toBe(`amqp://consumer:${shared.consumerCredentials.passcode}@127.0.0.1:1001/tickets`);
    // Rebuilt from its name, as a Playwright worker does to restart the suite's node, or as every `pnpm broker:*` does, it keeps both.
    const rebuilt = new BrokerNode("own", PORTS, join(own.dataDir, "..", ".."));
    expect(rebuilt.amqpUrl).toBe("amqp://consumer:s3cret@127.0.0.1:1001/tickets");
    expect(rebuilt.adminCredentials).toEqual(own.adminCredentials);
  });

  it("when rabbitmq/ has no advanced.config, it refuses instead of booting a node whose STOMP logs anonymous clients in as guest", () => {
    const root = projectWith({ "rabbitmq.conf": TEMPLATE, enabled_plugins: "[rabbitmq_web_stomp].\n" });

    expect(() => {
      new BrokerNode("unit", PORTS, root).writeConfiguration();
    }).toThrow(/advanced\.config/);
  });
});

describe("isServerVmCommandLine", () => {
  const dataDir = "/repo/.rabbitmq/tickets";

  it("recognises the node's server VM by its rabbit boot and its -home", () => {
    expect(isServerVmCommandLine(serverVmCommandLine(dataDir), dataDir)).toBe(true);
  });

  it("when rabbitmqctl runs with the node's environment, its VM, with the same -home, is not taken for the server", () => {
    expect(isServerVmCommandLine(rabbitmqctlCommandLine(dataDir), dataDir)).toBe(false);
  });

  it("when another node's name starts with this one's, its server VM is not this node's", () => {
    expect(isServerVmCommandLine(serverVmCommandLine(`${dataDir}-2`), dataDir)).toBe(false);
  });

  it("when a program other than beam.smp names the node's folder and rabbit boot, it is not the server", () => {
    expect(isServerVmCommandLine(["tail", "-f", `${dataDir}/log/tickets@localhost.log`], dataDir)).toBe(false);
    expect(isServerVmCommandLine(["/bin/sh", "-c", "x", "-home", dataDir, "-s", "rabbit", "boot"], dataDir)).toBe(false);
  });
});

describe("isBootingServerCommandLine", () => {
  const dataDir = "/repo/.rabbitmq/tickets";
  /** rabbitmq-server's erlexec, between the launcher's return and the VM's exec: erl's arguments, no -home yet. */
  const erlexec = ["/usr/lib/erlang/erts-13.1.5/bin/erlexec", "-pa", "", "-s", "rabbit", "boot", "-boot", "start_sasl", "+W", "w", "-noshell", "-noinput"];

  it("takes the erlexec that is to become the server VM, and the VM itself, for the boot's", () => {
    expect(isBootingServerCommandLine(erlexec, dataDir)).toBe(true);
    expect(isBootingServerCommandLine(serverVmCommandLine(dataDir), dataDir)).toBe(true);
  });

  it("does not take the epmd the boot started (other nodes share it), a rabbitmqctl, or another erlexec", () => {
    expect(isBootingServerCommandLine(["/usr/lib/erlang/erts-13.1.5/bin/epmd", "-daemon"], dataDir)).toBe(false);
    expect(isBootingServerCommandLine(rabbitmqctlCommandLine(dataDir), dataDir)).toBe(false);
    expect(isBootingServerCommandLine(["/usr/lib/erlang/erts-13.1.5/bin/erlexec", "-boot", "start_clean", "-noshell"], dataDir)).toBe(false);
  });
});

/** destroy, untilStopped and stop: each test gets a node in a folder of its own, and the fake processes it starts are killed after it. */
describe("a node in a folder of its own", () => {
  let root: string;
  let node: BrokerNode;
  const started: ChildProcess[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "broker-node-"));
    node = new BrokerNode("unit", PORTS, root);
    mkdirSync(node.dataDir, { recursive: true });
  });

  afterEach(() => {
    for (const child of started.splice(0)) child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  describe("destroy", () => {

    /** A process that passes for a VM with this command line, killed after the test. */
    function startFake(commandLine: string[]): ChildProcess {
      const child = startFakeVm(root, commandLine);
      started.push(child);
      return child;
    }

    it("when the killed VM stays a zombie that nobody reaps, it counts it as gone instead of waiting for it forever", async () => {
      // Stands in for the VM: its command line is the server's.
      const vm = await startUnreaped(fakeVmCommand(root, serverVmCommandLine(node.dataDir)));
      try {
        writeFileSync(join(node.dataDir, "rabbitmq.pid"), `${vm.pid}\n`);
        await expect.poll(() => readFileSync(`/proc/${vm.pid}/cmdline`, "utf8")).toContain(node.dataDir);

        await node.destroy();

        // Killed: a zombie, once the kernel has finished tearing it down (on a busy machine it may still read R, exiting, for a moment).
        await expect.poll(() => processState(vm.pid)).toBe("Z");
        expect(existsSync(node.dataDir)).toBe(false);
      } finally {
        await vm.release();
      }
    });

    it("when the pid file is not written yet, it kills the booting VM found by its command line and leaves the node's rabbitmqctl running", async () => {
      const vm = startFake(serverVmCommandLine(node.dataDir));
      const ctl = startFake(rabbitmqctlCommandLine(node.dataDir));

      await node.destroy();

      expect(isAlive(vm.pid ?? 0)).toBe(false);
      expect(isAlive(ctl.pid ?? 0)).toBe(true);
    });

    it("when the pid file names a dead VM, it kills no other: a VM the file does not name is booting for another start", async () => {
      const other = startFake(serverVmCommandLine(node.dataDir));
      const dead = startFake(serverVmCommandLine(node.dataDir));
      dead.kill("SIGKILL");
      await new Promise((resolve) => dead.once("exit", resolve));
      writeFileSync(join(node.dataDir, "rabbitmq.pid"), `${String(dead.pid)}\n`);

      await node.destroy();

      expect(isAlive(other.pid ?? 0)).toBe(true);
    });
  });

  describe("untilStopped", () => {
    const watch = new AbortController();

    /** The node's VM, running as the pid file says. */
    async function startVm(): Promise<ChildProcess & { pid: number }> {
      const vm = startFakeVm(root, serverVmCommandLine(node.dataDir));
      started.push(vm);
      await expect.poll(() => readFileSync(`/proc/${vm.pid}/cmdline`, "utf8")).toContain(node.dataDir);
      writeFileSync(join(node.dataDir, "rabbitmq.pid"), `${vm.pid}\n`);
      return vm as ChildProcess & { pid: number };
    }

    it("when the node's VM dies under a run that uses it, it says so", async () => {
      const vm = await startVm();
      const stopped = node.untilStopped(watch.signal, 20);

      vm.kill("SIGKILL");

      expect(await stopped).toBe(`stopped: its VM (pid ${vm.pid}) is gone`);
    });

    it("when another process begins to stop the node, it says so at once, before the VM is gone", async () => {
      await startVm();
      const ctl = spawn("sleep", ["30"], { stdio: "ignore" });
      started.push(ctl);
      const stopped = node.untilStopped(watch.signal, 20);

      writeFileSync(join(node.dataDir, "stopping"), JSON.stringify({ stoppers: [{ pid: ctl.pid }] }));

      expect(await stopped).toBe(`is being stopped by another process (pid ${ctl.pid})`);
    });

    it("when a node it cannot see in /proc fails one ping but answers the next, it goes on watching", async () => {
      const pinged = new PingedNode("unit", PORTS, root);
      pinged.answers.push(false, true, false, true, false, true);
      const own = new AbortController();
      const stopped = pinged.untilStopped(own.signal, 5);

      await expect.poll(() => pinged.pings, { timeout: 10_000 }).toBeGreaterThanOrEqual(7);
      own.abort();

      expect(await stopped).toBeUndefined();
    });

    it("when a node it cannot see in /proc fails two pings in a row, it says the node stopped", async () => {
      const pinged = new PingedNode("unit", PORTS, root);
      pinged.answers.push(true, false, false);

      expect(await pinged.untilStopped(watch.signal, 5)).toBe("stopped: it no longer answers");
      expect(pinged.pings).toBe(3);
    });

    it("while the node runs, it waits, until the run no longer needs it", async () => {
      await startVm();
      const own = new AbortController();
      const stopped = node.untilStopped(own.signal, 20);

      await new Promise((resolve) => setTimeout(resolve, 200));
      own.abort();

      expect(await stopped).toBeUndefined();
    });
  });

  describe("stop", () => {
    let marker: string;

    beforeEach(() => {
      marker = join(node.dataDir, "stopping");
    });

    /** Stands in for another process's `rabbitmqctl stop`, still running. */
    function otherStopper(): number {
      const ctl = spawn("sleep", ["30"], { stdio: "ignore" });
      started.push(ctl);
      return ctl.pid ?? 0;
    }

    it("when another process's stop is not over within the wait, it fails, saying what to do, instead of passing for a stop", async () => {
      const ctl = otherStopper();
      writeFileSync(marker, JSON.stringify({ stoppers: [identify(ctl)] }));

      await expect(node.stop({ waitMs: 200 })).rejects.toThrow(
        `Node unit@localhost is still being stopped by another process (pid ${ctl}) after 0.2 s, and may still be running. ` +
          `Once that process has ended, stop the node again (\`pnpm broker:stop\`); if it hangs, end it first (\`kill ${ctl}\`).`,
      );
    });

    it("when another stop begins while this one runs, this one leaves the marker to it when it ends", async () => {
      const stopping = node.stop();
      const other = { stoppers: [identify(otherStopper())] };
      writeFileSync(marker, JSON.stringify(other));

      await stopping;

      expect(JSON.parse(readFileSync(marker, "utf8"))).toEqual(other);
    });

    it("when it cannot write its marker (a full disk, a folder not its own), it runs rabbitmqctl stop all the same, and says so once", async () => {
      // A folder, not empty, where the marker goes: renaming the written marker into place fails.
      mkdirSync(join(marker, "in-the-way"), { recursive: true });
      // Taken for running: the stop goes on to rabbitmqctl, which marks again as it spawns, and waits for a node that is not there.
      const running = new PingedNode("unit", PORTS, root);
      const lines: string[] = [];

      await running.stop({ log: (line) => lines.push(line), timeoutMs: 2_000 });

      expect(lines.filter((line) => line.startsWith("Could not mark node unit@localhost as stopping ("))).toEqual([expect.stringMatching(/\): stopping it all the same\.$/)]);
      expect(lines).toContain("Node unit@localhost did not stop within 2 s: killing its VM.");
    });

    it("a stop alone removes its marker when it ends", async () => {
      await node.stop();

      expect(existsSync(marker)).toBe(false);
    });
  });
});

describe("requireOwnFolder", () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "own-folder-"));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("when the folder belongs to another user (a sudo run's), it fails, naming the owner and how to take it back", () => {
    const owner = statSync(folder).uid;

    expect(() => { requireOwnFolder(folder, owner + 1); }).toThrow(
      `${folder} belongs to another user (uid ${owner}; was \`pnpm start\` run with sudo?), so this run cannot use the node it holds. \`sudo chown -R ${owner + 1} '${folder}'\``,
    );
  });

  it("when only a node's folder or its Erlang cookie inside it belongs to another user (a sudo run in a checkout that had .rabbitmq already), it names that one", () => {
    const cookie = join(folder, "tickets", ".erlang.cookie");
    mkdirSync(join(folder, "tickets"));
    writeFileSync(cookie, "secret");
    const user = 1000;
    // The cookie root's, as a sudo run's node leaves it; the rest the user's.
    const owners = (path: string) => (path === cookie ? 0 : existsSync(path) ? user : undefined);

    expect(() => { requireOwnFolder(folder, user, owners); }).toThrow(`${cookie} belongs to another user (uid 0;`);
  });

  it("passes for the folder's owner, for root, and for a folder not made yet", () => {
    const owner = statSync(folder).uid;
    mkdirSync(join(folder, "logs"));

    expect(() => { requireOwnFolder(folder, owner); }).not.toThrow();
    expect(() => { requireOwnFolder(folder, 0); }).not.toThrow();
    expect(() => { requireOwnFolder(join(folder, "not-yet"), owner + 1); }).not.toThrow();
  });
});

describe("portTakenMessage", () => {
  it("names the command that finds the port's holder, and under systemd how to stop a system RabbitMQ for good", () => {
    const message = portTakenMessage("tickets@localhost", "distribution", 25672, true);

    expect(message).toContain("`ss -ltnp 'sport = :25672'` names it");
    expect(message).toContain("`sudo systemctl disable --now rabbitmq-server epmd.socket`");
    expect(message).toContain("BROKER_DIST_PORT=…");
  });

  it("without systemd, gives the init scripts' commands instead of systemctl", () => {
    const message = portTakenMessage("tickets@localhost", "amqp", 5672, false);

    expect(message).toContain("`sudo service rabbitmq-server stop && sudo update-rc.d rabbitmq-server disable`");
    expect(message).not.toContain("systemctl");
  });
});
