import { ReconnectionTimeMode, TickerStrategy } from "@stomp/stompjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { attempt, FakeStompClient, frame } from "./fake-stomp-client.test-support.js";
import { RECONNECT } from "./reconnect.js";
import type { StompConnectionOptions } from "./stomp-connection.js";
import { StompConnection } from "./stomp-connection.js";

interface Fixture {
  connection: StompConnection;
  client: FakeStompClient;
  /** How often the connection said that something the page shows changed (`onChange`). */
  changes: () => number;
  /** What the connection told its owner, in order. */
  told: string[];
}

/** The French site's connection, on a page loaded now; its owner knows the subscriptions `stock-…` as its own. */
function setup(options: Partial<StompConnectionOptions> = {}): Fixture {
  const loadedAt = Date.now();
  let client: FakeStompClient | undefined;
  let changes = 0;
  const told: string[] = [];
  const connection: StompConnection = new StompConnection({
    broker: { url: "ws://127.0.0.1:15674/ws", login: "site-fr", passcode: "site-fr", vhost: "tickets" },
    createClient: (config) => (client = new FakeStompClient(config)),
    now: () => Date.now() - loadedAt,
    wallClock: () => Date.now(),
    onChange: () => {
      changes++;
    },
    onOnline: () => told.push(`online while ${connection.state}`),
    onClosed: () => told.push(`closed while ${connection.state}`),
    onAnswer: (message) => told.push(`answer ${message.body}`),
    onHeard: () => told.push("heard"),
    onSubscriptionCancelled: (id) => {
      told.push(`cancelled ${id}`);
      return id.startsWith("stock-");
    },
    ...options,
  });
  if (!client) throw new Error("the connection did not create its client");
  return { connection, client, changes: () => changes, told };
}

/** A browser's network that the test takes down and brings back, firing the events a window fires. */
class FakeNetwork {
  readonly events = new EventTarget();
  private up: boolean;

  constructor(up = true) {
    this.up = up;
  }

  readonly isOnline = (): boolean => this.up;

  goOffline(): void {
    this.up = false;
    this.events.dispatchEvent(new Event("offline"));
  }

  comeBack(): void {
    this.up = true;
    this.events.dispatchEvent(new Event("online"));
  }
}

function online(fixture: Fixture): Fixture {
  fixture.connection.activate();
  fixture.client.connect();
  return fixture;
}

describe("stomp connection", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-07-20T12:00:00.000Z"));
  });

  afterEach(() => {
    vi.useRealTimers();
    // A test that pins Math.random must not pin it for the tests after it.
    vi.restoreAllMocks();
  });

  it("connects to the vhost as the site's user, with worker heartbeats; stompjs reconnects, after the connection's own backoff", () => {
    const { client } = setup();

    expect(client.config).toMatchObject({
      brokerURL: "ws://127.0.0.1:15674/ws",
      connectHeaders: { login: "site-fr", passcode: "site-fr", host: "tickets" },
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
      heartbeatStrategy: TickerStrategy.Worker,
      discardWebsocketOnCommFailure: true,
      // Constant and short: the backoff is the connection's, in beforeConnect, which stompjs awaits.
      reconnectTimeMode: ReconnectionTimeMode.LINEAR,
      reconnectDelay: RECONNECT.handoffMs,
    });
    expect(client.config.reconnectDelay).toBeGreaterThan(0);
  });

  it("the first connection does not wait; a reconnection waits the backoff and a random part of it, and says until when", async () => {
    const { connection, client } = setup();
    connection.activate();

    expect(client.config.beforeConnect?.({} as never)).toBeUndefined();
    expect(connection.nextAttemptAt).toBeUndefined();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    client.close();
    const first = attempt(client);
    await vi.advanceTimersByTimeAsync(1_250);
    expect(first.done()).toBe(true);
    client.close();
    // The second attempt failed: 2 s of backoff, and a quarter of it in jitter.
    expect(connection.nextAttemptAt).toBe(Date.now() + 2_500);
    const waited = attempt(client);
    await vi.advanceTimersByTimeAsync(2_499);
    expect(waited.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(waited.done()).toBe(true);
    // The attempt is under way: nothing to count down to.
    expect(connection.nextAttemptAt).toBeUndefined();
    expect(connection.state).toBe("offline");
  });

  it("a connection the broker closes right after accepting it counts as a failed attempt: the wait keeps growing until one lasts", async () => {
    const fixture = online(setup());
    const { connection, client } = fixture;
    vi.spyOn(Math, "random").mockReturnValue(0);
    const waits: (number | undefined)[] = [];
    for (let refused = 0; refused < 5; refused++) {
      // Accepted, then closed at once (a SUBSCRIBE it refuses on every connection, say).
      client.close();
      const wait = connection.nextAttemptAt === undefined ? undefined : connection.nextAttemptAt - Date.now();
      waits.push(wait);
      await vi.advanceTimersByTimeAsync(wait ?? 0);
      client.connect();
      await vi.advanceTimersByTimeAsync(RECONNECT.stableMs - 1);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 15_000]);

    // This one lasts: the next drop starts the backoff from its first step again.
    await vi.advanceTimersByTimeAsync(1);
    client.close();

    expect(connection.nextAttemptAt).toBe(Date.now() + 1_000);
  });

  it("Retry now ends the wait at once, on the same client, without deactivating it; each attempt still counts towards the backoff", async () => {
    const fixture = online(setup());
    const { connection, client } = fixture;
    const activate = vi.spyOn(client, "activate");
    const deactivate = vi.spyOn(client, "deactivate");
    vi.spyOn(Math, "random").mockReturnValue(0);
    client.close();
    expect(connection.nextAttemptAt).toBe(Date.now() + 1_000);
    const waited = attempt(client);

    connection.reconnectNow();
    await Promise.resolve();

    expect(waited.done()).toBe(true);
    expect(connection.nextAttemptAt).toBeUndefined();
    expect(activate).not.toHaveBeenCalled();
    expect(deactivate).not.toHaveBeenCalled();
    client.close();
    expect(connection.nextAttemptAt).toBe(Date.now() + 2_000);
    client.connect();
    expect(connection.state).toBe("online");
  });

  it("Retry now pressed before stompjs asks for the wait (right after the close) makes the attempt start without one", () => {
    const { connection, client } = setup();
    connection.activate();
    client.close();

    connection.reconnectNow();

    expect(client.config.beforeConnect?.({} as never)).toBeUndefined();
  });

  it("Retry now does nothing while online or connecting: there is no wait to end", () => {
    const { connection, client } = setup();
    connection.activate();
    connection.reconnectNow();
    expect(connection.state).toBe("connecting");
    client.connect();

    connection.reconnectNow();

    expect(connection.state).toBe("online");
    expect(connection.nextAttemptAt).toBeUndefined();
  });

  it("when the browser goes offline, an online connection drops its socket at once rather than wait for missed heartbeats, and waits to reconnect", () => {
    const network = new FakeNetwork();
    const { connection, told } = online(setup({ network }));
    vi.spyOn(Math, "random").mockReturnValue(0);

    network.goOffline();

    expect(connection.state).toBe("reconnecting");
    expect(connection.canSend).toBe(false);
    expect(told).toContain("closed while online");
    expect(connection.nextAttemptAt).toBe(Date.now() + 1_000);
  });

  it("when the browser's network comes back, the attempt the backoff waits for starts at once", async () => {
    const network = new FakeNetwork();
    const { connection, client } = online(setup({ network }));
    vi.spyOn(Math, "random").mockReturnValue(0);
    network.goOffline();
    const waited = attempt(client);

    network.comeBack();
    await Promise.resolve();

    expect(waited.done()).toBe(true);
    expect(connection.nextAttemptAt).toBeUndefined();
  });

  it("says the network is gone from the browser's offline event until its online event, and tells its owner of each, with no socket to close", () => {
    const network = new FakeNetwork();
    const { connection, client, changes } = online(setup({ network }));
    client.close();
    const before = changes();

    network.goOffline();
    expect(connection.networkGone).toBe(true);
    expect(changes()).toBe(before + 1);
    // An attempt under way: no wait for the network's return to end.
    connection.reconnectNow();
    const during = changes();
    network.comeBack();

    expect(connection.networkGone).toBe(false);
    expect(changes()).toBe(during + 1);
  });

  it("on a page loaded without a network, the network is gone from the first attempt on", () => {
    const { connection } = setup({ network: new FakeNetwork(false) });

    connection.activate();

    expect(connection.networkGone).toBe(true);
  });

  it("on a page that never reached the broker, the network's return makes the next attempt a first one: connecting, and offline again only when it fails", async () => {
    const network = new FakeNetwork(false);
    const { connection, client } = setup({ network });
    connection.activate();
    client.close();
    expect(connection.state).toBe("offline");
    const waited = attempt(client);

    network.comeBack();
    await Promise.resolve();

    expect(waited.done()).toBe(true);
    expect(connection.state).toBe("connecting");
    client.close();
    expect(connection.state).toBe("offline");
    client.connect();
    expect(connection.state).toBe("online");
  });

  it("an attempt begun without a network that fails once the network is back is not counted: the next starts at once, and the page still reads connecting", async () => {
    const network = new FakeNetwork(false);
    const { connection, client } = setup({ network });
    vi.spyOn(Math, "random").mockReturnValue(0);
    connection.activate();
    await attempt(client);

    network.comeBack();
    client.close();

    expect(connection.state).toBe("connecting");
    expect(connection.nextAttemptAt).toBeUndefined();
    await attempt(client);
    // The first attempt with a network fails: the backoff's first step, as for a first attempt.
    client.close();
    expect(connection.state).toBe("offline");
    expect(connection.nextAttemptAt).toBe(Date.now() + 1_000);
  });

  it("an attempt that starts when a wait ends with the network gone is not counted either if it fails once the network is back: the next starts at once, and the backoff goes on from where it was", async () => {
    const network = new FakeNetwork();
    const { connection, client } = online(setup({ network }));
    vi.spyOn(Math, "random").mockReturnValue(0);
    network.goOffline();
    // stompjs awaits the wait after the lost connection, which ends with the network still gone: that attempt starts without it.
    const waited = attempt(client);
    await vi.advanceTimersByTimeAsync(1_000);
    await waited;

    network.comeBack();
    client.close();

    expect(connection.nextAttemptAt).toBeUndefined();
    // The next, with the network, fails: the wait is the second step (2 s), as if the uncounted one never was.
    client.close();
    expect(connection.nextAttemptAt).toBe(Date.now() + 2_000);
  });

  it("an attempt begun without a network that the broker refuses (one on loopback) counts, network back or not", async () => {
    const network = new FakeNetwork(false);
    const { connection, client } = setup({ network });
    vi.spyOn(Math, "random").mockReturnValue(0);
    connection.activate();
    await attempt(client);

    network.comeBack();
    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'");

    expect(connection.state).toBe("offline");
    expect(connection.nextAttemptAt).toBe(Date.now() + 1_000);
  });

  it("a connection that was lost still reads reconnecting when the network comes back: it was reached before", () => {
    const network = new FakeNetwork();
    const { connection } = online(setup({ network }));
    network.goOffline();

    network.comeBack();

    expect(connection.state).toBe("reconnecting");
  });

  it("deactivated, it no longer heeds the browser's network events; activated twice, it heeds an offline event once", () => {
    const network = new FakeNetwork();
    const { connection, client } = online(setup({ network }));
    const forceDisconnect = vi.spyOn(client, "forceDisconnect");
    connection.deactivate();

    network.goOffline();
    expect(forceDisconnect).not.toHaveBeenCalled();
    connection.activate();
    connection.activate();
    client.connect();
    network.goOffline();

    expect(forceDisconnect).toHaveBeenCalledTimes(1);
  });

  it("goes from connecting to online, and to reconnecting when the connection drops", () => {
    const { connection, client, changes } = setup();

    connection.activate();
    expect(connection.state).toBe("connecting");
    client.connect();
    expect(connection.state).toBe("online");
    client.close();
    expect(connection.state).toBe("reconnecting");
    expect(changes()).toBeGreaterThanOrEqual(3);
  });

  it("when the first attempt fails, the connection is offline; deactivated, it deactivates its client", () => {
    const { connection, client } = setup();
    const deactivate = vi.spyOn(client, "deactivate");

    connection.activate();
    client.close();
    expect(connection.state).toBe("offline");
    connection.deactivate();
    expect(deactivate).toHaveBeenCalledOnce();
  });

  it("deactivated and activated again at once (a host moved within the page), it stays connecting while its old socket closes, and reconnects at once; a later drop still counts as one", async () => {
    const { connection, client } = setup();
    client.slowClose = true;
    connection.activate();
    client.connect();

    // What the controller does when Lit moves its element: deactivated, then activated again, in the same task.
    connection.deactivate();
    connection.activate();
    client.finishClosing();
    expect(connection.state).toBe("connecting");
    expect(client.config.beforeConnect?.({} as never)).toBeUndefined();
    await Promise.resolve();
    client.connect();
    expect(connection.state).toBe("online");

    client.close();
    expect(connection.state).toBe("reconnecting");
    expect(client.config.beforeConnect?.({} as never)).toBeInstanceOf(Promise);
  });

  it("the broker's reason for a refused connection stands while it keeps refusing, and goes with a connection or with a close that came without one", () => {
    const { connection, client } = setup();
    connection.activate();

    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'\n");
    expect(connection.lastError).toEqual({ kind: "refused", words: "Bad CONNECT: Access refused for user 'site-fr'" });
    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'\n");
    expect(connection.lastError).toEqual({ kind: "refused", words: "Bad CONNECT: Access refused for user 'site-fr'" });
    client.close();
    expect(connection.lastError).toBeUndefined();

    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'\n");
    client.connect();
    expect(connection.lastError).toBeUndefined();
  });

  it("tells its owner it is online once the state says so, and closed once the last error says why, before the state changes and the wait starts", () => {
    const seenOnClose: unknown[] = [];
    const fixture = setup({
      onClosed: () => seenOnClose.push([fixture.connection.state, fixture.connection.lastError?.kind, fixture.connection.nextAttemptAt]),
    });
    const { connection, client, told } = fixture;
    connection.activate();

    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'\n");
    // The backoff and its jitter pass before stompjs tries again.
    vi.advanceTimersByTime(RECONNECT.delayMs * (1 + RECONNECT.jitter));
    client.connect();
    client.close();

    expect(seenOnClose).toEqual([
      ["connecting", "refused", undefined],
      ["online", undefined, undefined],
    ]);
    expect(told).toEqual(["heard", "online while online"]);
    expect(connection.state).toBe("reconnecting");
    expect(connection.nextAttemptAt).toBeGreaterThan(Date.now());
  });

  it("counts every frame the broker sends as heard, before its owner hears of the frame itself; an ERROR that closes the connection does not count", () => {
    const { connection, client, told } = setup();
    expect(connection.lastHeardAt).toBe(-Infinity);
    connection.activate();
    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'\n");
    expect(connection.lastHeardAt).toBe(-Infinity);

    vi.advanceTimersByTime(100);
    client.connect();
    expect(connection.lastHeardAt).toBe(100);
    connection.subscribe("/amq/queue/tickets.stock", () => told.push("stock"), { id: "stock-1" });
    connection.watchForReceipt("receipt-1", () => told.push("receipt"));
    connection.publish({ destination: "/exchange/tickets.purchases.fr/purchase.fr", headers: { receipt: "receipt-1" }, body: "{}" });
    told.length = 0;

    vi.advanceTimersByTime(100);
    client.broadcast("/amq/queue/tickets.stock", "{}");
    expect(connection.lastHeardAt).toBe(200);
    vi.advanceTimersByTime(100);
    client.receipt(0);
    expect(connection.lastHeardAt).toBe(300);
    vi.advanceTimersByTime(100);
    client.config.onUnhandledMessage?.(Object.assign(frame("MESSAGE", {}, "an answer"), { ack: () => undefined, nack: () => undefined }));
    expect(connection.lastHeardAt).toBe(400);
    vi.advanceTimersByTime(100);
    client.config.onUnhandledReceipt?.(frame("RECEIPT", { "receipt-id": "receipt-1" }));
    expect(connection.lastHeardAt).toBe(500);
    vi.advanceTimersByTime(100);
    client.config.onHeartbeatReceived?.();
    expect(connection.lastHeardAt).toBe(600);
    vi.advanceTimersByTime(100);
    client.cancelSubscriptions("/amq/queue/tickets.stock");
    expect(connection.lastHeardAt).toBe(700);

    expect(told).toEqual(["heard", "stock", "heard", "receipt", "heard", "answer an answer", "heard", "heard", "heard", "cancelled stock-1"]);
  });

  it("an ERROR cancelling a subscription its owner knows leaves no last error, one naming another is kept as the broker's last word; neither explains a later close, and the connection stays up", () => {
    const { connection, client } = online(setup());
    connection.subscribe("/amq/queue/tickets.stock", () => undefined, { id: "stock-1" });

    client.cancelSubscriptions("/amq/queue/tickets.stock");
    expect(connection.lastError).toBeUndefined();
    client.config.onStompError?.(frame("ERROR", { message: "Server cancelled subscription", subscription: "sub-99" }, ""));
    expect(connection.lastError).toEqual({ kind: "closed", words: "Server cancelled subscription" });
    expect(connection.state).toBe("online");

    client.close();
    expect(connection.lastError).toBeUndefined();
  });

  it("an ERROR the connection outlives, as a frame after it shows, does not explain a later close; one followed only by a heartbeat still does", () => {
    const { connection, client } = online(setup());
    connection.subscribe("/amq/queue/tickets.stock", () => undefined, { id: "stock-1" });
    const invalidDestination = frame("ERROR", { message: "Invalid destination" }, "'/nowhere' is not a valid destination\n");

    client.config.onStompError?.(invalidDestination);
    client.broadcast("/amq/queue/tickets.stock", "{}");
    client.close();
    expect(connection.lastError).toBeUndefined();

    client.connect();
    client.config.onStompError?.(invalidDestination);
    client.config.onHeartbeatReceived?.();
    client.close();
    expect(connection.lastError).toEqual({ kind: "closed", words: "Invalid destination: '/nowhere' is not a valid destination" });
  });

  it("deactivated while it waits to reconnect, it shows offline at once, and the wait ends with no timer left", async () => {
    const { connection, client } = online(setup());
    client.close();
    const waited = attempt(client);

    connection.deactivate();
    await Promise.resolve();

    expect(waited.done()).toBe(true);
    expect(connection.nextAttemptAt).toBeUndefined();
    expect(connection.state).toBe("offline");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("takes no SEND while the broker closes the socket, before stompjs hears of the close", () => {
    const { connection, client } = online(setup());

    client.beginClosing();

    expect(connection.state).toBe("online");
    expect(connection.canSend).toBe(false);
  });

  it("a SEND on a socket that closed since `canSend` said yes throws to its owner, and `canSend` says no from then on", () => {
    const { connection, client } = online(setup());
    expect(connection.canSend).toBe(true);
    client.connected = false;

    expect(connection.canSend).toBe(false);
    expect(() => {
      connection.publish({ destination: "/exchange/tickets.purchases.fr/purchase.fr", headers: {}, body: "{}" });
    }).toThrow(TypeError);
  });
});
