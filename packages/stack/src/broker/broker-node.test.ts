import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processState } from "../processes.js";
import { startUnreaped } from "../test-support/zombie.js";
import { BrokerNode, renderConfiguration } from "./broker-node.js";

const TEMPLATE = `listeners.tcp.1 = 127.0.0.1:5672
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = 15674
management.tcp.port = 15672
`;
const PORTS = { amqp: 1001, webStomp: 1002, management: 1003, distribution: 1004 };

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

describe("a node's configuration files", () => {
  const roots: string[] = [];

  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function projectWith(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), "broker-node-"));
    roots.push(root);
    mkdirSync(join(root, "rabbitmq"));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(root, "rabbitmq", name), content);
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

  it("gives a node with its own consumer password a copy of the definitions that keeps it across restarts, and the URL that carries it", () => {
    const definitions = { users: [{ name: "admin", password: "admin" }, { name: "consumer", password: "consumer" }] };
    const files = { "rabbitmq.conf": TEMPLATE, enabled_plugins: "[].\n", "advanced.config": "[].\n", "definitions.json": JSON.stringify(definitions) };
    const shared = new BrokerNode("shared", PORTS, projectWith(files));
    const own = new BrokerNode("own", PORTS, projectWith(files), { consumerPasscode: "s3cret" });

    shared.writeConfiguration();
    own.writeConfiguration();

    const loaded = (node: BrokerNode) => /^load_definitions = (.*)$/m.exec(readFileSync(node.env.RABBITMQ_CONFIG_FILE ?? "", "utf8"))?.[1] ?? "";
    expect(loaded(shared).endsWith(join("rabbitmq", "definitions.json"))).toBe(true);
    expect(loaded(own)).toBe(join(own.dataDir, "definitions.json"));
    expect(JSON.parse(readFileSync(loaded(own), "utf8"))).toEqual({ users: [{ name: "admin", password: "admin" }, { name: "consumer", password: "s3cret" }] });
    expect(own.amqpUrl).toBe("amqp://consumer:s3cret@127.0.0.1:1001/tickets");
    expect(shared.amqpUrl).toBe("amqp://consumer:consumer@127.0.0.1:1001/tickets");
    // Rebuilt from its name, as a Playwright worker does to restart the suite's node, it keeps the password.
    const rebuilt = new BrokerNode("own", PORTS, join(own.dataDir, "..", ".."));
    expect(rebuilt.amqpUrl).toBe("amqp://consumer:s3cret@127.0.0.1:1001/tickets");
  });

  it("when rabbitmq/ has no advanced.config, it refuses instead of booting a node whose STOMP logs anonymous clients in as guest", () => {
    const root = projectWith({ "rabbitmq.conf": TEMPLATE, enabled_plugins: "[rabbitmq_web_stomp].\n" });

    expect(() => {
      new BrokerNode("unit", PORTS, root).writeConfiguration();
    }).toThrow(/advanced\.config/);
  });
});

describe("destroy", () => {
  let root: string | undefined;

  afterEach(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it("when the killed VM stays a zombie that nobody reaps, it counts it as gone instead of waiting for it forever", async () => {
    root = mkdtempSync(join(tmpdir(), "broker-node-"));
    const node = new BrokerNode("zombie", PORTS, root);
    mkdirSync(node.dataDir, { recursive: true });
    // Stands in for the VM: its command line names the node's folder, as beam's -home does.
    const vm = await startUnreaped([process.execPath, "-e", "setInterval(() => undefined, 1000)", node.dataDir]);
    try {
      writeFileSync(join(node.dataDir, "rabbitmq.pid"), `${vm.pid}\n`);
      await expect.poll(() => readFileSync(`/proc/${vm.pid}/cmdline`, "utf8")).toContain(node.dataDir);

      await node.destroy();

      expect(processState(vm.pid)).toBe("Z");
      expect(existsSync(node.dataDir)).toBe(false);
    } finally {
      await vm.release();
    }
  });
});
