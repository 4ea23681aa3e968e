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
  PURCHASES_EXCHANGE,
  purchaseQueue,
  purchaseRoutingKey,
  UNROUTABLE_EXCHANGE,
  UNROUTABLE_QUEUE,
  siteLogin,
  VHOST,
} from "@repo/contract";
import { repoRoot } from "../repo-root.js";
import { BROKER_USERS, siteCredentials } from "./users.js";

interface Definitions {
  users: { name: string; password: string }[];
  vhosts: { name: string }[];
  queues: { name: string; vhost: string; durable: boolean; arguments: Record<string, unknown> }[];
  exchanges: { name: string; type: string; arguments: Record<string, unknown> }[];
  bindings: { source: string; destination: string; routing_key: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  topic_permissions: { user: string; vhost: string; exchange: string; write: string; read: string }[];
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

  it("binds each country queue to the purchases exchange with its routing key", () => {
    for (const country of COUNTRIES) {
      expect(definitions.bindings).toContainEqual(expect.objectContaining({
        source: PURCHASES_EXCHANGE,
        destination: purchaseQueue(country),
        routing_key: purchaseRoutingKey(country),
      }));
    }
  });

  it("sends unroutable purchases and dead letters to queues that keep them", () => {
    const purchases = definitions.exchanges.find((exchange) => exchange.name === PURCHASES_EXCHANGE);
    expect(purchases?.arguments["alternate-exchange"]).toBe(UNROUTABLE_EXCHANGE);
    expect(definitions.bindings).toContainEqual(expect.objectContaining({ source: UNROUTABLE_EXCHANGE, destination: UNROUTABLE_QUEUE }));
    expect(definitions.bindings).toContainEqual(expect.objectContaining({ source: DEAD_LETTER_EXCHANGE, destination: DEAD_LETTER_QUEUE }));
  });

  it("declares the inventory exchange as a durable topic exchange the consumer can assert", () => {
    const inventory = definitions.exchanges.find((exchange) => exchange.name === INVENTORY_EXCHANGE);
    expect(inventory).toMatchObject({ type: "topic", durable: true, arguments: {} });
  });

  describe.each(COUNTRIES)("the %s site", (country) => {
    const user = siteLogin(country);
    const allowed = definitions.permissions.find((permission) => permission.user === user);
    const matches = (pattern: string | undefined, name: string): boolean => new RegExp(pattern ?? "^$").test(name);
    // RabbitMQ 3.10 names the queue behind a STOMP SUBSCRIBE to /exchange/... like this (checked on a real node).
    const subscriptionQueue = "stomp-subscription-2wVjhJazucyQR3pX6bBEVQ";

    it("may declare, bind and read the queue of its stock subscription, and bind it from the inventory exchange", () => {
      expect(matches(allowed?.configure, subscriptionQueue)).toBe(true);
      expect(matches(allowed?.write, subscriptionQueue)).toBe(true);
      expect(matches(allowed?.read, subscriptionQueue)).toBe(true);
      expect(matches(allowed?.read, INVENTORY_EXCHANGE)).toBe(true);
    });

    it("may not publish stock, nor read purchases or any durable queue", () => {
      expect(matches(allowed?.write, INVENTORY_EXCHANGE)).toBe(false);
      for (const name of [PURCHASES_EXCHANGE, DEAD_LETTER_QUEUE, ...COUNTRIES.map(purchaseQueue)]) {
        expect(matches(allowed?.read, name), name).toBe(false);
        expect(matches(allowed?.configure, name), name).toBe(false);
      }
    });

    it("may bind its subscription with the stock routing key only", () => {
      const topic = definitions.topic_permissions.find(
        (permission) => permission.user === user && permission.exchange === INVENTORY_EXCHANGE,
      );
      expect(matches(topic?.read, INVENTORY_ROUTING_KEY)).toBe(true);
      expect(matches(topic?.read, "#")).toBe(false);
      expect(matches(topic?.write, INVENTORY_ROUTING_KEY)).toBe(false);
    });
  });

  it("creates the users the stack and the sites log in with", () => {
    const expected = [BROKER_USERS.admin, BROKER_USERS.consumer, ...COUNTRIES.map(siteCredentials)];
    for (const { login, passcode } of expected) {
      expect(definitions.users).toContainEqual(expect.objectContaining({ name: login, password: passcode }));
    }
  });
});
