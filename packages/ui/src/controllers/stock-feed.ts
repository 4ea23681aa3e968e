import type { StockLevel } from "@repo/contract";
import { parseStockLevel, STOCK_DESTINATION, STOCK_SUBSCRIBE_HEADERS } from "@repo/contract";
import type { IMessage } from "@stomp/stompjs";
import { stockToShow } from "../inventory/stock.js";

/** The part of a stompjs `Client` a subscription needs. */
export interface StompSubscriberPort {
  subscribe(destination: string, callback: (message: IMessage) => void, headers: Record<string, string>): unknown;
}

/**
 * How long after the last broadcast the stock stops counting as live. The
 * consumer republishes it every second, so three seconds without one means
 * the stock link stalled, not that nothing changed.
 */
export const STOCK_STALE_AFTER_MS = 3_000;

/**
 * How long the feed waits before it subscribes again after the broker
 * cancelled its subscription: `delayMs`, doubled for each cancellation
 * since the last broadcast, up to `maxDelayMs`. The consumer learns that
 * the stream is gone from its next broadcast (within a second), restarts
 * its stock link (250 ms, ±50 %) and declares the stream again; a SUBSCRIBE
 * that comes before that finds no stream, and RabbitMQ closes the whole
 * connection for it (orders in flight are sent again, a rush is
 * interrupted). Three seconds leave the consumer room; one that stays
 * deleted must not be asked for in a loop.
 */
export const STOCK_RESUBSCRIBE = {
  delayMs: 3_000,
  maxDelayMs: 15_000,
} as const;

/**
 * The live stock, as the consumer appends it to the stream
 * `tickets.stock`. A subscription reads from the next broadcast on and
 * ends with the connection; stompjs does not subscribe again by itself, so
 * the owner of the connection calls `subscribe` on every connect and
 * `disconnected` when it closes. The consumer republishes the stock every
 * second, so a fresh subscription is current within a second without
 * asking anyone.
 *
 * The broker may also cancel the subscription while the connection lives
 * (the stream was deleted): the owner passes on the ERROR's `subscription`
 * header (`cancelled`), and the feed subscribes again after a pause.
 * Whatever stalls the feed, the level stops counting as `live`
 * `STOCK_STALE_AFTER_MS` after the last broadcast. A subscription that
 * goes as long without one, before its first or after its last, is also
 * `silent`: the consumer, which broadcasts every second, is most likely
 * not running. (A network that died without a word looks the same from
 * here until the connection's own check finds it dead: no answer reaches
 * the buyer either way.)
 */
export class StockFeed {
  private value: StockLevel | undefined;
  private lastHeard: number | undefined;
  /** The connection subscribed on; undefined between connections. */
  private client: StompSubscriberPort | undefined;
  /** The id of the subscription on that connection, undefined once the broker cancelled it. */
  private subscriptionId: string | undefined;
  /** Subscriptions made by this feed, for their ids. */
  private subscriptionCount = 0;
  /** Cancellations since the last broadcast, for the resubscription backoff. */
  private cancellations = 0;
  /** A broadcast came on this connection within `STOCK_STALE_AFTER_MS`. */
  private fresh = false;
  /** The current subscription has gone `STOCK_STALE_AFTER_MS` without a broadcast. */
  private unheard = false;
  /** Runs out `STOCK_STALE_AFTER_MS` after the subscription, or after its latest broadcast. */
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  private resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onChange` runs whenever the level to show, or whether it is live, changed; `wallClock` stamps each broadcast heard. */
  constructor(
    private readonly onChange: () => void,
    private readonly wallClock: () => number,
  ) {}

  /** The latest stock; undefined until the first broadcast arrives. */
  get level(): StockLevel | undefined {
    return this.value;
  }

  /**
   * When the last broadcast came, by this page's clock: the level was still
   * true then, even when it had not changed. Not the broadcast's own `at`,
   * which is the consumer's clock, not this page's: the two need not agree.
   */
  get heardAt(): number | undefined {
    return this.lastHeard;
  }

  /** Whether a broadcast came on the current connection less than `STOCK_STALE_AFTER_MS` ago. */
  get live(): boolean {
    return this.fresh;
  }

  /**
   * Whether the current subscription has gone `STOCK_STALE_AFTER_MS`
   * without a broadcast, since it was made or since its latest one. A page
   * opened while the consumer is down would otherwise wait for the stock
   * forever without saying why, and one open when it stopped would only
   * grey the stock. The pause after the broker cancelled the subscription
   * does not count: the consumer is then declaring the stream again, and
   * the count starts afresh with the next subscription.
   */
  get silent(): boolean {
    return this.unheard;
  }

  /** Subscribes on a connection that just came up. */
  subscribe(client: StompSubscriberPort): void {
    this.disconnected();
    this.client = client;
    this.subscribeNow();
  }

  /**
   * The broker cancelled subscription `id` and kept the connection. When it
   * is the feed's, the level is no longer live, and the feed subscribes
   * again after `STOCK_RESUBSCRIBE`'s pause. False for any other id.
   */
  cancelled(id: string): boolean {
    if (this.client === undefined || id !== this.subscriptionId) return false;
    this.subscriptionId = undefined;
    this.quiet(false);
    const delay = Math.min(STOCK_RESUBSCRIBE.maxDelayMs, STOCK_RESUBSCRIBE.delayMs * 2 ** this.cancellations);
    this.cancellations++;
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = undefined;
      try {
        this.subscribeNow();
      } catch {
        // The socket is closing: the next connection subscribes.
      }
    }, delay);
    return true;
  }

  /** The connection closed (or is being closed): its subscription, and the timers kept for it, go with it. */
  disconnected(): void {
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = undefined;
    this.client = undefined;
    this.subscriptionId = undefined;
    // Offline is no news of the consumer: the badge says what is wrong.
    this.quiet(false);
  }

  private subscribeNow(): void {
    const { client } = this;
    if (client === undefined) return;
    this.subscriptionCount++;
    // An id of our own, so that the broker's cancellation can be told apart from another subscription's.
    const id = `stock-${String(this.subscriptionCount)}`;
    client.subscribe(
      STOCK_DESTINATION,
      (message) => {
        // A stream sends no more than the prefetch ahead of the acknowledgements; this one covers all before it.
        message.ack();
        // Late deliveries on a connection being closed would keep a stale timer alive past it.
        if (this.client !== undefined) this.receive(message.body);
      },
      { ...STOCK_SUBSCRIBE_HEADERS, id },
    );
    this.subscriptionId = id;
    this.listenForQuiet();
  }

  private receive(body: string): void {
    const level = parseStockLevel(body);
    if (level === undefined) return;
    this.lastHeard = this.wallClock();
    this.cancellations = 0;
    // Live, and not silent any more: told below, since a page that was not live changes either way.
    const wasLive = this.fresh;
    this.fresh = true;
    this.unheard = false;
    this.listenForQuiet();
    const next = stockToShow(this.value, level);
    if (next === this.value && wasLive) return;
    this.value = next;
    this.onChange();
  }

  /** (Re)starts the count to `STOCK_STALE_AFTER_MS` without a broadcast, after which the level is neither live nor heard from. */
  private listenForQuiet(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      this.quiet(this.subscriptionId !== undefined);
    }, STOCK_STALE_AFTER_MS);
  }

  /** The level is no longer live, and `silent` says whether that is for want of broadcasts; one change told at most. */
  private quiet(silent: boolean): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    const changed = this.fresh || this.unheard !== silent;
    this.fresh = false;
    this.unheard = silent;
    if (changed) this.onChange();
  }
}
