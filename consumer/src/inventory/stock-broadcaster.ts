import type { StockLevel } from "@repo/contract";
import { INVENTORY_EXCHANGE, INVENTORY_ROUTING_KEY } from "@repo/contract";
import type { Broadcast } from "../broker/amqp.js";
import { logger } from "../logger.js";
import { settlesWithin } from "../settles-within.js";
import type { StockSnapshot } from "../store/order-store.js";

const log = logger.child({ module: "inventory" });

/**
 * Under load, at most one broadcast per this many milliseconds; each carries
 * every sale committed before it. Each broadcast is one delivery per open
 * tab: with 1,000 tabs, ten a second kept the broker busier with stock than
 * with purchases (`pnpm bench`, connections). Twice a second still looks
 * live. The consumer's STOCK_INTERVAL_MS sets it.
 */
export const DEFAULT_MIN_INTERVAL_MS = 500;

/**
 * The stock goes out again at least this often, sales or not, so a site
 * that just subscribed sees it within a second; never more often than the
 * minimum interval, which a busy deployment raises to spare the broker.
 */
const DEFAULT_IDLE_INTERVAL_MS = 1000;

/**
 * After a broadcast that could not go out (no channel to publish on, or
 * the broker has not answered the last one yet), the next try comes this
 * soon (or after the minimum interval, if shorter) rather than a whole
 * interval later: the stock reaches the sites, and the broker's confirm
 * tells /healthz the stock link works, soon after a (re)connect. Such a
 * try costs one store read and sends nothing.
 */
const UNSENT_RETRY_MS = 250;

/**
 * How long a shutdown waits for the broker to confirm the last broadcast:
 * a moment on a working connection, and a half-open one must not hold the
 * shutdown back.
 */
const FINAL_CONFIRM_MS = 1_000;

export interface StockBroadcasterOptions {
  /** Reads the committed stock. */
  read: () => StockSnapshot;
  /** Sends one broadcast; false when it could not (no connection, or the last one is unanswered): it is tried again shortly. */
  publish: (broadcast: Broadcast) => boolean;
  /** Resolves once the broker has answered every broadcast sent so far; `finish` waits for it, a little. */
  answered?: () => Promise<void>;
  minIntervalMs?: number;
  idleIntervalMs?: number;
  /** Wall clock for the `at` field. */
  now?: () => Date;
  /** Monotonic milliseconds for the pacing. */
  clock?: () => number;
}

export interface StockBroadcaster {
  /** Broadcasts now, then keeps the idle republish going. */
  start(): void;
  /** A sale was committed: broadcast at once, or at the end of the current interval if one just went out. */
  changed(): void;
  /** Stops every timer; later calls to `changed` do nothing. */
  stop(): void;
  /**
   * Stops, after a last broadcast if a sale came since the last one went
   * out (one waiting out the interval included), and waits a moment for the
   * broker to confirm it: the shutdown's, once no purchase is in hand.
   */
  finish(): Promise<void>;
}

/**
 * Keeps every site's stock meter current. A sale marks the stock changed;
 * the broadcast goes out at once when none went out in the last
 * `minIntervalMs`, else when that interval ends, reading the store then, so
 * the last sale is always broadcast and a burst of sales costs a handful
 * of messages. Without sales the stock is republished every
 * `idleIntervalMs` (or `minIntervalMs`, if longer): a late subscriber
 * catches up, and a broadcast lost to a reconnect is repaired, without any
 * request path into the consumer.
 */
export function createStockBroadcaster(options: StockBroadcasterOptions): StockBroadcaster {
  const minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  const idleIntervalMs = Math.max(minIntervalMs, options.idleIntervalMs ?? DEFAULT_IDLE_INTERVAL_MS);
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? (() => performance.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = Infinity;
  let lastSent = -Infinity;
  let stopped = false;
  /** A sale was committed after the last broadcast that went out read the store. */
  let unsentSale = false;

  /** Moves the one timer earlier, never later. */
  function schedule(at: number): void {
    if (stopped || at >= due) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(fire, Math.max(0, at - clock()));
  }

  function fire(): void {
    timer = undefined;
    due = Infinity;
    if (broadcast()) schedule(lastSent + idleIntervalMs);
    else schedule(clock() + Math.min(minIntervalMs, UNSENT_RETRY_MS));
  }

  /** False when nothing went out for want of a channel; the pacing counts only what went out. */
  function broadcast(): boolean {
    let sent: boolean;
    try {
      sent = options.publish(stockBroadcast({ ...options.read(), at: now().toISOString() }));
      // Read and sent in one go: no sale can come in between.
      if (sent) unsentSale = false;
    } catch (err) {
      // A store that cannot be read would fail a quick retry too: wait the interval, and say so each time.
      log.error({ err }, "could not broadcast the stock; retrying on the next interval");
      sent = true;
    }
    if (sent) lastSent = clock();
    return sent;
  }

  /** The shutdown's broadcast: now, or once the broker has answered the one before, if that is what held it back. */
  async function broadcastLast(): Promise<boolean> {
    if (broadcast()) return true;
    if (options.answered === undefined || !(await settlesWithin(options.answered(), FINAL_CONFIRM_MS))) return false;
    return broadcast();
  }

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
    timer = undefined;
    due = Infinity;
  }

  return {
    start() {
      stopped = false;
      // A timer still pending from before would start a second republish chain that stop() cannot reach.
      clearTimeout(timer);
      due = Infinity;
      fire();
    },
    changed() {
      if (stopped) return;
      unsentSale = true;
      schedule(Math.max(clock(), lastSent + minIntervalMs));
    },
    stop,
    async finish() {
      const last = !stopped && unsentSale;
      stop();
      if (!last) return;
      // Now, not at the end of the interval: nothing would send it then, and the last sale is always broadcast.
      if (!(await broadcastLast())) {
        log.warn("the last sales could not be broadcast: no stock channel at shutdown, or the broker did not answer the one before");
        return;
      }
      if (options.answered !== undefined && !(await settlesWithin(options.answered(), FINAL_CONFIRM_MS))) {
        log.warn({ waitedMs: FINAL_CONFIRM_MS }, "the broker did not confirm the last stock broadcast in time; shutting down anyway");
      }
    },
  };
}

/** The message for one stock level: JSON on the inventory exchange, which routes it into the stock stream. */
function stockBroadcast(level: StockLevel): Broadcast {
  return { exchange: INVENTORY_EXCHANGE, routingKey: INVENTORY_ROUTING_KEY, body: JSON.stringify(level) };
}
