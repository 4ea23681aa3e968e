import { readFileSync, statSync } from "node:fs";
import type { Confirmation, Country, Purchase, StockLevel } from "@repo/contract";
import {
  COUNTRIES,
  perCountry,
  INVENTORY_EXCHANGE,
  INVENTORY_ROUTING_KEY,
  MAX_PURCHASE_BYTES,
  PURCHASE_DELIVERY_LIMIT,
  parseStockLevel,
  purchaseDestination,
  purchaseQueue,
  purchaseRoutingKey,
  purchasesExchange,
  purchaseSendHeaders,
  siteLogin,
  STOCK_MESSAGE_DESTINATION,
  STOCK_STREAM,
  VHOST,
} from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { siteCredentials, Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { OrderStore } from "../src/store/order-store.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import type { AttemptOutcome } from "./support/amqp-attacker.js";
import { AmqpAttacker } from "./support/amqp-attacker.js";
import type { BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import type { Reaction } from "./support/raw-stomp.js";
import { describeReaction, RawStomp, stompFrame } from "./support/raw-stomp.js";
import { SiteClient } from "./support/site-client.js";
import { StockWatcher } from "./support/stock-watcher.js";
import { newPurchase } from "./support/purchases.js";
import { withPlaceOrderFault } from "./support/faulty-store.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { testConsumerConfig } from "./support/test-config.js";
import { connectSites, startBrokerWithAdmin } from "./support/test-broker.js";

/** The country queue the burst fills, and its length limit for that case (a test-only policy on the test node). */
const BURST_COUNTRY: Country = "es";
const BURST_LIMIT = 5;
/** SENDs of the burst that come after the queue is over its limit, all at once. */
const BURST_OVER_LIMIT = BURST_LIMIT * 2;

/** rabbitmq.conf's max_message_size: a message over it is refused whole, however it is split. */
const MAX_MESSAGE_BYTES = 65_536;

/** Why the broker ended a STOMP session: the `message` header and the detail of the ERROR frame it logged. */
interface Refusal {
  message: string;
  detail: string | RegExp;
}

/** The broker's refusal of an operation on a resource (`exchange 'x'`, `queue 'y'`) the site login may not use. */
function accessRefused(resource: string, login = siteLogin("fr")): Refusal {
  return { message: "access_refused", detail: `ACCESS_REFUSED - access to ${resource} in vhost '${VHOST}' refused for user '${login}'` };
}

/** One line of the report: what was tried, who refused it and how, and whether honest orders went on. */
interface Row {
  attack: string;
  as: string;
  refusedBy: "broker" | "consumer";
  outcome: string;
  honest: string;
}

/** The table goes to the test output, where CI keeps it. */
function report(rows: readonly Row[]): void {
  const labels: Record<keyof Row, string> = { attack: "attack", as: "as", refusedBy: "refused by", outcome: "outcome", honest: "honest order after" };
  const columns = Object.keys(labels) as (keyof Row)[];
  const widths = columns.map((column) => Math.max(labels[column].length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const lines = [
    line(columns.map((column) => labels[column])),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(columns.map((column) => row[column]))),
  ];
  process.stdout.write(`\nHostile input: ${rows.length} attacks refused\n${lines.join("\n")}\n\n`);
}

describe("hostile input from the public site logins", () => {
  const teardown = new Teardown();
  const rows: Row[] = [];
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let databasePath: string;
  let consumer: ConsumerService;
  /** Orders whose handling throws, as a store failing on them would. */
  const poisoned = new Set<string>();
  /** How often the store was asked to place each order. */
  const placeAttempts = new Map<string, number>();
  /** One well-behaved site per country, buying between attacks. */
  let honestSites: Record<Country, SiteClient>;
  const honestOrders: { site: SiteClient; order: Purchase }[] = [];
  /** Orders of the burst the broker accepted: they must be sold, once. */
  const acceptedBurst: Purchase[] = [];
  /** Orders sold whose answer their own reply queue refused. */
  const soldUnanswered: Purchase[] = [];
  let attacker: SiteClient;
  let amqp: AmqpAttacker;
  /** The node's log file, as the node names it. */
  let brokerLog: string;

  /** Where the node's log ends now: what it logs after this mark, the next step did. */
  function logMark(): number {
    return statSync(brokerLog).size;
  }

  /** Waits until the node has logged, after `mark`, text matching `pattern`; gives the match. */
  function loggedSince(mark: number, what: string, pattern: RegExp): Promise<RegExpExecArray> {
    return eventually(`the broker to log ${what}`, () => Promise.resolve(pattern.exec(readFileSync(brokerLog).subarray(mark).toString("utf8")) ?? undefined), 10_000);
  }

  /** The ERROR frames the node has logged sending since `mark`. */
  function errorFramesLoggedSince(mark: number): { message: string; detail: string }[] {
    const text = readFileSync(brokerLog).subarray(mark).toString("utf8");
    return Array.from(text.matchAll(/STOMP error frame sent:\n.*Message: (.*)\n.*Detail: "(.*)"\n/g), ([, message = "", detail = ""]) => ({ message, detail }));
  }

  /**
   * The broker ended the session for `refusal`. Web-STOMP 3.10 logs the
   * ERROR frame it sends, then closes the socket with a bare "STOMP died"
   * before the frame goes out (rabbitmq-server#6737): on the wire every
   * refusal looks alike, so the reason is read from the node's log.
   */
  async function expectSessionEnded(reaction: Reaction, mark: number, refusal: Refusal): Promise<string> {
    expect(reaction).toEqual({ kind: "closed", closed: { code: 1000, reason: "STOMP died" } });
    const { message, detail } = refusal;
    const matches = (logged: { message: string; detail: string }): boolean =>
      logged.message === message && (typeof detail === "string" ? logged.detail === detail : detail.test(logged.detail));
    // An earlier session's ERROR may be logged late, after the mark: the one wanted is among those logged since.
    await eventually(`the broker to log an ERROR ${message}, ${String(detail)}`, () => {
      const logged = errorFramesLoggedSince(mark);
      if (logged.some(matches)) return Promise.resolve(true);
      throw new Error(`ERROR frames logged since: ${JSON.stringify(logged)}`);
    }, 10_000);
    return `${describeReaction(reaction)}; logged ERROR ${message}`;
  }

  /** The real SQLite store, except that poisoned orders make it throw. */
  function failingStore(): OrderStore {
    return withPlaceOrderFault(openSqliteStore({ path: databasePath, initialStock: 10_000_000 }), (orderId) => {
      placeAttempts.set(orderId, (placeAttempts.get(orderId) ?? 0) + 1);
      if (poisoned.has(orderId)) throw new Error("the disk is on fire");
    });
  }

  async function start(): Promise<void> {
    const config = testConsumerConfig(node.amqpUrl, databasePath);
    consumer = await startConsumer(config, { store: failingStore() });
    await consumer.ready;
  }

  let turn = 0;
  /** The consumer is up, and an honest order from the next country in turn is confirmed. */
  async function honestOrderGoesThrough(): Promise<string> {
    expect(consumer.health().healthy).toBe(true);
    const country = COUNTRIES[turn++ % COUNTRIES.length] ?? "fr";
    const site = honestSites[country];
    const order = newPurchase(country);
    const answer = await site.buy(order);
    expect(answer).toMatchObject({ orderId: order.orderId, status: "confirmed" });
    honestOrders.push({ site, order });
    return `${country} confirmed`;
  }

  async function record(row: Omit<Row, "honest">): Promise<void> {
    rows.push({ ...row, honest: await honestOrderGoesThrough() });
  }

  /** Opens a raw STOMP session logged in as a site. */
  async function loggedIn(country: Country): Promise<RawStomp> {
    const { login, passcode } = siteCredentials(country);
    const { client, reaction } = await RawStomp.connect(node.webStompUrl, { host: VHOST, login, passcode });
    teardown.add(() => {
      client.close();
      return undefined;
    });
    expect(reaction).toMatchObject({ kind: "frame", frame: { command: "CONNECTED" } });
    return client;
  }

  /** A site sends one frame asking for a RECEIPT; the broker must close the connection without taking it, for `refusal`. Gives the outcome for the report. */
  async function closedOn(country: Country, frame: { command: string; headers: Record<string, string>; body?: string }, refusal: Refusal): Promise<string> {
    const client = await loggedIn(country);
    const mark = logMark();
    client.send(frame.command, { ...frame.headers, receipt: "r-1" }, frame.body);
    const reaction = await client.reaction();

    return expectSessionEnded(reaction, mark, refusal);
  }

  /** A site sends one frame; the broker must close the connection without taking it, for `refusal`, and honest orders go on. */
  async function brokerCloses(attack: string, country: Country, frame: { command: string; headers: Record<string, string>; body?: string }, refusal: Refusal): Promise<void> {
    const outcome = await closedOn(country, frame, refusal);
    await record({ attack, as: `STOMP ${siteLogin(country)}`, refusedBy: "broker", outcome });
  }

  /** An AMQP attempt as site-fr the broker must refuse. */
  async function amqpRefused(attack: string, outcome: AttemptOutcome): Promise<void> {
    expect(outcome).toMatchObject({ allowed: false, refusal: "403 (ACCESS-REFUSED)" });
    await record({ attack, as: `AMQP ${siteLogin("fr")}`, refusedBy: "broker", outcome: outcome.allowed ? "allowed" : outcome.refusal });
  }

  /**
   * The attacker site sends a purchase the consumer must answer with a
   * rejection and dead-letter, selling nothing; the answer carries the
   * quantity when the body was a well-formed purchase, else null.
   */
  async function consumerRejects(attack: string, body: string, headers: Record<string, string>, reason: string, quantity: number | null = null): Promise<void> {
    const deadBefore = await admin.deadLettered();
    const correlationId = headers["correlation-id"] ?? "";

    await attacker.send(body, headers);
    const answer: Confirmation = await attacker.confirmation(correlationId);

    expect(answer).toMatchObject({ status: "rejected", reason, quantity });
    expect(await admin.deadLetteredReaches(deadBefore + 1)).toBe(deadBefore + 1);
    await record({ attack, as: `STOMP ${siteLogin("fr")}`, refusedBy: "consumer", outcome: `rejected ${reason}, dead-lettered` });
  }

  /** The attacker site sends a purchase nobody can be answered for: dead-lettered, unanswered, nothing sold. */
  async function consumerDrops(attack: string, order: Purchase, headers: Record<string, string>): Promise<void> {
    const deadBefore = await admin.deadLettered();
    const soldBefore = consumer.health().sold.fr;

    await attacker.send(JSON.stringify(order), headers);

    await admin.deadLetteredReaches(deadBefore + 1);
    // An answer sent anyway would go where reply-to points, not to the attacker's temp queue: into a
    // purchases queue, where the consumer would dead-letter it too. An honest order in every country
    // queues behind anything that landed there, so once they are confirmed the count is final.
    const honest = COUNTRIES.map((country) => newPurchase(country));
    const answers = await Promise.all(honest.map((purchase) => honestSites[purchase.country].buy(purchase)));
    expect(answers.map((answer) => answer.status)).toEqual(honest.map(() => "confirmed"));
    for (const purchase of honest) honestOrders.push({ site: honestSites[purchase.country], order: purchase });
    const honestFr = honest.find((purchase) => purchase.country === "fr")?.quantity ?? 0;

    expect(await admin.deadLettered()).toBe(deadBefore + 1);
    expect(attacker.answers(order.orderId)).toEqual([]);
    expect(consumer.health().sold.fr).toBe(soldBefore + honestFr);
    await record({ attack, as: `STOMP ${siteLogin("fr")}`, refusedBy: "consumer", outcome: "not sold, not answered, dead-lettered" });
  }

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    const logs = /"([^"]+)"/.exec(await node.ctl("eval", "rabbit:log_locations()."));
    if (logs?.[1] === undefined) throw new Error("the node names no log file");
    brokerLog = logs[1];
    databasePath = temporaryDatabase(teardown, "consumer-hostile-");
    await start();
    teardown.add(() => consumer.stop());
    honestSites = await connectSites(teardown, node, COUNTRIES);
    attacker = await SiteClient.connect(node.webStompUrl, "fr");
    teardown.add(() => attacker.close());
    amqp = await AmqpAttacker.connect(node.amqpUrlFor(siteCredentials("fr")));
    teardown.add(() => amqp.close());
  });

  afterAll(async () => {
    try {
      if (rows.length > 0) report(rows);
    } finally {
      await teardown.run();
    }
  });

  describe("the broker refuses", () => {
    it("a STOMP CONNECT without login, rather than logging it in as guest", async () => {
      const { client, reaction } = await RawStomp.connect(node.webStompUrl, { host: VHOST });
      client.close();

      expect(reaction).toMatchObject({ kind: "frame", frame: { command: "ERROR", body: expect.stringContaining("Missing login") as unknown } });
      await record({ attack: "CONNECT without login", as: "STOMP anonymous", refusedBy: "broker", outcome: describeReaction(reaction) });
    });

    it("guest, which does not exist", async () => {
      const { client, reaction } = await RawStomp.connect(node.webStompUrl, { host: VHOST, login: "guest", passcode: "guest" });
      client.close();

      expect(reaction).toMatchObject({ kind: "frame", frame: { command: "ERROR", headers: { message: "Bad CONNECT" }, body: expect.stringContaining("Access refused for user 'guest'") as unknown } });
      await record({ attack: "CONNECT as guest/guest", as: "STOMP guest", refusedBy: "broker", outcome: describeReaction(reaction) });
    });

    it("a purchase to another country's exchange", async () => {
      const order = newPurchase("de");
      await brokerCloses("SEND to tickets.purchases.de", "fr", {
        command: "SEND",
        headers: { destination: purchaseDestination("de"), ...purchaseSendHeaders(order), "user-id": siteLogin("fr") },
        body: JSON.stringify(order),
      }, accessRefused(`exchange '${purchasesExchange("de")}'`));
    });

    it("a purchase for another country's routing key on its own exchange", async () => {
      const order = newPurchase("de");
      await brokerCloses("SEND purchase.de to tickets.purchases.fr", "fr", {
        command: "SEND",
        headers: { destination: `/exchange/${purchasesExchange("fr")}/${purchaseRoutingKey("de")}`, ...purchaseSendHeaders(order), "user-id": siteLogin("fr") },
        body: JSON.stringify(order),
      }, accessRefused(`topic '${purchaseRoutingKey("de")}' in exchange '${purchasesExchange("fr")}'`));
    });

    it("a stock level sent to the stock exchange, which no site's stock meter ever shows", async () => {
      const watcher = await StockWatcher.connect(node.webStompUrl, "de");
      teardown.add(() => watcher.close());
      // Every site's meter at sold out, and its Buy buttons disabled: the forgery worth making.
      const forged: StockLevel = { total: 0, remaining: 0, sold: { fr: 0, de: 0, gb: 0, es: 0 }, at: "2000-01-01T00:00:00.000Z" };
      expect(parseStockLevel(JSON.stringify(forged))).toEqual(forged);

      const refused = await closedOn("fr", {
        command: "SEND",
        headers: { destination: STOCK_MESSAGE_DESTINATION, "content-type": "application/json" },
        body: JSON.stringify(forged),
      }, accessRefused(`exchange '${INVENTORY_EXCHANGE}'`));
      const refusedAt = Date.now();
      // A broadcast the consumer read after the refusal lands in the stream behind anything the SEND could have put
      // there, so once it has come, the forgery would have come too.
      await watcher.until((level) => Date.parse(level.at) > refusedAt);

      expect(watcher.levels.filter((level) => level.total === forged.total || level.at === forged.at)).toEqual([]);
      await record({
        attack: `SEND a sold-out stock level to ${STOCK_MESSAGE_DESTINATION}`,
        as: `STOMP ${siteLogin("fr")}`,
        refusedBy: "broker",
        outcome: `${refused}; a site's meter saw only the consumer's levels`,
      });
    });

    it("a stock subscription of its own that dead-letters every broadcast into its own country's exchange", async () => {
      // On an exchange with a queue per subscription, every broadcast would expire at once and land in purchases.fr,
      // once per such queue: the stock is a stream a site only reads, and no site may read the exchange behind it.
      await brokerCloses("SUBSCRIBE tickets.inventory, x-dead-letter-exchange tickets.purchases.fr, TTL 0", "fr", {
        command: "SUBSCRIBE",
        headers: {
          destination: `/exchange/${INVENTORY_EXCHANGE}/${INVENTORY_ROUTING_KEY}`,
          id: "s-1",
          "x-queue-name": "stomp-subscription-dead-letters",
          durable: "true",
          "auto-delete": "false",
          "x-message-ttl": "0",
          "x-dead-letter-exchange": purchasesExchange("fr"),
          "x-dead-letter-routing-key": purchaseRoutingKey("fr"),
        },
      }, accessRefused("queue 'stomp-subscription-dead-letters'"));
    });

    it("a queue of its own under the reply names that dead-letters into another country's exchange", async () => {
      // The login may declare stomp.gen-* queues with any arguments; a dead-letter exchange needs write on it.
      await brokerCloses("SUBSCRIBE /queue/stomp.gen-dl, x-dead-letter-exchange tickets.purchases.de", "fr", {
        command: "SUBSCRIBE",
        headers: {
          destination: "/queue/stomp.gen-dl",
          id: "s-1",
          "x-message-ttl": "0",
          "x-dead-letter-exchange": purchasesExchange("de"),
          "x-dead-letter-routing-key": purchaseRoutingKey("de"),
        },
      }, accessRefused(`exchange '${purchasesExchange("de")}'`));
    });

    it("a user-id that is not the login", async () => {
      const order = newPurchase("fr");
      await brokerCloses("SEND with user-id site-de", "fr", {
        command: "SEND",
        headers: { destination: purchaseDestination("fr"), ...purchaseSendHeaders(order), "user-id": siteLogin("de") },
        body: JSON.stringify(order),
      }, {
        message: "precondition_failed",
        detail: `PRECONDITION_FAILED - user_id property set to '${siteLogin("de")}' but authenticated user was '${siteLogin("fr")}'`,
      });
    });

    it("a purchase sent straight to a country queue through the default exchange", async () => {
      const order = newPurchase("fr");
      await brokerCloses("SEND /amq/queue/purchases.fr", "fr", {
        command: "SEND",
        headers: { destination: `/amq/queue/${purchaseQueue("fr")}`, ...purchaseSendHeaders(order) },
        body: JSON.stringify(order),
      }, accessRefused("exchange 'amq.default'"));
    });

    it("reading another country's queue", async () => {
      await brokerCloses("SUBSCRIBE /amq/queue/purchases.de", "fr", {
        command: "SUBSCRIBE",
        headers: { destination: `/amq/queue/${purchaseQueue("de")}`, id: "s-1" },
      }, accessRefused(`queue '${purchaseQueue("de")}'`));
    });

    it("declaring a queue", async () => {
      await brokerCloses("SUBSCRIBE /queue/mine (declares it)", "fr", {
        command: "SUBSCRIBE",
        headers: { destination: "/queue/mine", id: "s-1", durable: "true", "auto-delete": "false" },
      }, accessRefused("queue 'mine'"));
    });

    it("declaring durable queues and streams under the reply queue names the login may create", async () => {
      // The permission to create reply queues cannot say which kind: policies bound whatever is made.
      const client = await loggedIn("fr");
      const made = { "stomp.gen-kept": "classic", "stomp.gen-stream": "stream" };
      for (const [name, type] of Object.entries(made)) {
        client.send("SUBSCRIBE", { destination: `/queue/${name}`, id: name, durable: "true", "auto-delete": "false", "x-queue-type": type, ack: "client", prefetch: "1" });
      }

      const policies = await eventually("both queues declared", async () => {
        const listed = await node.ctl("list_queues", "-p", VHOST, "name", "policy", "--no-table-headers", "--quiet");
        const policyOf = new Map(listed.split("\n").map((line) => line.split("\t") as [string, string | undefined]));
        return Object.keys(made).every((name) => policyOf.has(name)) ? Object.keys(made).map((name) => policyOf.get(name)) : undefined;
      });

      expect(policies).toEqual(["session-queues", "session-streams"]);
      await record({
        attack: "durable classic queue and stream as stomp.gen-*",
        as: `STOMP ${siteLogin("fr")}`,
        refusedBy: "broker",
        outcome: "declared, but bounded: session-queues (60 s unused, 1,000 messages, 256 KiB), session-streams (256 KiB, 60 s)",
      });
    });

    it("listening to every purchase on the purchases exchange", async () => {
      // Refused at the first step: the queue Web-STOMP declares for the subscription, under a name of its own making.
      await brokerCloses("SUBSCRIBE /exchange/tickets.purchases.fr/#", "fr", {
        command: "SUBSCRIBE",
        headers: { destination: `/exchange/${purchasesExchange("fr")}/#`, id: "s-1" },
      }, {
        message: "access_refused",
        detail: new RegExp(`^ACCESS_REFUSED - access to queue 'stomp-subscription-[^']+' in vhost '${VHOST}' refused for user '${siteLogin("fr")}'$`),
      });
    });

    it("a WebSocket frame over the size limit", async () => {
      const client = await loggedIn("fr");
      const order = newPurchase("fr");
      client.send("SEND", { destination: purchaseDestination("fr"), ...purchaseSendHeaders(order) }, " ".repeat(20_000));
      const reaction = await client.reaction();

      expect(reaction).toMatchObject({ kind: "closed", closed: { code: 1009 } });
      await record({ attack: "one 20 KB WebSocket frame", as: "STOMP site-fr", refusedBy: "broker", outcome: describeReaction(reaction) });
    });

    it("a message over the size limit, split into frames under it", async () => {
      const client = await loggedIn("fr");
      const order = newPurchase("fr");
      const bodyBytes = 100_000;
      const frame = stompFrame("SEND", { destination: purchaseDestination("fr"), ...purchaseSendHeaders(order), receipt: "r-1" }, " ".repeat(bodyBytes));
      const mark = logMark();
      for (let at = 0; at < frame.length; at += 10_000) client.sendText(frame.slice(at, at + 10_000));
      const reaction = await client.reaction();

      const outcome = await expectSessionEnded(reaction, mark, {
        message: "precondition_failed",
        detail: `PRECONDITION_FAILED - message size ${bodyBytes} is larger than configured max size ${MAX_MESSAGE_BYTES}`,
      });
      await record({ attack: "100 KB SEND in 10 KB frames", as: "STOMP site-fr", refusedBy: "broker", outcome });
    });

    it("a connection beyond the site login's limit", async () => {
      const user = siteLogin("gb");
      const limit = 2;
      const limits = (await node.ctl("list_user_limits", "--user", user, "--quiet")).trim();
      // Lowered on this node only: the honest gb site holds one connection, the attacker may add one.
      await node.ctl("set_user_limits", user, JSON.stringify({ ...(JSON.parse(limits) as object), "max-connections": limit }));
      try {
        await loggedIn("gb");
        const mark = logMark();
        // The broker counts connections asynchronously: try until it has counted the second one.
        const reaction = await eventually("a refused third connection", async () => {
          const { client, reaction: answer } = await RawStomp.connect(node.webStompUrl, { host: VHOST, ...siteCredentials("gb") });
          client.close();
          return answer.kind === "frame" && answer.frame.command === "ERROR" ? answer : undefined;
        });

        expect(reaction).toMatchObject({ kind: "frame", frame: { command: "ERROR", headers: { message: "Bad CONNECT" } } });
        expect(reaction.frame.body.trim()).toBe(`Virtual host '${VHOST}' access denied`);
        // On the wire the limit reads as any vhost refusal; the node's log says it was the limit.
        const [, limited] = await loggedSince(mark, "the connection limit", new RegExp(`access refused for user '${user}': (user connection limit \\(${limit}\\) is reached)`));
        await record({ attack: `3rd connection, limit ${limit} (test override)`, as: `STOMP ${user}`, refusedBy: "broker", outcome: `${describeReaction(reaction)}; logged: ${limited ?? ""}` });
      } finally {
        await node.ctl("set_user_limits", user, limits);
      }
    });

    it("the site login over AMQP: publishing to a country queue through the default exchange", async () => {
      const outcome = await amqp.attempt((channel) => {
        channel.publish("", purchaseQueue("fr"), Buffer.from(JSON.stringify(newPurchase("fr"))));
        return Promise.resolve();
      });
      await amqpRefused("publish to amq.default → purchases.fr", outcome);
    });

    it("the site login over AMQP: another country's routing key", async () => {
      const outcome = await amqp.attempt((channel) => {
        channel.publish(purchasesExchange("fr"), purchaseRoutingKey("de"), Buffer.from(JSON.stringify(newPurchase("de"))), { userId: siteLogin("fr") });
        return Promise.resolve();
      });
      await amqpRefused("publish purchase.de", outcome);
    });

    it("the site login over AMQP: an exchange of its own whose alternate exchange is another country's", async () => {
      const outcome = await amqp.attempt((channel) =>
        channel.assertExchange("stomp.gen-detour", "fanout", { durable: false, autoDelete: true, alternateExchange: purchasesExchange("de") }),
      );
      await amqpRefused("declare exchange, alternate-exchange tickets.purchases.de", outcome);
    });

    it("the site login over AMQP: an exchange of its own bound into another country's exchange", async () => {
      const outcome = await amqp.attempt(async (channel) => {
        await channel.assertExchange("stomp.gen-detour", "fanout", { durable: false, autoDelete: true });
        await channel.bindExchange(purchasesExchange("de"), "stomp.gen-detour", "");
      });
      await amqpRefused("bind own exchange → tickets.purchases.de", outcome);
    });

    it("the site login over AMQP: the stock exchange bound into its own country's purchases exchange", async () => {
      // exchange.bind asks for write on the destination (the login's own purchases exchange, which SEND needs)
      // and read on the source: no site may read the stock exchange, only the stream behind it.
      const outcome = await amqp.attempt((channel) => channel.bindExchange(purchasesExchange("fr"), INVENTORY_EXCHANGE, INVENTORY_ROUTING_KEY));
      await amqpRefused("bind tickets.inventory → own tickets.purchases.fr", outcome);
    });

    it("the site login over AMQP: a queue of its own bound to the stock", async () => {
      const outcome = await amqp.attempt(async (channel) => {
        const { queue } = await channel.assertQueue("", { exclusive: true });
        await channel.bindQueue(queue, INVENTORY_EXCHANGE, INVENTORY_ROUTING_KEY);
      });
      await amqpRefused("bind own amq.gen- queue to tickets.inventory", outcome);
    });

    it("the site login over AMQP: an exchange of its own bound into its own purchases exchange, which nobody may publish to", async () => {
      // Declaring and binding it is allowed (configure and read on reply names, write on its own purchases
      // exchange), but no site may write to a name of its own, so nothing ever goes through.
      const bound = await amqp.attempt(async (channel) => {
        await channel.assertExchange("stomp.gen-relay", "fanout", { durable: false, autoDelete: true });
        await channel.bindExchange(purchasesExchange("fr"), "stomp.gen-relay", "");
      });
      expect(bound).toEqual({ allowed: true });
      const published = await amqp.attempt((channel) => {
        channel.publish("stomp.gen-relay", "", Buffer.from(JSON.stringify(newPurchase("fr"))));
        return Promise.resolve();
      });
      expect(published).toMatchObject({ allowed: false, refusal: "403 (ACCESS-REFUSED)" });
      await record({
        attack: "own stomp.gen- exchange bound → own tickets.purchases.fr, then published to",
        as: `AMQP ${siteLogin("fr")}`,
        refusedBy: "broker",
        outcome: "bound, but the publish: 403 (ACCESS-REFUSED)",
      });
    });

    it("the site login over AMQP: an exchange of its own bound into the stock stream, to append stock levels", async () => {
      const outcome = await amqp.attempt(async (channel) => {
        await channel.assertExchange("stomp.gen-forger", "fanout", { durable: false, autoDelete: true });
        await channel.bindQueue(STOCK_STREAM, "stomp.gen-forger", "");
      });
      await amqpRefused("bind own stomp.gen- exchange → tickets.stock", outcome);
    });

    it("the site login over AMQP: declaring a queue", async () => {
      await amqpRefused("declare queue mine", await amqp.attempt((channel) => channel.assertQueue("mine")));
    });

    it("the site login over AMQP: consuming another country's queue", async () => {
      await amqpRefused("consume purchases.de", await amqp.attempt((channel) => channel.consume(purchaseQueue("de"), () => undefined)));
    });

    it("the site login over AMQP: binding a private queue to the purchases exchange to read every order", async () => {
      const outcome = await amqp.attempt(async (channel) => {
        const { queue } = await channel.assertQueue("", { exclusive: true });
        await channel.bindQueue(queue, purchasesExchange("fr"), "#");
      });
      await amqpRefused("bind own amq.gen- queue to tickets.purchases.fr #", outcome);
    });

    it("the site login on the management HTTP API", async () => {
      const { login, passcode } = siteCredentials("fr");
      const response = await fetch(new URL("api/queues", node.managementUrl), {
        headers: { authorization: `Basic ${Buffer.from(`${login}:${passcode}`).toString("base64")}` },
      });

      expect(response.status).toBe(401);
      await record({ attack: "GET /api/queues", as: `HTTP ${login}`, refusedBy: "broker", outcome: `${response.status} ${response.statusText}` });
    });
  });

  describe("the consumer rejects, answers and dead-letters", () => {
    const send = (order: Purchase): Record<string, string> => purchaseSendHeaders(order);

    it("a body that is not JSON", async () => {
      const order = newPurchase("fr");
      await consumerRejects("body {not json", "{not json", send(order), "invalid_json");
    });

    it("fields of the wrong type", async () => {
      const order = newPurchase("fr");
      await consumerRejects("orderId 42, placedAt true", JSON.stringify({ ...order, orderId: 42, placedAt: true }), send(order), "invalid_fields");
    });

    it("unknown fields, including a prototype pollution attempt", async () => {
      const order = newPurchase("fr");
      const body = `${JSON.stringify({ ...order, price: 0 }).slice(0, -1)},"__proto__":{"admin":true}}`;
      await consumerRejects('extra "price" and "__proto__"', body, send(order), "invalid_fields");
    });

    it.each([
      ["negative", -10],
      ["zero", 0],
      ["fractional", 10.5],
      ["huge", 1e12],
      ["string", "10"],
    ])("a %s quantity", async (_kind, quantity) => {
      const order = newPurchase("fr");
      await consumerRejects(`quantity ${JSON.stringify(quantity)}`, JSON.stringify({ ...order, quantity }), send(order), "invalid_quantity");
    });

    it("a country in the body that is not the routing key's", async () => {
      const order = newPurchase("fr");
      await consumerRejects('country "de" on purchase.fr', JSON.stringify({ ...order, country: "de" }), send(order), "country_mismatch", order.quantity);
    });

    it("markup in strings", async () => {
      const markup = '<img src=x onerror="alert(1)">';
      const order = newPurchase("fr");
      const headers = { ...send(order), "correlation-id": markup };
      await consumerRejects("orderId and placedAt of HTML", JSON.stringify({ ...order, orderId: markup, placedAt: "<script>" }), headers, "invalid_fields");
    });

    it("a body over the purchase size limit, under the frame limit", async () => {
      const order = newPurchase("fr");
      const body = JSON.stringify({ ...order, padding: "x".repeat(MAX_PURCHASE_BYTES) });
      await consumerRejects(`${body.length} B body`, body, send(order), "too_large");
    });

    it("a purchase without the user-id the broker checks", async () => {
      const order = newPurchase("fr");
      const headers = Object.fromEntries(Object.entries(send(order)).filter(([name]) => name !== "user-id"));
      await consumerRejects("SEND without user-id", JSON.stringify(order), headers, "wrong_site", order.quantity);
    });

    it("a purchase without reply-to, which no one could be told about", async () => {
      const order = newPurchase("fr");
      const headers = Object.fromEntries(Object.entries(send(order)).filter(([name]) => name !== "reply-to"));
      await consumerDrops("SEND without reply-to", order, headers);
    });

    it("a reply-to naming a queue that is not the sender's", async () => {
      const order = newPurchase("fr");
      await consumerDrops("reply-to purchases.de", order, { ...send(order), "reply-to": purchaseQueue("de") });
    });
  });

  describe("limits and failures", () => {
    it("a purchase that makes the handler throw is retried a bounded number of times, then refused processing_failed and dead-lettered, while the other queues are served", async () => {
      const poison = newPurchase("fr");
      poisoned.add(poison.orderId);
      const deadBefore = await admin.deadLettered();
      const poisonSite = honestSites.fr;

      await poisonSite.send(JSON.stringify(poison), purchaseSendHeaders(poison));
      // Sent right behind the poison: the other countries, and fr waiting its turn in the same queue.
      const others = COUNTRIES.map((country) => newPurchase(country));
      const answers = await Promise.all(others.map((order) => honestSites[order.country].buy(order)));
      await admin.deadLetteredReaches(deadBefore + 1);

      expect(answers.map((answer) => answer.status)).toEqual(["confirmed", "confirmed", "confirmed", "confirmed"]);
      // The first delivery, then one redelivery per count the quorum queue allows.
      expect(placeAttempts.get(poison.orderId)).toBe(PURCHASE_DELIVERY_LIMIT + 1);
      // The last delivery the queue allows is answered, so the buyer is not left waiting and the site stops resending it.
      await eventually("the poisoned order's answer", () => Promise.resolve(poisonSite.answers(poison.orderId).length > 0 ? true : undefined));
      expect(poisonSite.answers(poison.orderId)).toEqual([expect.objectContaining({ status: "rejected", reason: "processing_failed" })]);
      for (const order of others) honestOrders.push({ site: honestSites[order.country], order });
      await record({
        attack: "purchase whose handling throws",
        as: "STOMP site-fr",
        refusedBy: "consumer",
        outcome: `handled ${placeAttempts.get(poison.orderId) ?? 0} times, then rejected processing_failed, dead-lettered; de, gb, es, fr served`,
      });
    });

    it("a reply-to queue of its own that refuses every answer: the purchase is sold and settled once, not retried into the dead letters", async () => {
      // Over AMQP the site login may declare queues under the temp-queue names the consumer answers, with any overflow.
      const trap = `stomp.gen-refuses-${crypto.randomUUID()}`;
      const order = newPurchase("fr");
      const deadBefore = await admin.deadLettered();
      const soldBefore = consumer.health().sold.fr;
      const outcome = await amqp.attempt(async (channel) => {
        await channel.assertQueue(trap, { autoDelete: true, arguments: { "x-max-length": 0, "x-overflow": "reject-publish" } });
        channel.publish(purchasesExchange("fr"), purchaseRoutingKey("fr"), Buffer.from(JSON.stringify(order)), {
          userId: siteLogin("fr"),
          correlationId: order.orderId,
          replyTo: trap,
        });
      });
      expect(outcome).toEqual({ allowed: true });

      // Queued behind the trap's purchase, and behind any redelivery of it, which a quorum queue serves first.
      const behind = newPurchase("fr");
      expect(await honestSites.fr.buy(behind)).toMatchObject({ status: "confirmed" });
      honestOrders.push({ site: honestSites.fr, order: behind });

      expect(placeAttempts.get(order.orderId)).toBe(1);
      expect(consumer.health().sold.fr).toBe(soldBefore + order.quantity + behind.quantity);
      expect(await admin.deadLettered()).toBe(deadBefore);
      soldUnanswered.push(order);
      await record({ attack: "reply-to stomp.gen- queue that rejects publishes", as: `AMQP ${siteLogin("fr")}`, refusedBy: "consumer", outcome: "sold once, reply refused, acked: not retried" });
    });

    it("a burst beyond the country queue's length limit: the broker takes the first, refuses the rest without a receipt", { timeout: 120_000 }, async () => {
      const queue = purchaseQueue(BURST_COUNTRY);
      // rabbitmqctl gives each definition as a JSON string.
      const policies = JSON.parse(await node.ctl("list_policies", "-p", VHOST, "--formatter", "json", "--quiet")) as { pattern: string; definition: string }[];
      const policy = policies.find((candidate) => new RegExp(candidate.pattern).test(queue));
      const definition = JSON.parse(policy?.definition ?? "{}") as Record<string, unknown>;
      expect(definition.overflow).toBe("reject-publish");
      const site = await SiteClient.connect(node.webStompUrl, BURST_COUNTRY);
      teardown.add(() => site.close());
      const soldBefore = consumer.health().sold[BURST_COUNTRY];
      /** Every SEND of the burst, and whether its RECEIPT has come so far. */
      const sent: { order: Purchase; received: boolean }[] = [];
      const send = (order: Purchase): Promise<void> => {
        const tracked = { order, received: false };
        sent.push(tracked);
        return site.send(JSON.stringify(order), purchaseSendHeaders(order)).then(() => {
          tracked.received = true;
        });
      };
      let limited = false;
      try {
        // Nobody drains the queue during the burst; the limit is lowered on this node only.
        await consumer.stop();
        await node.ctl(
          "set_policy", "-p", VHOST, "--priority", "100", "--apply-to", "queues", "hostile-burst", `^${queue.replace(".", "\\.")}$`,
          JSON.stringify({ ...definition, "max-length": BURST_LIMIT }),
        );
        limited = true;
        // A quorum queue takes a purchase while it holds no more than its limit, and learns from the one that takes it
        // over that it is full (soft by one): one at a time, each RECEIPT awaited however long it takes, up to there.
        for (let taken = 0; taken <= BURST_LIMIT; taken++) await send(newPurchase(BURST_COUNTRY));
        // Over its limit, it refuses the rest, however fast they come; their RECEIPTs never come, so none is awaited.
        for (let i = 0; i < BURST_OVER_LIMIT; i++) void send(newPurchase(BURST_COUNTRY)).catch(() => undefined);
        // Every SEND dealt with before the limit goes: none still in flight can slip in once it is lifted.
        await site.settled();
      } finally {
        try {
          if (limited) await node.ctl("clear_policy", "-p", VHOST, "hostile-burst");
        } finally {
          await start();
        }
      }
      // Queued behind the burst on the same connection, and answered in queue order on the same reply queue: once it is
      // confirmed, every purchase of the burst the queue took has been sold and answered, and any second answer has come.
      const behind = newPurchase(BURST_COUNTRY);
      expect(await site.buy(behind)).toMatchObject({ status: "confirmed" });
      const accepted = sent.filter(({ received }) => received).map(({ order }) => order);
      const refused = sent.filter(({ received }) => !received).map(({ order }) => order);

      expect(accepted).toHaveLength(BURST_LIMIT + 1);
      expect(refused).toHaveLength(BURST_OVER_LIMIT);
      // One answer each, a confirmation.
      expect(accepted.map((order) => site.answers(order.orderId).map(({ status }) => status))).toEqual(accepted.map(() => ["confirmed"]));
      expect(refused.filter((order) => site.answers(order.orderId).length > 0)).toEqual([]);
      expect(consumer.health().sold[BURST_COUNTRY]).toBe(soldBefore + 10 * (accepted.length + 1));
      acceptedBurst.push(...accepted);
      honestOrders.push({ site, order: behind });
      await record({
        attack: `burst of ${sent.length}, queue limit ${BURST_LIMIT} (test override)`,
        as: `STOMP ${siteLogin(BURST_COUNTRY)}`,
        refusedBy: "broker",
        outcome: `${accepted.length} receipts, then ${refused.length} SENDs with none ("busy"); accepted ones confirmed once`,
      });
    });
  });

  it("confirmed every honest order exactly once, and sold nothing else", () => {
    // Every attack in the table placed an honest order after it; with none, the checks below would prove nothing.
    expect(honestOrders.length).toBeGreaterThan(0);
    expect(honestOrders.length).toBeGreaterThanOrEqual(rows.length);
    for (const { site, order } of honestOrders) expect(site.answers(order.orderId), order.orderId).toHaveLength(1);
    const expected = perCountry(() => 0);
    for (const { order } of [...honestOrders, ...[...acceptedBurst, ...soldUnanswered].map((order) => ({ order }))]) expected[order.country] += order.quantity;

    expect(consumer.health().sold).toEqual(expected);
  });
});
