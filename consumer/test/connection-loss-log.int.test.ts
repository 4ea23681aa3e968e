import { BROKER_USERS } from "@repo/stack";
import { describe, expect, it, onTestFinished } from "vitest";
import { eventually } from "./support/broker-admin.js";
import { useConsumerProcessFixture } from "./support/consumer-process.js";
import { newPurchase } from "./support/purchases.js";
import { CONSUMER_CONNECTIONS } from "./support/test-config.js";

/** The `msg` of each JSON line the consumer logged, in order; other lines are left out. */
function messagesOf(lines: readonly string[]): { level: number; msg: string }[] {
  return lines.flatMap((line) => {
    try {
      const { level, msg } = JSON.parse(line) as { level: number; msg: string };
      return [{ level, msg }];
    } catch {
      return [];
    }
  });
}

describe("the consumer's log when the broker closes its connections", () => {
  const fixture = useConsumerProcessFixture(1_000);

  it("each lost connection is logged once, at error, and nothing says the broker is unavailable when every reconnect succeeds", async () => {
    const lines: string[] = [];
    const consumer = await fixture.runConsumer({ onLine: (line) => lines.push(line) });
    onTestFinished(async () => {
      await consumer.stop();
    });
    const before = lines.length;

    const closed = await fixture.admin.closeConnectionsOf(BROKER_USERS.consumer.login, CONSUMER_CONNECTIONS);
    await eventually("new consumer connections", async () => {
      const open = await fixture.admin.connectionsOf(BROKER_USERS.consumer.login);
      return open.filter((name) => !closed.includes(name)).length === CONSUMER_CONNECTIONS ? true : undefined;
    });
    const answer = await fixture.sites.gb.buy(newPurchase("gb"));

    expect(answer.status).toBe("confirmed");
    const logged = messagesOf(lines.slice(before));
    expect(logged.filter(({ msg }) => msg === "lost the broker connection")).toHaveLength(closed.length);
    expect(logged.filter(({ level, msg }) => level >= 40 && msg !== "lost the broker connection")).toEqual([]);
  });

  it("while the broker is down, each connection logs its loss once, at error, then each failed attempt at warn, and connects again once the broker is back", { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const consumer = await fixture.runConsumer({ onLine: (line) => lines.push(line) });
    onTestFinished(async () => {
      await consumer.stop();
    });
    const before = lines.length;
    const logged = () => messagesOf(lines.slice(before));
    const count = (msg: string) => logged().filter((line) => line.msg === msg).length;

    await fixture.node.stop();
    await eventually("failed attempts to reconnect", () => Promise.resolve(count("broker unavailable; reconnecting") >= CONSUMER_CONNECTIONS ? true : undefined));
    await fixture.node.start();
    await fixture.admin.reconnect();

    await eventually("consumer connections again", async () => ((await fixture.admin.connectionsOf(BROKER_USERS.consumer.login)).length === CONSUMER_CONNECTIONS ? true : undefined), 60_000);
    expect(count("lost the broker connection")).toBe(CONSUMER_CONNECTIONS);
    expect(logged().find(({ msg }) => msg === "lost the broker connection")?.level).toBe(50);
    expect(logged().find(({ msg }) => msg === "broker unavailable; reconnecting")?.level).toBe(40);
  });
});
