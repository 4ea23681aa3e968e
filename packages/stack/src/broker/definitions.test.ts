import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COUNTRIES,
  DEAD_LETTER_EXCHANGE,
  DEAD_LETTER_QUEUE,
  INVENTORY_EXCHANGE,
  INVENTORY_ROUTING_KEY,
  PURCHASE_QUEUE_ARGUMENTS,
  purchaseQueue,
  purchaseRoutingKey,
  purchasesExchange,
  UNROUTABLE_EXCHANGE,
  UNROUTABLE_QUEUE,
  siteLogin,
  STOCK_STREAM,
  STOCK_STREAM_ARGUMENTS,
  VHOST,
} from "@repo/contract";
import { repoRoot } from "../repo-root.js";
import { rabbitmqConfSettings } from "../test-support/rabbitmq-conf.js";
import { BROKER_USERS, siteCredentials } from "./users.js";

interface Definitions {
  users: { name: string; password: string; tags: string[]; limits?: Record<string, number> }[];
  vhosts: { name: string }[];
  queues: { name: string; vhost: string; durable: boolean; arguments: Record<string, unknown> }[];
  exchanges: { name: string; type: string; arguments: Record<string, unknown> }[];
  bindings: { source: string; destination: string; routing_key: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  topic_permissions: { user: string; vhost: string; exchange: string; write: string; read: string }[];
  parameters: { vhost: string; component: string; name: string; value: Record<string, number> }[];
  policies: { vhost: string; name: string; pattern: string; "apply-to": string; priority: number; definition: Record<string, unknown> }[];
}

const definitions = JSON.parse(readFileSync(join(repoRoot(), "rabbitmq", "definitions.json"), "utf8")) as Definitions;

describe("rabbitmq/definitions.json", () => {
  it("declares the contract's vhost", () => {
    expect(definitions.vhosts.map((vhost) => vhost.name)).toEqual([VHOST]);
  });

  it("declares every country queue with exactly the arguments the consumer asserts", () => {
    for (const country of COUNTRIES) {
      const queue = definitions.queues.find((candidate) => candidate.name === purchaseQueue(country));
      expect(queue, purchaseQueue(country)).toBeDefined();
      expect(queue?.durable).toBe(true);
      expect(queue?.arguments).toEqual(PURCHASE_QUEUE_ARGUMENTS);
    }
  });

  it("binds each country queue to its own purchases exchange with its routing key, and nothing else to those exchanges", () => {
    for (const country of COUNTRIES) {
      const bound = definitions.bindings.filter((binding) => binding.source === purchasesExchange(country));
      expect(bound).toEqual([expect.objectContaining({ destination: purchaseQueue(country), routing_key: purchaseRoutingKey(country) })]);
    }
  });

  it("sends unroutable purchases and dead letters to queues that keep them", () => {
    for (const country of COUNTRIES) {
      const purchases = definitions.exchanges.find((exchange) => exchange.name === purchasesExchange(country));
      expect(purchases, purchasesExchange(country)).toMatchObject({ type: "topic", durable: true, arguments: { "alternate-exchange": UNROUTABLE_EXCHANGE } });
    }
    expect(definitions.bindings).toContainEqual(expect.objectContaining({ source: UNROUTABLE_EXCHANGE, destination: UNROUTABLE_QUEUE }));
    expect(definitions.bindings).toContainEqual(expect.objectContaining({ source: DEAD_LETTER_EXCHANGE, destination: DEAD_LETTER_QUEUE }));
  });

  it("declares the stock stream with exactly the arguments the consumer asserts, fed by the inventory exchange alone", () => {
    const stock = definitions.queues.find((queue) => queue.name === STOCK_STREAM);
    const inventory = definitions.exchanges.find((exchange) => exchange.name === INVENTORY_EXCHANGE);

    expect(stock).toMatchObject({ durable: true, arguments: STOCK_STREAM_ARGUMENTS });
    expect(inventory).toMatchObject({ type: "topic", durable: true, arguments: {} });
    expect(definitions.bindings.filter((binding) => binding.source === INVENTORY_EXCHANGE || binding.destination === STOCK_STREAM)).toEqual([
      expect.objectContaining({ source: INVENTORY_EXCHANGE, destination: STOCK_STREAM, routing_key: INVENTORY_ROUTING_KEY }),
    ]);
  });

  describe.each(COUNTRIES)("the %s site", (country) => {
    const user = siteLogin(country);
    const allowed = definitions.permissions.find((permission) => permission.user === user);
    const matches = (pattern: string | undefined, name: string): boolean => new RegExp(pattern ?? "^$").test(name);

    it("may read the stock stream, and neither write to it nor configure it, nor read the inventory exchange to bind a queue of its own", () => {
      expect(matches(allowed?.read, STOCK_STREAM)).toBe(true);
      expect(matches(allowed?.write, STOCK_STREAM)).toBe(false);
      expect(matches(allowed?.configure, STOCK_STREAM)).toBe(false);
      expect(matches(allowed?.read, INVENTORY_EXCHANGE)).toBe(false);
      expect(matches(allowed?.write, INVENTORY_EXCHANGE)).toBe(false);
    });

    it("may declare and read its reply queues but write to none, so it can bind nothing into them", () => {
      for (const reply of ["amq.gen-9PXkSPruymEtrMsr3duGDA", "stomp.gen-x"]) {
        expect(matches(allowed?.configure, reply), reply).toBe(true);
        expect(matches(allowed?.read, reply), reply).toBe(true);
        expect(matches(allowed?.write, reply), reply).toBe(false);
      }
    });

    it("may configure no name but its reply queues', so no SUBSCRIBE has the broker declare a queue of its choosing to the stock", () => {
      // The queue RabbitMQ 3.10 declares for a SUBSCRIBE to /exchange/…, with any arguments the SUBSCRIBE asks for.
      for (const name of ["stomp-subscription-2wVjhJazucyQR3pX6bBEVQ", INVENTORY_EXCHANGE, "x", ...COUNTRIES.map(purchasesExchange)]) {
        expect(matches(allowed?.configure, name), name).toBe(false);
      }
    });

    it("may not read purchases or any durable queue", () => {
      for (const name of [...COUNTRIES.map(purchasesExchange), DEAD_LETTER_QUEUE, UNROUTABLE_QUEUE, ...COUNTRIES.map(purchaseQueue)]) {
        expect(matches(allowed?.read, name), name).toBe(false);
        expect(matches(allowed?.configure, name), name).toBe(false);
      }
    });
  });

  it("creates the users the stack and the sites log in with", () => {
    const expected = [BROKER_USERS.admin, BROKER_USERS.consumer, ...COUNTRIES.map(siteCredentials)];
    for (const { login, passcode } of expected) {
      expect(definitions.users).toContainEqual(expect.objectContaining({ name: login, password: passcode }));
    }
  });
});

describe("rabbitmq/definitions.json, security", () => {
  const sites = COUNTRIES.map(siteLogin);
  const trusted = [BROKER_USERS.admin.login, BROKER_USERS.consumer.login];
  const matches = (pattern: string | undefined, name: string): boolean => new RegExp(pattern ?? "^$").test(name);

  /** The policy RabbitMQ applies to a queue: the matching one of highest priority. */
  function policyOf(queue: string): Definitions["policies"][number] | undefined {
    return definitions.policies
      .filter((policy) => policy.vhost === VHOST && policy["apply-to"] !== "exchanges" && matches(policy.pattern, queue))
      .sort((a, b) => b.priority - a.priority)[0];
  }

  it("lets only the consumer and the admin write to the default exchange, which reaches every queue", () => {
    const writers = definitions.permissions.filter((permission) => matches(permission.write, "amq.default"));

    expect(writers.map((permission) => permission.user).sort()).toEqual([...trusted].sort());
  });

  it("creates no guest, and gives the public site logins no tag, so the management UI and API refuse them", () => {
    expect(definitions.users.map((user) => user.name)).not.toContain("guest");
    for (const site of sites) expect(definitions.users.find((user) => user.name === site)?.tags).toEqual([]);
  });

  it.each(COUNTRIES)("lets site-%s write to its own purchases exchange only, so no route (a dead-letter or alternate exchange included) reaches another country's queue", (country) => {
    const allowed = definitions.permissions.find((permission) => permission.user === siteLogin(country));

    expect(matches(allowed?.write, purchasesExchange(country))).toBe(true);
    for (const other of COUNTRIES.filter((candidate) => candidate !== country)) {
      expect(matches(allowed?.write, purchasesExchange(other)), other).toBe(false);
    }
  });

  it.each(COUNTRIES)("lets site-%s publish purchases with its own routing key and no other", (country) => {
    const topic = definitions.topic_permissions.find(
      (permission) => permission.user === siteLogin(country) && permission.exchange === purchasesExchange(country),
    );

    expect(matches(topic?.write, purchaseRoutingKey(country))).toBe(true);
    for (const other of COUNTRIES.filter((candidate) => candidate !== country)) {
      expect(matches(topic?.write, purchaseRoutingKey(other)), other).toBe(false);
    }
    for (const key of ["#", "purchase.*", `${purchaseRoutingKey(country)}.x`, `x.${purchaseRoutingKey(country)}`]) {
      expect(matches(topic?.write, key), key).toBe(false);
    }
  });

  it("limits each site login's connections and channels", () => {
    for (const site of sites) {
      const limits = definitions.users.find((user) => user.name === site)?.limits;
      expect(limits?.["max-connections"], site).toBeGreaterThan(0);
      expect(limits?.["max-channels"], site).toBeGreaterThan(0);
    }
  });

  /** The connections the site logins may hold together: each login's own limit, summed. */
  const sitesTogether = (): number =>
    sites.map((site) => definitions.users.find((user) => user.name === site)?.limits?.["max-connections"] ?? Infinity).reduce((sum, limit) => sum + limit, 0);

  it("limits the vhost's connections above what the sites may take together, so the consumer can always connect", () => {
    const vhost = definitions.parameters.find((parameter) => parameter.component === "vhost-limits" && parameter.vhost === VHOST);

    expect(vhost?.value["max-queues"]).toBeGreaterThan(definitions.queues.length);
    expect(vhost?.value["max-connections"]).toBeGreaterThan(sitesTogether());
  });

  it("admits as many Web-STOMP sockets as the site logins may hold together: the sites are not cut short, and idle sockets cannot take more", () => {
    // Counted before login too, so it is what bounds the file descriptors anonymous browsers can hold.
    const socketLimit = Number(rabbitmqConfSettings("rabbitmq/rabbitmq.conf").get("web_stomp.max_connections"));

    expect(socketLimit).toBe(sitesTogether());
  });

  it("bounds every country queue by a policy that refuses new purchases rather than drop accepted ones", () => {
    for (const country of COUNTRIES) {
      const definition = policyOf(purchaseQueue(country))?.definition ?? {};
      expect(definition["max-length"], purchaseQueue(country)).toBeTypeOf("number");
      expect(definition["max-length-bytes"], purchaseQueue(country)).toBeTypeOf("number");
      // Quorum queues know no reject-publish-dlx (3.10.8 warns and drops the oldest instead).
      expect(definition.overflow, purchaseQueue(country)).toBe("reject-publish");
    }
  });

  it("bounds the queues that keep refused purchases, which any browser can fill", () => {
    for (const queue of [DEAD_LETTER_QUEUE, UNROUTABLE_QUEUE]) {
      const definition = policyOf(queue)?.definition ?? {};
      expect(definition["max-length"], queue).toBeTypeOf("number");
      expect(definition["max-length-bytes"], queue).toBeTypeOf("number");
    }
  });

  it("lets a queue a browser may name vanish once unused, and bounds its length", () => {
    for (const queue of ["amq.gen-9PXkSPruymEtrMsr3duGDA", "stomp.gen-x"]) {
      const definition = policyOf(queue)?.definition ?? {};
      expect(definition.expires, queue).toBeTypeOf("number");
      expect(definition["max-length"], queue).toBeTypeOf("number");
      expect(definition["max-length-bytes"], queue).toBeTypeOf("number");
    }
  });

  it("leaves the stock stream to its own retention: no policy for browsers' queues applies to it", () => {
    expect(policyOf(STOCK_STREAM)).toBeUndefined();
  });

  it("bounds a stream a browser declares under the same names, with a policy only streams can take", () => {
    // RabbitMQ applies the highest-priority policy whose every key the queue type accepts: streams take
    // no expires or max-length, so session-queues passes them by, and only they can take this one.
    const sessionQueues = definitions.policies.find((policy) => policy.name === "session-queues");
    const sessionStreams = definitions.policies.find((policy) => policy.name === "session-streams");

    expect(sessionStreams?.pattern).toBe(sessionQueues?.pattern);
    expect(Object.keys(sessionStreams?.definition ?? {}).sort()).toEqual(["max-age", "max-length-bytes", "stream-max-segment-size-bytes"]);
  });
});
