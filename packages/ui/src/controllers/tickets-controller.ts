import type { IMessage } from "@stomp/stompjs";
import type { Country, Purchase, PurchaseQuantity, StockLevel } from "@repo/contract";
import { parseReply, purchaseDestination, purchaseSendHeaders } from "@repo/contract";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AnsweredStorage } from "../orders/answered-storage.js";
import { answeredEntryOf, defaultAnsweredStorage, listAnsweredElsewhere, restoreAnswered } from "../orders/answered-storage.js";
import type { Order, OrderBook, OrderStats, OrderStatus } from "../orders/order-book.js";
import {
  addOrder,
  applyConfirmation,
  emptyOrderBook,
  timeOutOrders,
  isGivenUp,
  markAccepted,
  markBusy,
  markPublished,
  nextAnswerDeadline,
  nextReceiptDeadline,
  ORDER_STATUSES,
  orderStats,
  requeueOutstanding,
  retryOrder,
  wasTold,
} from "../orders/order-book.js";
import type { OutboxStorage } from "../orders/outbox-storage.js";
import { defaultOutboxStorage, outboxKeyPrefix } from "../orders/outbox-storage.js";
import { nextTooOldAt, ordersToSend, purchaseOf } from "../orders/outbox.js";
import type { RushProgress } from "../orders/rush.js";
import { RUSH_QUANTITY, RUSH_STATUSES } from "../orders/rush.js";
import type { BrokerSettings } from "../site/broker.js";
import type { BrokerError } from "./broker-error.js";
import type { TabSignals } from "./closed-tabs.js";
import { ClosedTabWatch } from "./closed-tabs.js";
import type { ConnectionState } from "./connection-state.js";
import { newOrderId } from "./order-id.js";
import { OutboxKeeper } from "./outbox-keeper.js";
import type { RushEnd } from "./rush-tracker.js";
import { RushTracker } from "./rush-tracker.js";
import { StockFeed } from "./stock-feed.js";
import type { StompClientFactory } from "./stomp-connection.js";
import { StompConnection } from "./stomp-connection.js";

export interface TicketsControllerOptions {
  /** The selling country: destination, user-id and the orders' country. */
  readonly country: Country;
  readonly broker: BrokerSettings;
  /** How long an order may wait for its answer (confirmation or rejection) before it shows as unconfirmed. */
  readonly answerTimeoutMs?: number;
  /** How long a SEND may wait for the broker's receipt before the order shows as busy. */
  readonly receiptTimeoutMs?: number;
  /** Orders a rush may have waiting for their receipt; `DEFAULT_RUSH_WINDOW` by default. */
  readonly rushWindow?: number;
  /**
   * Called with each outcome of an order the buyer is to hear of: its answer
   * (once, and again only when it replaces a `processing_failed` rejection),
   * and the first time it expires, times out or turns busy. A reconnect or a
   * reload that sends it again, and sees it time out or turn busy again,
   * does not call it again; the buyer's Try again does. Not called for the
   * orders of a rush this page runs: they are told with the rush.
   */
  readonly onOrderSettled?: (order: Order) => void;
  /** Called when a rush finishes, is stopped, is interrupted, or ends as busy (its orders got no receipt). */
  readonly onRushEnded?: (rush: RushProgress) => void;
  /** Called once per rush, after it ended, when every order it published has its outcome or was given up on (`isRushAnswered`). */
  readonly onRushAnswered?: (rush: RushProgress) => void;
  /** Makes the STOMP client; a stompjs `Client` by default. Tests and Node pass their own. */
  readonly createClient?: StompClientFactory;
  /** Where unanswered orders survive a reload; localStorage, per site and broker, by default. */
  readonly outbox?: OutboxStorage;
  /** Where answered orders are kept to be listed after a reload; localStorage, per site and broker, by default. */
  readonly answered?: AnsweredStorage;
  /** How the site's other tabs are seen closing (`ClosedTabWatch`): the page's Web Locks and window by default. */
  readonly tabSignals?: TabSignals;
  /** Milliseconds clock for measurements; `performance.now` by default. */
  readonly now?: () => number;
  /**
   * The browser's clock, in milliseconds since the epoch: each order's
   * `placedAt`, and how old an order the site never sent is
   * (`OUTBOX_MAX_AGE_MS`); `Date.now` by default. Not `now`, whose readings
   * start with the page and cannot be compared with a click days ago.
   */
  readonly wallClock?: () => number;
}

const DEFAULT_ANSWER_TIMEOUT_MS = 15_000;

/**
 * The broker confirms a SEND in milliseconds. One it refuses, because the
 * country's queue is at its length limit, gets no receipt and no ERROR at
 * all: after this long the buyer is told the site is busy.
 */
const DEFAULT_RECEIPT_TIMEOUT_MS = 5_000;

/**
 * How long catching up with the other tabs (their answers listed, their
 * orders counted) waits after news of them: a rush in another tab writes
 * storage several times per order, and one catch-up covers them all.
 */
const OTHER_TABS_CATCH_UP_MS = 200;

/** setTimeout's longest delay (about 24.8 days); a longer wait is taken in several. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Owns a site's STOMP connection to the broker and the orders sent over it.
 * Elements read its state (`connection`, `nextAttemptAt`, `canBuy`,
 * `orders`, `stats`, `rush`, `stock`, `stockHeardAt`, `stockLive`,
 * `stockSilent`, `lastError`, `ordersNotKept`, `ordersInOtherTabs`) and
 * act through `publishPurchase`, `retry`, `startRush`, `stopRush` and
 * `reconnectNow`; they never see the Client.
 * It keeps the order book and the timers (the receipt and answer
 * deadlines, the day an order may wait unsent), and hands the rest to its
 * parts: `StompConnection` (the Client, the connection's state, the wait
 * before the next attempt, the broker's last error), `OutboxKeeper` (what
 * storage holds), `RushTracker` (the rush's counts and when to tell them),
 * `StockFeed` (the stock subscription, and whether it is live),
 * `ClosedTabWatch` (the site's other tabs: their unanswered orders, left
 * in storage for this one when they close) and `AnsweredStorage` (the
 * final answers kept, to be listed after a reload).
 *
 * Purchases go through an outbox (`orders/outbox.ts`), never straight to the
 * client: an order is queued, sent when connected, and sent again with the
 * same orderId after each reconnect until its answer comes; unanswered
 * orders are also kept in storage, so a reload sends them again. An order
 * the site never sent (clicked while offline) is sent unasked for a day
 * after the buyer asked (`OUTBOX_MAX_AGE_MS`); then it expires, and only
 * `retry` sends it. One it sent even once is resent at any age: the broker
 * may have it, RECEIPT or not.
 *
 * The consumer answers on the temporary reply queue the broker creates for
 * `reply-to: /temp-queue/...`. Those MESSAGE frames carry the temp queue as
 * their subscription, which no SUBSCRIBE of ours matches, so stompjs hands
 * them to `onUnhandledMessage` (`StompConnection`'s `onAnswer`);
 * subscribing to the temp queue would create a second, different queue. The
 * one subscription is the live stock (`StockFeed`), made again on every
 * connect, and on the same connection when the broker cancels it
 * (`onSubscriptionCancelled`).
 */
export class TicketsController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: TicketsControllerOptions;
  private readonly stomp: StompConnection;
  private readonly now: () => number;
  private readonly wallClock: () => number;
  private readonly answerTimeoutMs: number;
  private readonly receiptTimeoutMs: number;
  private book: OrderBook = emptyOrderBook();
  /** The book `cachedStats` summarise: `stats` computes them again only once the book changed. */
  private statsComputedFor: OrderBook = this.book;
  private cachedStats: OrderStats = orderStats(this.book);
  private readonly rushes: RushTracker;
  private readonly outbox: OutboxKeeper;
  /** The orders answered for good, kept so that a reload still lists them. */
  private readonly answered: AnsweredStorage;
  private readonly stockFeed: StockFeed;
  /** Tells when another tab of the site closes, leaving its unanswered orders in storage for this one. */
  private readonly closedTabs: ClosedTabWatch;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fires when the next order the site never sent turns too old to send unasked, so an offline page shows it *Not sent* then. */
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  /** An order's receipt is overdue but the broker has been silent since it was sent: its next frame decides. */
  private receiptsAwaitBroker = false;
  /** The host left the page (`hostDisconnected`) and has not come back (`hostConnected`): no timer is set meanwhile. */
  private hostGone = false;
  /** Replaced by another controller (`retire`): no callback is called any more. */
  private retired = false;
  /** The last count of `ordersInOtherTabs`. */
  private otherTabsOrders = 0;
  /** Catches up with the other tabs, `OTHER_TABS_CATCH_UP_MS` after the first news since the last catch-up. */
  private otherTabsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: TicketsControllerOptions) {
    this.host = host;
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.wallClock = options.wallClock ?? (() => Date.now());
    this.answerTimeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    this.receiptTimeoutMs = options.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS;
    // First, so that `connection` and `canBuy` can be read from any callback the rest of the constructor calls.
    this.stomp = new StompConnection({
      broker: options.broker,
      createClient: options.createClient,
      now: this.now,
      wallClock: this.wallClock,
      onChange: () => {
        host.requestUpdate();
      },
      onOnline: () => {
        this.handleOnline();
      },
      onClosed: () => {
        this.handleClosed();
      },
      onAnswer: (message) => {
        this.handleAnswer(message);
      },
      onHeard: () => {
        this.heardFromBroker();
      },
      // The stock's is the only subscription this page makes; the connection keeps any other as the broker's last word.
      onSubscriptionCancelled: (id) => this.stockFeed.cancelled(id),
    });
    this.stockFeed = new StockFeed(() => {
      host.requestUpdate();
    }, this.wallClock);
    this.rushes = new RushTracker({
      window: options.rushWindow,
      onEnded: (rush) => {
        if (!this.retired) options.onRushEnded?.(rush);
      },
      onAnswered: (rush) => {
        if (!this.retired) options.onRushAnswered?.(rush);
      },
    });
    this.closedTabs = new ClosedTabWatch({
      outboxPrefix: outboxKeyPrefix(options.country, options.broker.url),
      signals: options.tabSignals,
      onTabClosed: (tab) => {
        this.adoptClosedTabsOrders(tab);
      },
      onOtherTabsChanged: () => {
        this.scheduleOtherTabsCatchUp();
      },
    });
    this.outbox = new OutboxKeeper(options.outbox ?? defaultOutboxStorage(options.country, options.broker.url), options.country, this.closedTabs.tab);
    // Orders an earlier page load placed and never learned the outcome of: sent again once connected,
    // unless the site never sent them and they are too old to send unasked.
    this.book = this.outbox.restore(this.book, this.wallClock());
    // And those it had its final answer for: listed as answered, never sent. A reload that showed "no orders yet"
    // where a confirmed purchase had been would read as lost, and the buyer might buy again.
    this.answered = options.answered ?? defaultAnsweredStorage(options.country, options.broker.url);
    this.book = restoreAnswered(this.book, this.answered.load(this.wallClock()));
    this.expireStale();
    host.addController(this);
  }

  /** Where the connection stands. */
  get connection(): ConnectionState {
    return this.stomp.state;
  }

  /**
   * When the next connection attempt starts, by the page's clock
   * (`wallClock`), while the site waits to make it after a failed one or a
   * lost connection; undefined while connecting, online, or while an
   * attempt is under way.
   */
  get nextAttemptAt(): number | undefined {
    return this.stomp.nextAttemptAt;
  }

  /** The browser says it has no network: the badge waits for it rather than count down (`StompConnection.networkGone`). */
  get networkGone(): boolean {
    return this.stomp.networkGone;
  }

  /** Whether a purchase goes out right now; otherwise it waits in the outbox. */
  get canBuy(): boolean {
    return this.stomp.canSend;
  }

  /** The orders to list, newest first: this page's, those owed from earlier loads, and the last answered; a new array whenever one changed. */
  get orders(): readonly Order[] {
    return this.book.orders;
  }

  /** The live stock from the consumer's broadcast; undefined until the first one arrives. */
  get stock(): StockLevel | undefined {
    return this.stockFeed.level;
  }

  /** When the last stock broadcast came (`wallClock`), changed or not; undefined before the first. */
  get stockHeardAt(): number | undefined {
    return this.stockFeed.heardAt;
  }

  /**
   * Whether `stock` is live: online, and a broadcast came on this
   * connection within `STOCK_STALE_AFTER_MS`. Not so before the first
   * broadcast after a (re)connect, nor when the stock link stalls while the
   * connection lives (the broker cancelled the subscription, say).
   */
  get stockLive(): boolean {
    return this.canBuy && this.stockFeed.live;
  }

  /** Whether, online, the stock subscription has gone `STOCK_STALE_AFTER_MS` without a broadcast, since it was made or since its latest: the consumer is likely down (`StockFeed.silent`). */
  get stockSilent(): boolean {
    return this.canBuy && this.stockFeed.silent;
  }

  /** Summary of the orders; the same object until an order changes. */
  get stats(): OrderStats {
    if (this.statsComputedFor !== this.book) {
      this.statsComputedFor = this.book;
      this.cachedStats = orderStats(this.book);
    }
    return this.cachedStats;
  }

  /** The current or last rush; undefined before the first. */
  get rush(): RushProgress | undefined {
    return this.rushes.progress;
  }

  /**
   * Whether the browser refuses to store orders (its last write failed), or
   * some order still owed an outcome is one it refused: a reload now would
   * forget such orders.
   */
  get ordersNotKept(): boolean {
    return this.outbox.notKept(this.book);
  }

  /**
   * How many orders the site's other open tabs keep owed (queued, or sent
   * and unanswered) that this one does not list: each tab lists the orders
   * it placed, and those it found in storage when it loaded or adopted from
   * a tab that closed. A buyer who placed one in another tab and sees
   * nothing here might order it again. Counted a moment after each news of
   * the other tabs; always 0 without Web Locks, where no tab is known.
   */
  get ordersInOtherTabs(): number {
    return this.otherTabsOrders;
  }

  /**
   * The broker's last ERROR frame: why it closed the connection (it refused
   * the site, a refused login, or closed for another reason), or one that
   * cancelled a subscription the page did not know as its own while the
   * connection stayed open; with the broker's own words. Cleared on
   * connect, and by a close that came without one.
   */
  get lastError(): BrokerError | undefined {
    return this.stomp.lastError;
  }

  hostConnected(): void {
    this.hostGone = false;
    this.scheduleStaleCheck();
    this.closedTabs.start();
    this.stomp.activate();
  }

  hostDisconnected(): void {
    // Before the connection closes, which may be at once: no timer is to be set from here on.
    this.hostGone = true;
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    clearTimeout(this.otherTabsTimer);
    this.otherTabsTimer = undefined;
    this.stockFeed.disconnected();
    this.closedTabs.stop();
    this.stomp.deactivate();
  }

  /**
   * Leaves for good, as when the host replaces this controller with one for
   * another site: disconnects, and calls none of the `on…` callbacks from
   * then on. The closing connection would still interrupt a rush, and an
   * answer may still come before it closes; the successor restores the same
   * orders from storage and tells the buyer of them itself.
   */
  retire(): void {
    this.retired = true;
    this.hostDisconnected();
    // Its tab lock goes with it, or each replacement would add one for the tab's lifetime.
    this.closedTabs.release();
  }

  /**
   * Buys `quantity` tickets through the outbox: sent at once when online,
   * otherwise `queued` (and kept in storage) until the site is connected.
   * Either way the buyer sees the order and its true state.
   */
  publishPurchase(quantity: PurchaseQuantity): Order {
    return this.place(quantity, false);
  }

  /** Sends `count` orders as fast as the broker accepts them. False when offline, when a rush is running, or when `count` is below 1. */
  startRush(count: number): boolean {
    if (!this.canBuy || this.rushes.running || count < 1) return false;
    this.rushes.start(count);
    this.pumpRush();
    this.host.requestUpdate();
    return true;
  }

  /**
   * Sends a busy or `processing_failed` order again, or an expired one
   * anyway, with the same orderId: the buyer's "try again" or "send anyway"
   * (`isRetryable`). Its age counts from now. Any other order is left alone.
   */
  retry(orderId: string): void {
    const before = this.book.orders.find((order) => order.orderId === orderId);
    const book = retryOrder(this.book, orderId, new Date(this.wallClock()).toISOString());
    const after = book.orders.find((order) => order.orderId === orderId);
    if (book === this.book || !before || !after) return;
    this.book = book;
    this.rushes.count(orderId, before.status, after.status);
    // The entry carries the new ask, so a reload (or another tab) counts its day from now, not from the click,
    // and forgets what the buyer was told of it: what comes of this ask is news. An expired order, or one answered
    // processing_failed, was parked and is owed again, so it is kept afresh; a busy one only rewritten, as
    // another tab may have had its answer and forgotten it.
    if (before.status === ORDER_STATUSES.busy) this.outbox.rewrite(after);
    else this.outbox.keep(after);
    this.sendQueued();
    this.scheduleStaleCheck();
    this.host.requestUpdate();
  }

  /**
   * The buyer's Retry now: ends the wait before the next attempt, which
   * starts at once on the one client this controller has (stompjs opens a
   * socket only when it has none), and counts towards the backoff as any
   * attempt does. Does nothing unless the site is waiting to reconnect.
   */
  reconnectNow(): void {
    this.stomp.reconnectNow();
  }

  /** Stops publishing the running rush; orders already sent still get their answers. */
  stopRush(): void {
    this.endRush(RUSH_STATUSES.stopped);
  }

  /** Connected, and online: subscribes, and sends what waits in the outbox. */
  private handleOnline(): void {
    // The stock subscription died with the last connection: every connection subscribes afresh (and again on the
    // same connection when the broker cancels it: `onSubscriptionCancelled`).
    this.stockFeed.subscribe(this.stomp);
    this.sendQueued();
  }

  /** The broker sent a frame: the connection lived then. Overdue receipts waiting for that proof are judged now. */
  private heardFromBroker(): void {
    if (!this.receiptsAwaitBroker) return;
    this.receiptsAwaitBroker = false;
    // On a timer, not here: the frame's own handler (a late receipt, say) runs first.
    this.scheduleDeadlines();
  }

  /** The socket closed; `lastError` already says why, and the connection's state changes once this returns. */
  private handleClosed(): void {
    // The temporary reply queue dies with the connection, so answers to
    // outstanding orders can never come on it: back to the outbox with them,
    // to be sent again (same orderId) and answered on the next connection.
    this.requeue();
    this.stockFeed.disconnected();
    if (this.rushes.connectionLost()) this.host.requestUpdate();
  }

  /**
   * The consumer's answer: a MESSAGE on this connection's temporary reply
   * queue, which no SUBSCRIBE of ours names, so stompjs hands it over as
   * unhandled (StompConnection's onAnswer). Matched to its order by the
   * body's orderId, which must equal the correlation-id header; anything
   * else is ignored.
   */
  private handleAnswer(message: IMessage): void {
    const confirmation = parseReply(message);
    if (!confirmation) return;
    const before = this.book.orders.find((order) => order.orderId === confirmation.orderId);
    const { book, order } = applyConfirmation(this.book, confirmation, this.now());
    if (!order || !before) return;
    this.book = book;
    this.outbox.answered(order, this.wallClock());
    const kept = answeredEntryOf(order, this.wallClock());
    if (kept) this.answered.keep(kept);
    this.settled(before.status, order);
    // The consumer took it from the queue, so the broker had it: that counts as the receipt, which may never come
    // (the connection may drop first, and an answered order is not sent again).
    if (this.rushes.accepted(order.orderId)) this.pumpRush();
    this.scheduleDeadlines();
    this.host.requestUpdate();
  }

  private handleReceipt(orderId: string): void {
    const before = this.book.orders.find((order) => order.orderId === orderId);
    const book = markAccepted(this.book, orderId, this.now());
    if (book !== this.book && before) {
      this.book = book;
      // The broker took a busy order after all: from now on it waits for its answer like any accepted order.
      if (before.status === ORDER_STATUSES.busy) {
        this.rushes.count(orderId, before.status, ORDER_STATUSES.accepted);
        this.scheduleDeadlines();
      }
    }
    // Counted unless the answer came first and counted already: the receipt or the answer, whichever comes first.
    if (this.rushes.accepted(orderId)) this.pumpRush();
    this.host.requestUpdate();
  }

  /**
   * A moment from now (news of the other tabs tends to come in bursts),
   * lists the buyer's orders they have had answered since, as a reload
   * would (`listAnsweredElsewhere`), and counts `ordersInOtherTabs` again.
   * An order counted there, once answered, turns into its row here rather
   * than vanish; nothing is announced, as the answer was told in its own
   * tab.
   */
  private scheduleOtherTabsCatchUp(): void {
    if (this.retired || this.hostGone || this.otherTabsTimer !== undefined) return;
    this.otherTabsTimer = setTimeout(() => {
      this.otherTabsTimer = undefined;
      const book = listAnsweredElsewhere(this.book, this.answered.load(this.wallClock()));
      const count = this.outbox.heldByTabs(book, this.closedTabs.openTabs);
      if (book === this.book && count === this.otherTabsOrders) return;
      this.book = book;
      this.otherTabsOrders = count;
      this.host.requestUpdate();
    }, OTHER_TABS_CATCH_UP_MS);
  }

  /**
   * Another tab of the site closed, `tab`: the orders it kept in storage
   * unanswered have nobody to send them again, and their answers went to
   * its temporary queue, gone with it. They are restored here as a reload
   * would restore them, and sent, which at worst fetches their answers.
   * Other tabs' orders are left to them.
   */
  private adoptClosedTabsOrders(tab: string): void {
    if (this.retired || this.hostGone) return;
    this.book = this.outbox.adoptClosedTabs(this.book, tab);
    this.sendQueued();
    this.scheduleStaleCheck();
    this.host.requestUpdate();
  }

  /** Adds an order to the book and the outbox, and sends it if the connection takes it. */
  private place(quantity: PurchaseQuantity, rush: boolean): Order {
    const purchase: Purchase = {
      orderId: newOrderId(),
      country: this.options.country,
      quantity,
      placedAt: new Date(this.wallClock()).toISOString(),
    };
    this.book = addOrder(this.book, { ...purchase, rush });
    this.outbox.keep(this.orderOf(purchase.orderId));
    this.sendQueued();
    this.scheduleStaleCheck();
    this.host.requestUpdate();
    return this.orderOf(purchase.orderId);
  }

  private orderOf(orderId: string): Order {
    const order = this.book.orders.find((candidate) => candidate.orderId === orderId);
    if (!order) throw new Error(`order ${orderId} vanished from the book`);
    return order;
  }

  /** Sends queued orders, oldest first, for as long as the connection takes them; never one too old to send unasked. */
  private sendQueued(): void {
    this.expireStale();
    if (!this.canBuy) return;
    let sent = 0;
    for (const order of ordersToSend(this.book)) {
      if (!this.send(order)) break;
      sent++;
    }
    if (sent === 0) return;
    this.scheduleDeadlines();
    this.host.requestUpdate();
  }

  private send(order: Order): boolean {
    const purchase = purchaseOf(order, this.options.country);
    // Receipt watchers belong to one connection, so a resend on the next one may reuse the id.
    const receipt = `receipt-${purchase.orderId}`;
    try {
      this.stomp.watchForReceipt(receipt, () => {
        this.handleReceipt(purchase.orderId);
      });
      // The SEND itself: purchaseSendHeaders adds reply-to /temp-queue/confirmations (the broker makes it this
      // connection's private reply queue), correlation-id = orderId, the site login as user-id (which the broker
      // checks) and persistent; the RECEIPT (handleReceipt) means the country's queue has it.
      this.stomp.publish({
        destination: purchaseDestination(purchase.country),
        headers: { ...purchaseSendHeaders(purchase), receipt },
        body: JSON.stringify(purchase),
      });
    } catch {
      // The socket closed between the check and the send: the order stays queued for the reconnect.
      return false;
    }
    this.book = markPublished(this.book, purchase.orderId, this.now());
    // From its first SEND on, the broker may have it, whatever becomes of the RECEIPT: kept as published,
    // so no reload or other tab ever expires it. Once per order: later resends change nothing stored.
    const sent = this.book.orders.find(({ orderId }) => orderId === purchase.orderId);
    if (!order.published && sent) this.outbox.keep(sent);
    return true;
  }

  private pumpRush(): void {
    // A rush shows the broker setting the pace; it does not fill the outbox while offline. So each rush
    // order is published as it is placed, and never expires: only an order never sent can. (A SEND the
    // closing socket refuses leaves one truly unsent; even that is told with its rush, never alone.)
    this.rushes.pump(() => (this.canBuy ? this.place(RUSH_QUANTITY, true).orderId : undefined));
  }

  private endRush(status: RushEnd): void {
    if (this.rushes.end(status)) this.host.requestUpdate();
  }

  /**
   * An order reached an outcome, or was given up on. One of this page's rush
   * counts towards the rush; once the rush's outcomes were told, a late
   * answer to one of them (after *Unconfirmed*, say) goes to
   * `onOrderSettled` as well, since the tally did not tell it. Any other
   * order goes to `onOrderSettled`, one placed by a rush before a reload
   * included (no rush here will ever count it; the shop tells those in
   * batches); a given-up status only once, so that a reconnect or a reload,
   * which queue the order again, do not have the buyer hear it again.
   */
  private settled(from: OrderStatus, order: Order): void {
    if (this.rushes.owns(order.orderId)) {
      const tallyTold = this.rushes.tallyTold;
      this.rushes.count(order.orderId, from, order.status);
      if (tallyTold && !isGivenUp(order.status)) this.tellSettled(order);
      return;
    }
    if (wasTold(order)) return;
    if (isGivenUp(order.status)) this.book = this.outbox.rememberTold(this.book, order.orderId);
    this.tellSettled(order);
  }

  private tellSettled(order: Order): void {
    if (!this.retired) this.options.onOrderSettled?.(order);
  }

  /** Puts every outstanding order back in the queue; a timed-out or busy one stops counting as such in its rush. */
  private requeue(): void {
    const { book, requeued } = requeueOutstanding(this.book);
    if (requeued.length === 0) return;
    this.book = book;
    for (const before of requeued) this.rushes.count(before.orderId, before.status, ORDER_STATUSES.queued);
    this.scheduleDeadlines();
  }

  /**
   * Queued orders the site never sent, asked for more than a day ago
   * (`OUTBOX_MAX_AGE_MS`), are not sent unasked: they expire, leave the
   * outbox (`OutboxKeeper.expireStale`, which first reads what other tabs
   * stored), and are announced once. `retry` sends one anyway.
   */
  private expireStale(): void {
    const { book, expired } = this.outbox.expireStale(this.book, this.wallClock());
    this.book = book;
    if (expired.length === 0) return;
    for (const order of expired.slice().reverse()) this.settled(ORDER_STATUSES.queued, order);
    this.host.requestUpdate();
  }

  /**
   * Orders whose receipt did not come in time, though the broker has sent
   * other frames since, were most likely refused by the broker: the buyer is
   * told it is busy. They stay in the outbox, so `retry`, a reconnect or a
   * reload sends them again with the same orderId; a new order would risk
   * buying twice. While the broker is silent the orders stay sending (and
   * time out after the answer timeout): the network may be gone, which the
   * heartbeat check finds out, and the next connection sends them again. If
   * the broker speaks first, one that timed out meanwhile turns busy too
   * (`markBusy`), so the buyer gets Try again.
   */
  private giveUpOnReceipts(): void {
    const before = this.book;
    const { book, busy } = markBusy(this.book, this.now(), this.receiptTimeoutMs, this.stomp.lastHeardAt);
    if (busy.length === 0) return;
    this.book = book;
    for (const order of busy.slice().reverse()) {
      // A full queue refuses the rest of a rush as well. The order still awaits its receipt: a late one counts.
      if (this.rushes.awaitsReceipt(order.orderId)) this.endRush(RUSH_STATUSES.busy);
      // Sending, or timed out (then no longer counted as such in its rush).
      const from = before.orders.find(({ orderId }) => orderId === order.orderId)?.status ?? ORDER_STATUSES.sending;
      this.settled(from, order);
    }
    this.host.requestUpdate();
  }

  /**
   * Orders published longer ago than the answer timeout, with no answer,
   * show as timed out (*Unconfirmed*), so the buyer knows to wait rather
   * than order again. They stay outstanding: a late answer still settles
   * them, and a new order would buy twice.
   */
  private timeOut(): void {
    const { book, timedOut } = timeOutOrders(this.book, this.now(), this.answerTimeoutMs);
    if (timedOut.length === 0) return;
    this.book = book;
    // Only orders awaiting their answer in time (sending or accepted) time out, so none was counted as settled before.
    for (const order of timedOut.slice().reverse()) this.settled(ORDER_STATUSES.accepted, order);
    this.scheduleDeadlines();
    this.host.requestUpdate();
  }

  /**
   * Wakes the page when its next never-sent order turns a day old, so a page
   * left offline shows it *Not sent* then rather than on its next connect.
   * On the wall clock: a laptop asleep meanwhile fires late, and its
   * reconnect on waking checks anyway (`sendQueued`).
   */
  private scheduleStaleCheck(): void {
    clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    const at = nextTooOldAt(this.book);
    if (at === undefined || this.hostGone) return;
    this.staleTimer = setTimeout(
      () => {
        this.staleTimer = undefined;
        this.expireStale();
        this.scheduleStaleCheck();
      },
      Math.min(LONGEST_TIMEOUT_MS, Math.max(0, at - this.wallClock())),
    );
  }

  private scheduleDeadlines(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    const receipts = nextReceiptDeadline(this.book, this.receiptTimeoutMs, this.now(), this.stomp.lastHeardAt);
    this.receiptsAwaitBroker = receipts.awaitingBroker;
    const deadlines = [receipts.at, nextAnswerDeadline(this.book, this.answerTimeoutMs)];
    const deadline = Math.min(...deadlines.filter((at) => at !== undefined));
    if (deadline === Infinity || this.hostGone) return;
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      this.giveUpOnReceipts();
      this.timeOut();
      this.scheduleDeadlines();
    }, Math.max(0, deadline - this.now()));
  }
}
