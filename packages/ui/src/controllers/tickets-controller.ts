import type { IFrame, IMessage, StompConfig } from "@stomp/stompjs";
import { Client, ReconnectionTimeMode, TickerStrategy } from "@stomp/stompjs";
import type { Country, Purchase, PurchaseQuantity } from "@repo/contract";
import { parseConfirmation, purchaseDestination, purchaseSendHeaders } from "@repo/contract";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Order, OrderBook, OrderStats, OrderStatus } from "../orders/order-book.js";
import {
  addOrder,
  applyConfirmation,
  emptyOrderBook,
  expireOrders,
  markAccepted,
  nextDeadline,
  ORDER_STATUSES,
  orderStats,
} from "../orders/order-book.js";
import type { RushProgress } from "../orders/rush.js";
import { DEFAULT_RUSH_WINDOW, endRush, RUSH_STATUSES, rushAccepted, rushPublished, rushRoom, rushSettled, startRush } from "../orders/rush.js";
import type { BrokerSettings } from "../site/broker.js";
import type { ConnectionState } from "./connection-state.js";
import { CONNECTION_STATES } from "./connection-state.js";
import { newOrderId } from "./order-id.js";

/** A SEND as the controller makes it. */
export interface PublishParams {
  destination: string;
  headers: Record<string, string>;
  body: string;
}

/** The part of a stompjs `Client` the controller uses; tests inject a fake. */
export interface StompClientPort {
  readonly connected: boolean;
  activate(): void;
  deactivate(): Promise<void>;
  publish(params: PublishParams): void;
  watchForReceipt(receiptId: string, callback: (frame: IFrame) => void): void;
}

/** The client settings the controller chooses; a subset of stompjs' `StompConfig`. */
export type StompClientConfig = Pick<
  StompConfig,
  | "brokerURL"
  | "heartbeatIncoming"
  | "heartbeatOutgoing"
  | "heartbeatStrategy"
  | "connectionTimeout"
  | "reconnectDelay"
  | "reconnectTimeMode"
  | "maxReconnectDelay"
  | "onConnect"
  | "onStompError"
  | "onWebSocketClose"
  | "onUnhandledMessage"
> & { connectHeaders: Record<string, string> };

export type StompClientFactory = (config: StompClientConfig) => StompClientPort;

export interface TicketsControllerOptions {
  /** The selling country: destination, user-id and the orders' country. */
  readonly country: Country;
  readonly broker: BrokerSettings;
  /** How long an order may wait for its answer before it shows as unconfirmed. */
  readonly confirmTimeoutMs?: number;
  /** Orders a rush may have waiting for their receipt. */
  readonly rushWindow?: number;
  /** Called once per order that reaches a final status (for announcements). */
  readonly onOrderSettled?: (order: Order) => void;
  /** Called when a rush finishes, is stopped or is interrupted. */
  readonly onRushEnded?: (rush: RushProgress) => void;
  readonly createClient?: StompClientFactory;
  /** Milliseconds clock for measurements; `performance.now` by default. */
  readonly now?: () => number;
}

export type PublishResult = { ok: true; order: Order } | { ok: false; reason: "offline" };

export const DEFAULT_CONFIRM_TIMEOUT_MS = 15_000;

/** Quantity of each order a rush sends. */
export const RUSH_QUANTITY: PurchaseQuantity = 10;

const defaultClientFactory: StompClientFactory = (config) => new Client(config);

/**
 * Owns a site's STOMP connection to the broker and the orders sent over it.
 * Elements read `connection`, `orders`, `stats` and `rush`, and act through
 * `publishPurchase`, `startRush` and `stopRush`; they never see the Client.
 *
 * The consumer answers on the temporary reply queue the broker creates for
 * `reply-to: /temp-queue/...`. Those MESSAGE frames carry the temp queue as
 * their subscription, which no SUBSCRIBE of ours matches, so stompjs hands
 * them to `onUnhandledMessage`; subscribing to the temp queue would create a
 * second, different queue. Hence there is nothing to (re)subscribe on connect.
 */
export class TicketsController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: TicketsControllerOptions;
  private readonly client: StompClientPort;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private state: ConnectionState = CONNECTION_STATES.offline;
  private book: OrderBook = emptyOrderBook();
  private statsOf: OrderBook = this.book;
  private statsValue: OrderStats = orderStats(this.book);
  private rushProgress: RushProgress | undefined;
  private rushOrders = new Set<string>();
  private error: string | undefined;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopping = false;

  constructor(host: ReactiveControllerHost, options: TicketsControllerOptions) {
    this.host = host;
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.timeoutMs = options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    const { broker } = options;
    this.client = (options.createClient ?? defaultClientFactory)({
      brokerURL: broker.url,
      connectHeaders: { login: broker.login, passcode: broker.passcode, host: broker.vhost },
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
      // Background tabs throttle timers; a worker keeps heartbeats on time.
      heartbeatStrategy: TickerStrategy.Worker,
      connectionTimeout: 8_000,
      reconnectDelay: 1_000,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      maxReconnectDelay: 15_000,
      onConnect: () => {
        this.handleConnect();
      },
      onStompError: (frame) => {
        this.error = frame.headers.message ?? frame.command;
      },
      onWebSocketClose: () => {
        this.handleClose();
      },
      onUnhandledMessage: (message) => {
        this.handleMessage(message);
      },
    });
    host.addController(this);
  }

  /** Where the connection stands. */
  get connection(): ConnectionState {
    return this.state;
  }

  /** Whether a purchase can be published right now. */
  get canBuy(): boolean {
    return this.state === CONNECTION_STATES.online && this.client.connected;
  }

  /** This session's orders, newest first; a new array whenever one changed. */
  get orders(): readonly Order[] {
    return this.book.orders;
  }

  /** Stock left according to the latest answer that said so. */
  get remaining(): number | undefined {
    return this.book.remaining;
  }

  /** Summary of the orders; the same object until an order changes. */
  get stats(): OrderStats {
    if (this.statsOf !== this.book) {
      this.statsOf = this.book;
      this.statsValue = orderStats(this.book);
    }
    return this.statsValue;
  }

  /** The current or last rush; undefined before the first. */
  get rush(): RushProgress | undefined {
    return this.rushProgress;
  }

  /** The broker's last ERROR message (such as a refused login); cleared on connect. */
  get lastError(): string | undefined {
    return this.error;
  }

  hostConnected(): void {
    this.stopping = false;
    this.setState(CONNECTION_STATES.connecting);
    this.client.activate();
  }

  hostDisconnected(): void {
    this.stopping = true;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    void this.client.deactivate();
    this.setState(CONNECTION_STATES.offline);
  }

  /**
   * Buys `quantity` tickets. Refuses while not online rather than throwing:
   * stompjs cannot publish without a connection, and a purchase queued in a
   * tab could be sent long after the buyer gave up.
   */
  publishPurchase(quantity: PurchaseQuantity): PublishResult {
    return this.publish(quantity, false);
  }

  /** Sends `count` orders as fast as the broker accepts them. False when offline or a rush is running. */
  startRush(count = 100): boolean {
    if (!this.canBuy || this.rushProgress?.status === RUSH_STATUSES.running || count < 1) return false;
    this.rushProgress = startRush(count);
    this.rushOrders = new Set();
    this.pumpRush();
    this.host.requestUpdate();
    return true;
  }

  /** Stops publishing the running rush; orders already sent still get their answers. */
  stopRush(): void {
    this.endRush(RUSH_STATUSES.stopped);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  private handleConnect(): void {
    this.error = undefined;
    this.setState(CONNECTION_STATES.online);
  }

  private handleClose(): void {
    // The temporary reply queue dies with the connection, so answers to
    // orders still in flight can never reach this page again.
    this.expire(0);
    this.endRush(RUSH_STATUSES.interrupted);
    if (this.stopping) {
      this.setState(CONNECTION_STATES.offline);
    } else if (this.state === CONNECTION_STATES.online) {
      this.setState(CONNECTION_STATES.reconnecting);
    } else if (this.state === CONNECTION_STATES.connecting) {
      this.setState(CONNECTION_STATES.offline);
    }
    this.host.requestUpdate();
  }

  private handleMessage(message: IMessage): void {
    const confirmation = parseConfirmation(message.body);
    if (!confirmation) return;
    const correlationId = message.headers["correlation-id"];
    if (correlationId !== undefined && correlationId !== confirmation.orderId) return;
    const before = this.book.orders.find((order) => order.orderId === confirmation.orderId);
    const { book, order } = applyConfirmation(this.book, confirmation, this.now());
    if (!order || !before) return;
    this.book = book;
    this.settled(before.status, order);
    this.scheduleExpiry();
    this.host.requestUpdate();
  }

  private handleReceipt(orderId: string): void {
    const book = markAccepted(this.book, orderId, this.now());
    if (book === this.book) return;
    this.book = book;
    if (this.rushOrders.has(orderId) && this.rushProgress) {
      this.rushProgress = rushAccepted(this.rushProgress);
      if (this.rushProgress.status === RUSH_STATUSES.done) this.options.onRushEnded?.(this.rushProgress);
      else this.pumpRush();
    }
    this.host.requestUpdate();
  }

  private publish(quantity: PurchaseQuantity, rush: boolean): PublishResult {
    if (!this.canBuy) return { ok: false, reason: "offline" };
    const purchase: Purchase = {
      orderId: newOrderId(),
      country: this.options.country,
      quantity,
      placedAt: new Date().toISOString(),
    };
    const receipt = `receipt-${purchase.orderId}`;
    try {
      this.client.watchForReceipt(receipt, () => {
        this.handleReceipt(purchase.orderId);
      });
      this.client.publish({
        destination: purchaseDestination(purchase.country),
        headers: { ...purchaseSendHeaders(purchase), receipt },
        body: JSON.stringify(purchase),
      });
    } catch {
      // The socket closed between the check and the send.
      return { ok: false, reason: "offline" };
    }
    this.book = addOrder(this.book, { ...purchase, publishedAt: this.now(), rush });
    const order = this.book.orders[0];
    if (!order) return { ok: false, reason: "offline" };
    this.scheduleExpiry();
    this.host.requestUpdate();
    return { ok: true, order };
  }

  private pumpRush(): void {
    if (!this.rushProgress) return;
    const room = rushRoom(this.rushProgress, this.options.rushWindow ?? DEFAULT_RUSH_WINDOW);
    for (let i = 0; i < room; i++) {
      const result = this.publish(RUSH_QUANTITY, true);
      if (!result.ok) {
        this.endRush(RUSH_STATUSES.interrupted);
        return;
      }
      this.rushOrders.add(result.order.orderId);
      this.rushProgress = rushPublished(this.rushProgress);
    }
  }

  private endRush(status: typeof RUSH_STATUSES.stopped | typeof RUSH_STATUSES.interrupted): void {
    if (this.rushProgress?.status !== RUSH_STATUSES.running) return;
    this.rushProgress = endRush(this.rushProgress, status);
    this.options.onRushEnded?.(this.rushProgress);
    this.host.requestUpdate();
  }

  private settled(from: OrderStatus, order: Order): void {
    if (this.rushOrders.has(order.orderId) && this.rushProgress) {
      this.rushProgress = rushSettled(this.rushProgress, from, order.status);
    }
    this.options.onOrderSettled?.(order);
  }

  /** Times out in-flight orders older than `timeoutMs` (0: all of them). */
  private expire(timeoutMs = this.timeoutMs): void {
    const { book, expired } = expireOrders(this.book, this.now(), timeoutMs);
    if (expired.length === 0) return;
    this.book = book;
    // Only in-flight orders expire, so none was counted as settled before.
    for (const order of expired.slice().reverse()) this.settled(ORDER_STATUSES.sent, order);
    this.scheduleExpiry();
    this.host.requestUpdate();
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const deadline = nextDeadline(this.book, this.timeoutMs);
    if (deadline === undefined || this.stopping) return;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      this.expire();
    }, Math.max(0, deadline - this.now()));
  }
}
