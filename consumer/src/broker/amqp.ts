import { hostname } from "node:os";
import { confirmationProperties } from "@repo/contract";
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, RecoveringChannelModel } from "amqplib";
import { connect } from "amqplib";
import type { Logger } from "pino";
import type { Delivery, DeliveryHandler, ReplyPublisher, Settlement } from "../delivery.js";
import { SETTLEMENTS } from "../delivery.js";
import { logger } from "../logger.js";
import { withRetryBackoff } from "../retry-backoff.js";
import { settlesWithin } from "../settles-within.js";
import { withDefaultHeartbeat, withoutPassword } from "./amqp-url.js";
import { LinkError } from "./link-error.js";
import { reconnectDelayMs } from "./reconnect-delay.js";
import type { QueueSpec, Topology } from "./topology.js";
import { CONSUMED_QUEUES, PURCHASES_TOPOLOGY, STOCK_TOPOLOGY } from "./topology.js";

// The only module that imports amqplib: everything else sees Delivery, Settlement and ReplyPublisher.

const log = logger.child({ module: "broker" });

/** AMQP's nameless default exchange routes to the queue named by the routing key. */
const DEFAULT_EXCHANGE = "";

/**
 * The heartbeat each connection asks for, unless AMQP_URL sets one. Left to
 * the broker it would be 60 s, and a connection whose peer vanished without
 * closing it (a half-open socket) would go unnoticed for two minutes or
 * more; at 10 s amqplib drops it after 20 to 30 s without a frame, and the
 * connection reconnects.
 */
const HEARTBEAT_SECONDS = 10;

/**
 * How long one connection attempt may take, from the TCP connect to the
 * end of the AMQP handshake. amqplib's heartbeat starts only after the
 * handshake, so without it an attempt on a network that drops packets
 * silently would wait minutes for the kernel to give up, and that country's
 * queue with it, instead of the backoff's seconds.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long a shutdown waits for the broker to answer a consumer's cancel,
 * and then for a connection to close. A half-open connection answers
 * neither, and must not hold back the others' shutdown: past this the
 * shutdown goes on without it.
 */
const SHUTDOWN_ANSWER_MS = 2_000;

export interface BrokerOptions {
  /** AMQP URL with credentials and vhost. */
  url: string;
  /**
   * Called once per delivery; the delivery is settled as it answers, a requeue
   * after a backoff. Prefetch 1 gives it one delivery at a time per queue on a
   * connection, but not across a restart: a call still running for the
   * connection that was closed (deciding, or waiting out its backoff) can
   * overlap the broker's redelivery of the same purchase on the new one. The
   * store's orderId makes that harmless: one decides, the other gets the
   * stored answer, and the old one's settlement fails with its channel.
   */
  onDelivery: DeliveryHandler;
  /** The hold before a failed delivery is requeued, by its delivery count; `retryDelayMs` by default. */
  retryDelayMs?: (deliveryCount: number) => number;
  /** How long one connection attempt may take; CONNECT_TIMEOUT_MS by default. */
  connectTimeoutMs?: number;
}

export interface BrokerHealth {
  /** Every connection is up: one per country queue, and the stock's. */
  connected: boolean;
  /** Queues with an active consumer. */
  consuming: string[];
  /**
   * Every connection works: each country queue is consumed, and the stock
   * connection has had a broadcast confirmed by the broker since it last
   * (re)connected.
   */
  healthy: boolean;
  /**
   * Why a connection last stopped working: an attempt failed, the connection
   * was lost, or the consumer restarted it (a channel the broker closed, a
   * consumer it cancelled). Kept until that connection works again.
   */
  lastError: string | undefined;
}

/**
 * A stock level for the stream the sites read: never resent, dropped while
 * disconnected. It goes on a confirm channel, mandatory, so that the
 * broker's confirm can tell /healthz the stock link works, and a return or
 * a nack that it does not.
 */
export interface Broadcast {
  exchange: string;
  routingKey: string;
  /** JSON text. */
  body: string;
}

export interface Broker {
  health(): BrokerHealth;
  /**
   * Publishes on the broadcast channel; false when nothing went out: there
   * is no channel to publish on, or the broker has not answered the last
   * broadcast yet (at most one is unanswered). True says it went out, not
   * that the broker took it: a refusal closes the channel, and a return or a nack
   * restarts the connection, which health() reports. Broadcasts go out
   * until close(), through stopConsuming(), so the sales of the last
   * purchases in hand can be broadcast.
   */
  broadcast(message: Broadcast): boolean;
  /**
   * Resolves once the broker has confirmed or refused every broadcast
   * published so far, or the channel closed; at once when there is none.
   * Never rejects. It may never resolve on a half-open connection: bound it.
   */
  broadcastsAnswered(): Promise<void>;
  /**
   * Resolves the first time every queue is consumed and a stock broadcast is
   * confirmed; rejects if the broker is closed before that.
   */
  ready: Promise<void>;
  /**
   * Cancels every consumer, waiting at most SHUTDOWN_ANSWER_MS for the broker
   * to answer, cuts retry holds short (those purchases are requeued), and
   * waits for the purchases in hand to be answered and settled. The stock
   * link stays open. close() does this first if it was not done.
   */
  stopConsuming(): Promise<void>;
  /**
   * Stops consuming (as stopConsuming), then closes each connection, its
   * channels first, in parallel, waiting at most SHUTDOWN_ANSWER_MS for
   * each: one that does not answer is left to its heartbeat.
   */
  close(): Promise<void>;
}

/** What one connection is for: draining one country queue and answering its purchases, or publishing the stock. */
type LinkRole = { kind: "purchases"; queue: string } | { kind: "stock" };

/** One connection's worth of channels; a reconnect builds a new one. */
interface Session {
  model: ChannelModel;
  channels: Channel[];
  /**
   * The stock link's confirm channel. Broadcasts are never retried (the next
   * one supersedes them); the broker's confirm only tells that the link
   * works, which a publish alone cannot: a refused one closes the channel later.
   */
  broadcasts?: ConfirmChannel;
  /**
   * A broadcast went out on `broadcasts` and the broker has not answered it
   * yet. Only one may: a blocked connection (a memory or disk alarm) reads
   * nothing, and amqplib would buffer every republish in memory until the
   * alarm clears, then flood every tab with stale levels.
   */
  broadcastUnanswered?: boolean;
  /** A purchases link's consumer, removed when the broker cancels it. */
  consumer?: { channel: Channel; tag: string };
  /** It got to work: its consumer started (consume-ok), or a broadcast was confirmed. */
  worked: boolean;
  /** The connection is closed or closing. */
  ended: boolean;
}

/** Where a purchases link's deliveries come from and their answers go. */
interface PurchaseChannels {
  queue: string;
  /** Consumes the queue with prefetch 1, and settles its deliveries. */
  deliveries: Channel;
  /** The confirm channel of the same connection. */
  replies: ReplyPublisher;
}

/** What one connection is for, and what it knows of its current session. */
interface LinkState {
  /** The queue it drains, or "stock": in logs and the connection's name. */
  name: string;
  role: LinkRole;
  session: Session | undefined;
  /** Why it last stopped working (see BrokerHealth.lastError); cleared once a session works. */
  lastError: string | undefined;
  /**
   * restart() closed the connection on purpose: the next reconnect the
   * recovery loop schedules is that restart, not a lost connection. Cleared by it.
   */
  restarting: boolean;
  /**
   * The connection was lost and said so at error: the reconnect the
   * recovery loop schedules at once is that loss's, not a failed attempt,
   * and has nothing more to say. Cleared by it.
   */
  lossLogged: boolean;
  /**
   * Sessions in a row that restart() ended before they got to work. amqplib
   * counts only failed attempts, and a session that sets up but is refused
   * later (a consume the broker answers with a channel close) resets its
   * count: this keeps the delay growing instead of restarting every 250 ms.
   */
  restartsWithoutWork: number;
  /** Called once per session, when it gets to work: a purchases link's consumer started, a broadcast confirmed. */
  working: (session: Session) => void;
}

/** One AMQP connection that recovers by itself. */
interface Link {
  state: LinkState;
  connection: RecoveringChannelModel;
  /** Resolves the first time it gets to work. */
  ready: Promise<void>;
}

/**
 * Connects to the broker: one connection per country queue, consuming it
 * on its own channel with prefetch 1 and publishing its replies on its own
 * confirm channel, and one more for the stock broadcasts. Separate
 * connections, because a message the broker cannot encode for AMQP 0-9-1
 * (RabbitMQ 3.10 takes STOMP headers over 255 bytes and fails only when it
 * delivers them) makes the broker close the connection it was delivered on:
 * a site login can then stop its own country's queue until the delivery
 * limit dead-letters the message, never the other countries'. Each
 * connection reconnects with backoff and jitter forever, re-asserting the
 * topology each time; a channel that closes on its own or a consumer the
 * broker cancels restarts that connection the same way, so there is one
 * recovery path. A connection whose sessions keep ending before they get to
 * work (a consume or a broadcast the broker refuses each time) waits longer
 * before each restart, and /healthz shows why until one works.
 */
export async function connectBroker(options: BrokerOptions): Promise<Broker> {
  /** Set once the shutdown begins: no new delivery is taken, no connection restarted. */
  let shutdownBegun = false;
  /** Set once the connections close: no more broadcasts. */
  let connectionsClosing = false;
  /**
   * Whether a link is being shut down: the purchase links from the moment the
   * shutdown begins, the stock link only once the connections close, so that
   * it carries (and, if it dropped, reconnects for) the last broadcast.
   */
  const shuttingDown = (link: LinkState): boolean => (link.role.kind === "stock" ? connectionsClosing : shutdownBegun);
  let consumingStopped: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  const inHand = new Set<Promise<void>>();
  /** Aborted at shutdown, so a failed delivery waiting out its backoff is requeued at once. */
  const retryHoldsCut = new AbortController();
  const onDelivery = withRetryBackoff(failureTolerant(options.onDelivery), retryHoldsCut.signal, options.retryDelayMs);
  const roles: LinkRole[] = [...CONSUMED_QUEUES.map((queue): LinkRole => ({ kind: "purchases", queue })), { kind: "stock" }];
  const links = await Promise.all(roles.map((role) => openLink(role)));

  let readyOutcome: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyOutcome = { resolve, reject };
  });
  // Callers may never await readiness (the service itself does not); a rejection at shutdown is expected.
  ready.catch(() => undefined);
  void Promise.all(links.map((link) => link.ready)).then(() => readyOutcome?.resolve());

  async function openLink(role: LinkRole): Promise<Link> {
    const name = role.kind === "purchases" ? role.queue : "stock";
    const linkLog = log.child({ connection: name });
    let markReady: (() => void) | undefined;
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const state: LinkState = {
      name,
      role,
      session: undefined,
      lastError: undefined,
      restarting: false,
      lossLogged: false,
      restartsWithoutWork: 0,
      working: (session) => {
        if (session.worked || session.ended) return;
        session.worked = true;
        state.restartsWithoutWork = 0;
        state.lastError = undefined;
        linkLog.info(role.kind === "purchases" ? "connected to the broker; consuming" : "connected to the broker; broadcasting the stock");
        markReady?.();
      },
    };
    const connection = await connect(withDefaultHeartbeat(options.url, HEARTBEAT_SECONDS), {
      // Without it each reply waits ~40 ms for Nagle's algorithm.
      noDelay: true,
      // Bounds the TCP connect and the handshake; amqplib clears it once the connection is open.
      timeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: `tickets-consumer ${name} ${hostname()}:${process.pid}` },
      recovery: {
        maxRetries: Infinity,
        waitForConnect: false,
        // amqplib's attempt counts the failed attempts since the last setup that went through; a setup that went
        // through but never got to work counts too.
        calculateDelay: (attempt: number) => reconnectDelayMs(attempt + state.restartsWithoutWork),
        setup: async (model: ChannelModel) => {
          state.session = await openSession(state, model);
        },
      },
    });
    connection.on("disconnect", (err: Error) => {
      // restart() closed it on purpose and said why, and a shutdown is no loss; anything else is.
      if (state.restarting || shuttingDown(state)) return;
      if (role.kind === "purchases" && err.message.includes("541")) {
        linkLog.error({ err }, `the broker closed the connection with INTERNAL_ERROR, as it does when it cannot encode a delivery for AMQP (a STOMP header over 255 bytes): until the queue's delivery limit dead-letters that purchase, ${role.queue} stops at every redelivery`);
      } else {
        linkLog.error({ err }, "lost the broker connection");
      }
      state.lossLogged = true;
    });
    // Fires after every failed attempt, including a failed topology assert (PRECONDITION_FAILED means drift), and at
    // once after a lost connection, with the loss's error.
    connection.on("reconnect-scheduled", ({ attempt, delay, error }: { attempt: number; delay: number; error: Error }) => {
      // Our own shutdown stopped a setup under way ("the consumer is shutting down"): nothing is unavailable.
      if (shuttingDown(state)) return;
      if (state.restarting) {
        // restart() put its reason in lastError already; should the reconnect fail, the next call reports that.
        state.restarting = false;
        linkLog.info({ delayMs: delay, restartsWithoutWork: state.restartsWithoutWork }, "restarting the connection");
        return;
      }
      state.lastError = error.message;
      if (state.lossLogged) {
        // The loss said so at error already; only a failed attempt shows the broker unavailable.
        state.lossLogged = false;
        return;
      }
      if (attempt === 1 && isQueueStillStarting(error)) {
        linkLog.info({ delayMs: delay, reason: error.message }, "a queue is not running yet (the broker is still starting it); reconnecting");
        return;
      }
      linkLog.warn({ attempt, delayMs: delay, reason: error.message, broker: withoutPassword(options.url) }, "broker unavailable; reconnecting");
    });
    connection.on("blocked", (reason: string) => {
      linkLog.warn({ reason }, "broker blocked publishing");
    });
    connection.on("unblocked", () => {
      linkLog.info("broker unblocked publishing");
    });
    // Re-emitted from the underlying connection, whose own listener (openSession) has logged it already.
    connection.on("error", () => undefined);
    connection.on("handler-error", logHandlerError);
    return { state, connection, ready };
  }

  async function openSession(link: LinkState, model: ChannelModel): Promise<Session> {
    const linkLog = log.child({ connection: link.name });
    // Before anything may throw: amqplib closes a model whose setup failed, and an error it emits meanwhile
    // (the socket dropping before the broker's CloseOk) would otherwise crash the process.
    model.on("error", (err: Error) => {
      linkLog.warn({ err }, "broker connection error");
    });
    // Its "handler-error" reaches the listener on the link's connection, which re-emits it.
    try {
      return await setUpSession(link, model, linkLog);
    } catch (error) {
      await closeFailedSetup(model, SHUTDOWN_ANSWER_MS);
      throw error;
    }
  }

  async function setUpSession(link: LinkState, model: ChannelModel, linkLog: Logger): Promise<Session> {
    if (shuttingDown(link)) throw new LinkError("ERR_LINK_SHUTTING_DOWN", "the consumer is shutting down");
    await assertTopology(model, link.role.kind === "stock" ? STOCK_TOPOLOGY : PURCHASES_TOPOLOGY, linkLog);

    const current: Session = { model, channels: [], worked: false, ended: false };
    model.on("close", () => {
      current.ended = true;
    });
    if (link.role.kind === "stock") {
      const broadcasts = await model.createConfirmChannel();
      current.broadcasts = broadcasts;
      current.channels.push(broadcasts);
      watch(link, current, broadcasts, "broadcasts");
      // Broadcasts are mandatory: one comes back (before its ack) when the stock stream or its binding is gone,
      // which the broker would otherwise confirm all the same. A new session declares them again.
      broadcasts.on("return", () => {
        // Every broadcast in flight comes back: the first restarts, the rest find the session ended.
        if (shuttingDown(link) || current.ended) return;
        linkLog.warn("a stock broadcast reached no queue: the stock stream or its binding is gone; restarting the connection to declare them again");
        restart(link, current, "a stock broadcast reached no queue: the stock stream or its binding is missing");
      });
      return current;
    }

    const { queue } = link.role;
    const confirms = await model.createConfirmChannel();
    current.channels.push(confirms);
    watch(link, current, confirms, `replies for ${queue}`);
    const channel = await model.createChannel();
    current.channels.push(channel);
    watch(link, current, channel, queue);
    await channel.prefetch(1);
    const purchases: PurchaseChannels = { queue, deliveries: channel, replies: replyPublisher(confirms) };
    // Set up once asked, not once the broker says consume-ok: a purchase it cannot encode closes the connection
    // before that answer arrives, and a setup that fails doubles the next reconnect's delay, which over the six
    // deliveries the queue allows would keep this country down for 16 s instead of about two.
    channel
      .consume(queue, (message) => {
        onMessage(link, current, purchases, message);
      })
      .then(
        ({ consumerTag }) => {
          current.consumer = { channel, tag: consumerTag };
          link.working(current);
        },
        // The channel or the connection closed: watch() and the recovery loop take it from there.
        () => undefined,
      );
    return current;
  }

  function watch(link: LinkState, current: Session, channel: Channel, name: string): void {
    /** The broker's reason for closing the channel, which comes as an error just before the close. */
    let reason: string | undefined;
    channel.on("error", (err: Error) => {
      reason = err.message;
      log.error({ err, channel: name }, "channel error");
    });
    channel.on("handler-error", logHandlerError);
    channel.on("close", () => {
      // A dropped connection closes its channels first, then itself, in the same tick: wait for it to tell.
      setImmediate(() => {
        if (shuttingDown(link) || current.ended) return;
        log.warn({ channel: name, reason }, "channel closed by the broker; restarting the connection");
        restart(link, current, reason ?? `the broker closed the channel ${name}`);
      });
    });
  }

  /**
   * Closing the connection hands over to the recovery loop, which reconnects
   * and sets everything up again. `reason` stands in /healthz until a new
   * session works; a session that never did makes the next delay longer.
   */
  function restart(link: LinkState, current: Session, reason: string): void {
    if (current.ended) return;
    current.ended = true;
    link.lastError = reason;
    if (!current.worked) link.restartsWithoutWork += 1;
    link.restarting = true;
    current.model.close().catch((err: unknown) => {
      // No close, no reconnect: a later one is a real failure and must be reported as one.
      link.restarting = false;
      log.warn({ err }, "could not close the connection cleanly");
    });
  }

  function onMessage(link: LinkState, current: Session, purchases: PurchaseChannels, message: ConsumeMessage | null): void {
    if (message === null) {
      current.consumer = undefined;
      if (shutdownBegun) return;
      log.warn({ queue: purchases.queue }, "the broker cancelled a consumer; restarting the connection");
      restart(link, current, `the broker cancelled the consumer of ${purchases.queue}`);
      return;
    }
    // Not in hand yet: closing the channel returns it to the queue.
    if (shutdownBegun) return;
    const work = handle(purchases, message).finally(() => inHand.delete(work));
    inHand.add(work);
  }

  /** Never rejects: the handler's failures become a requeue, and settle() swallows a channel that is gone. */
  async function handle({ queue, deliveries, replies }: PurchaseChannels, message: ConsumeMessage): Promise<void> {
    const settlement = await onDelivery(toDelivery(message), replies);
    settle(deliveries, queue, message, settlement);
  }

  /** Sessions whose connection is up, with the name of their link. */
  function liveSessions(): { name: string; session: Session }[] {
    return links.flatMap(({ state: { name, session } }) => (session !== undefined && !session.ended ? [{ name, session }] : []));
  }

  function stopConsuming(): Promise<void> {
    consumingStopped ??= cancelAndFinish();
    return consumingStopped;
  }

  async function cancelAndFinish(): Promise<void> {
    shutdownBegun = true;
    const cancels = liveSessions().flatMap(({ name, session: { consumer } }) => (consumer === undefined ? [] : [{ name, consumer }]));
    await Promise.all(
      cancels.map(async ({ name, consumer: { channel, tag } }) => {
        if (await settlesWithin(channel.cancel(tag), SHUTDOWN_ANSWER_MS)) return;
        // Its deliveries are ignored from now on (shutdownBegun), and its purchase in hand, if any, is still awaited below.
        log.warn({ connection: name, waitedMs: SHUTDOWN_ANSWER_MS }, "the broker did not answer the consumer's cancel (a half-open connection?); shutting down without it");
      }),
    );
    // After the cancels: requeued while its consumer still stood, a delivery would come straight back to it.
    retryHoldsCut.abort();
    // Each answered, its reply confirmed and only then acked: exactly once holds through a shutdown too.
    await Promise.allSettled(inHand);
  }

  async function closeLinks(): Promise<void> {
    await stopConsuming();
    connectionsClosing = true;
    await Promise.all(links.map((link) => closeLink(link)));
    readyOutcome?.reject(new LinkError("ERR_LINK_CLOSED_BEFORE_READY", "the broker connection was closed before it was ready"));
    log.info("broker connections closed");
  }

  /** Its channels, then the connection, for at most SHUTDOWN_ANSWER_MS. */
  async function closeLink({ state: { name, session }, connection }: Link): Promise<void> {
    const channels = session !== undefined && !session.ended ? session.channels : [];
    const closedInOrder = (async () => {
      await Promise.allSettled(channels.map((channel) => channel.close()));
      await connection.close();
    })();
    if (await settlesWithin(closedInOrder, SHUTDOWN_ANSWER_MS)) return;
    // Ends its recovery loop at least (that much happens at once), so that when the heartbeat finds the connection
    // dead it is not reconnected.
    connection.close().catch(() => undefined);
    log.warn({ connection: name, waitedMs: SHUTDOWN_ANSWER_MS }, "the broker did not answer the close (a half-open connection?); left to the heartbeat");
  }

  return {
    health() {
      const states = links.map(({ state }) => state);
      const live = states.filter(({ session }) => session !== undefined && !session.ended);
      const consuming = live.flatMap(({ role, session }) => (role.kind === "purchases" && session?.consumer !== undefined ? [role.queue] : []));
      return {
        connected: live.length === links.length,
        consuming,
        healthy: states.every(isWorking),
        lastError: states.find(({ lastError }) => lastError !== undefined)?.lastError,
      };
    },
    broadcast({ exchange, routingKey, body }) {
      const stock = links.find(({ state }) => state.role.kind === "stock")?.state;
      const current = stock?.session;
      if (stock === undefined || current?.broadcasts === undefined || current.ended || connectionsClosing) return false;
      // The broadcaster tries again shortly, with the stock as it is then.
      if (current.broadcastUnanswered === true) return false;
      const properties = { contentType: "application/json", persistent: false, mandatory: true };
      try {
        current.broadcasts.publish(exchange, routingKey, Buffer.from(body), properties, (err: unknown) => {
          // Confirmed, refused, or the channel closed (amqplib answers every callback then).
          current.broadcastUnanswered = false;
          if (err === null || err === undefined) stock.working(current);
          else if (err instanceof Error && err.message === NACKED && !shuttingDown(stock) && !current.ended) {
            // The stock stream refused it (nothing else is bound to the stock): /healthz must say so until a new
            // session gets one through, and the restarts back off while it lasts.
            log.warn({ connection: stock.name }, "the broker refused a stock broadcast; restarting the connection");
            restart(stock, current, "the broker refused a stock broadcast (nack)");
          }
          // Otherwise the channel closed before the confirm: watch() restarts the connection and records why.
        });
        current.broadcastUnanswered = true;
        return true;
      } catch {
        // The channel closed under us; the recovery loop is already at work.
        return false;
      }
    },
    async broadcastsAnswered() {
      const current = links.find(({ state }) => state.role.kind === "stock")?.state.session;
      if (current?.broadcasts === undefined || current.ended) return;
      // A nack or a closed channel rejects: answered all the same, and the callbacks in broadcast() deal with it.
      await current.broadcasts.waitForConfirms().catch(() => undefined);
    },
    ready,
    stopConsuming,
    close() {
      closed ??= closeLinks();
      return closed;
    },
  };
}

/**
 * Whether a failed attempt met a queue the broker has not started yet: a
 * node that has just said it is ready starts its streams a moment later,
 * and the stock link's first declare of `tickets.stock` is refused 404
 * "home node … of durable queue … is down or inaccessible". Expected on
 * every start and gone at the next attempt, so a learner watching
 * `pnpm start` should not read it as a warning; a second failure still is.
 */
export function isQueueStillStarting(error: Error): boolean {
  // amqplib words a refused declare as "Channel closed by server: 404 …" or "Operation failed: QueueDeclare; 404 …".
  return /\b404\b.*home node .* of durable queue .* is down or inaccessible/.test(error.message);
}

/**
 * Closes a connection whose session could not be set up, within `ms`, then
 * drops its socket if the broker has not answered. amqplib's recovery loop
 * closes it too before it schedules the next attempt, and waits for the
 * broker's CloseOk without a bound: a socket that dies before that answer
 * would leave the loop waiting for good, and the link would never
 * reconnect. Once this returns, the connection is closed, and amqplib's
 * own close fails at once.
 */
export async function closeFailedSetup(model: Pick<ChannelModel, "close" | "connection">, ms: number): Promise<void> {
  if (await settlesWithin(model.close(), ms)) return;
  // Not in amqplib's types: the connection's socket. An error on it closes the connection without the handshake,
  // as a dropped socket does.
  const socket = (model.connection as unknown as { stream?: { destroy(error: Error): void } }).stream;
  socket?.destroy(new LinkError("ERR_LINK_CLOSE_UNANSWERED", `the broker did not answer within ${ms} ms the close of a connection whose setup failed`));
}

/** The link's current session is up and got to work, and a purchases link's consumer still stands. */
function isWorking({ role, session }: LinkState): boolean {
  if (session === undefined || session.ended || !session.worked) return false;
  return role.kind === "stock" || session.consumer !== undefined;
}

async function assertTopology(model: ChannelModel, topology: Topology, linkLog: Logger): Promise<void> {
  const channel = await model.createChannel();
  channel.on("error", (err: Error) => {
    linkLog.error({ err }, "could not assert the topology");
  });
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, {
      durable: true,
      autoDelete: false,
      internal: false,
      arguments: exchange.arguments,
    });
  }
  for (const queue of topology.queues) {
    if (queue.replaceWhenDifferent === true) await assertReplaceableQueue(model, queue, linkLog);
    else await assertQueue(channel, queue);
  }
  await channel.close();
}

async function assertQueue(channel: Channel, queue: QueueSpec): Promise<void> {
  await channel.assertQueue(queue.name, { durable: true, exclusive: false, autoDelete: false, arguments: queue.arguments });
  for (const binding of queue.bindings) {
    await channel.bindQueue(queue.name, binding.exchange, binding.routingKey);
  }
}

/** Asserts a queue of nothing worth keeping; one the broker holds with other arguments is deleted and declared anew. */
async function assertReplaceableQueue(model: ChannelModel, queue: QueueSpec, linkLog: Logger): Promise<void> {
  // A mismatch closes the channel it is found on: this one is only for finding out.
  const probe = await model.createChannel();
  let refusal: Error | undefined;
  probe.on("error", (err: Error) => {
    refusal = err;
  });
  try {
    await assertQueue(probe, queue);
    await probe.close();
    return;
  } catch (error) {
    const reason = refusal ?? error;
    if (!(reason instanceof Error && reason.message.includes("PRECONDITION_FAILED"))) throw reason;
  }
  const channel = await model.createChannel();
  channel.on("error", (err: Error) => {
    linkLog.error({ err, queue: queue.name }, "could not declare the queue anew");
  });
  await channel.deleteQueue(queue.name);
  await assertQueue(channel, queue);
  await channel.close();
  linkLog.warn({ queue: queue.name, arguments: queue.arguments }, "the broker held this queue with other arguments (older definitions): declared it anew");
}

/**
 * amqplib's error for a publish the broker nacked, as opposed to "channel
 * closed" for one whose confirm never came. Only the target queue can
 * nack: for a reply, the browser's reply queue; for a stock broadcast, the
 * stock stream.
 */
const NACKED = "message nacked";

function replyPublisher(channel: ConfirmChannel): ReplyPublisher {
  return {
    publish: ({ to, confirmation }) =>
      new Promise<boolean>((resolve, reject) => {
        const content = Buffer.from(JSON.stringify(confirmation));
        // A reply only matters while its browser listens; persisting it would outlive the temp queue anyway.
        const properties = { ...confirmationProperties(confirmation), persistent: false };
        channel.publish(DEFAULT_EXCHANGE, to, content, properties, (err: unknown) => {
          if (err === null || err === undefined) resolve(true);
          else if (err instanceof Error && err.message === NACKED) resolve(false);
          else reject(err instanceof Error ? err : new LinkError("ERR_LINK_REPLY_UNCONFIRMED", "the broker did not confirm the reply"));
        });
      }),
  };
}

/**
 * A handler must not throw; one that does anyway (a bug) gets its delivery
 * retried like any other failure instead of lost to an unhandled rejection.
 */
function failureTolerant(handler: DeliveryHandler): DeliveryHandler {
  return async (delivery, replies) => {
    try {
      return await handler(delivery, replies);
    } catch (err) {
      log.error({ err, routingKey: delivery.routingKey }, "delivery handler failed");
      return SETTLEMENTS.requeue;
    }
  };
}

/**
 * Acks, or rejects to requeue or dead-letter. basic.reject, not basic.nack:
 * from RabbitMQ 4.3 only a reject counts as a failed delivery and raises a
 * quorum queue's delivery count; a nack returns the message uncounted, so the
 * queue's x-delivery-limit would never end a purchase that keeps failing.
 * (3.10 counts both.) Exported for its unit test.
 */
export function settle(channel: Pick<Channel, "ack" | "reject">, queue: string, message: ConsumeMessage, settlement: Settlement): void {
  try {
    if (settlement === SETTLEMENTS.ack) channel.ack(message);
    else channel.reject(message, settlement === SETTLEMENTS.requeue);
  } catch (err) {
    // The channel is gone, and with it the delivery: the broker redelivers it and the store answers the same.
    log.warn({ err, queue, settlement }, "could not settle a delivery; it will be redelivered");
  }
}

/** What the handlers read of a delivery. */
export function toDelivery(message: Pick<ConsumeMessage, "content" | "fields" | "properties">): Delivery {
  const { fields, properties } = message;
  // The quorum queue sets x-delivery-count on a redelivery; on a first delivery the header, if any, is the sender's.
  const deliveryCount: unknown = fields.redelivered ? properties.headers?.["x-delivery-count"] : undefined;
  return {
    body: message.content,
    routingKey: fields.routingKey,
    userId: text(properties.userId),
    correlationId: text(properties.correlationId),
    replyTo: text(properties.replyTo),
    redelivered: fields.redelivered,
    deliveryCount: typeof deliveryCount === "number" ? deliveryCount : 0,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function logHandlerError(err: Error, event: string): void {
  log.error({ err, event }, "a broker event listener threw");
}
