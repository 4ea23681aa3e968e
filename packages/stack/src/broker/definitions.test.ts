import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COUNTRIES,
  DEAD_LETTER_EXCHANGE,
  DEAD_LETTER_QUEUE,
  PURCHASE_QUEUE_ARGUMENTS,
  PURCHASES_EXCHANGE,
  purchaseQueue,
  purchaseRoutingKey,
  UNROUTABLE_EXCHANGE,
  UNROUTABLE_QUEUE,
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

  it("creates the users the stack and the sites log in with", () => {
    const expected = [BROKER_USERS.admin, BROKER_USERS.consumer, ...COUNTRIES.map(siteCredentials)];
    for (const { login, passcode } of expected) {
      expect(definitions.users).toContainEqual(expect.objectContaining({ name: login, password: passcode }));
    }
  });
});
