import type { IFrame, IMessage, StompConfig } from "@stomp/stompjs";
import { Client, ReconnectionTimeMode, StompSocketState, TickerStrategy } from "@stomp/stompjs";
import type { BrokerSettings } from "../site/broker.js";
import type { BrokerError } from "./broker-error.js";
import { brokerError } from "./broker-error.js";
import type { ConnectionState } from "./connection-state.js";
import { CONNECTION_STATES } from "./connection-state.js";
import { RECONNECT, ReconnectPause, reconnectDelayMs } from "./reconnect.js";
import type { StompSubscriberPort } from "./stock-feed.js";

/** A SEND as the controller makes it. */
export interface PublishParams {
  destination: string;
  headers: Record<string, string>;
  body: string;
}

/** The part of a stompjs `Client` the connection uses; tests inject a fake. */
export interface StompClientPort extends StompSubscriberPort {
  readonly connected: boolean;
  /** The socket, while there is one: a socket the broker is closing is still `connected` until its close event. */
  readonly webSocket: { readonly readyState: StompSocketState } | undefined;
  activate(): void;
  deactivate(): Promise<void>;
  /** Drops the socket at once, without a DISCONNECT; stompjs then reconnects as after any close. */
  forceDisconnect(): void;
  publish(params: PublishParams): void;
  watchForReceipt(receiptId: string, callback: (frame: IFrame) => void): void;
}

/** The client settings the connection chooses; a subset of stompjs' `StompConfig`. */
export type StompClientConfig = Pick<
  StompConfig,
  | "brokerURL"
  | "heartbeatIncoming"
  | "heartbeatOutgoing"
  | "heartbeatStrategy"
  | "discardWebsocketOnCommFailure"
  | "connectionTimeout"
  | "reconnectDelay"
  | "reconnectTimeMode"
  | "maxReconnectDelay"
  | "beforeConnect"
  | "onConnect"
  | "onStompError"
  | "onWebSocketClose"
  | "onUnhandledMessage"
  | "onUnhandledReceipt"
  | "onHeartbeatReceived"
> & { connectHeaders: Record<string, string> };

export type StompClientFactory = (config: StompClientConfig) => StompClientPort;

/** What the browser says of its network: whether it has one now, and where it fires `online` and `offline` when that changes. */
export interface BrowserNetwork {
  readonly events: EventTarget;
  /** `navigator.onLine`: false only when the browser knows it has no network at all. */
  readonly isOnline: () => boolean;
}

/** The page's window and navigator; none outside a browser. */
function pageNetwork(): BrowserNetwork | undefined {
  if (typeof window === "undefined") return undefined;
  return { events: window, isOnline: () => navigator.onLine };
}

const defaultClientFactory: StompClientFactory = (config) => new Client(config);

export interface StompConnectionOptions {
  readonly broker: BrokerSettings;
  /** Makes the client from the connection's settings; a stompjs `Client` by default. */
  readonly createClient?: StompClientFactory;
  /** Milliseconds clock for `lastHeardAt`. */
  readonly now: () => number;
  /** The page's clock, in milliseconds since the epoch, for `nextAttemptAt`. */
  readonly wallClock: () => number;
  /** What the page shows of the connection changed: `state`, `nextAttemptAt`, or `lastError` with a close. */
  readonly onChange: () => void;
  /** Connected, and `state` is online: subscriptions are made afresh here, and waiting SENDs go out. */
  readonly onOnline: () => void;
  /**
   * The socket closed, and with it every subscription, the temporary reply
   * queue and any receipt still awaited. Called once `lastError` says why,
   * before `state` changes and the backoff starts.
   */
  readonly onClosed: () => void;
  /** A MESSAGE no subscription of ours matches: the consumer's answer on the temporary reply queue (`reply-to: /temp-queue/...`). */
  readonly onAnswer: (message: IMessage) => void;
  /** The broker sent a frame (`lastHeardAt` just moved); called before the frame's own handler. */
  readonly onHeard: () => void;
  /**
   * The broker cancelled subscription `id` and kept the connection open.
   * True when the owner knew it as its own; any other is kept as the
   * broker's last word (`lastError`).
   */
  readonly onSubscriptionCancelled: (id: string) => boolean;
  /** The browser's word on its network: the page's window and navigator by default, none outside a browser. */
  readonly network?: BrowserNetwork;
}

/**
 * A site's one STOMP connection to the broker: the stompjs Client and its
 * settings, where the connection stands (`state`), the wait before the next
 * attempt (`nextAttemptAt`, its own backoff rather than stompjs'), why the
 * broker last closed it (`lastError`), and when the broker last spoke
 * (`lastHeardAt`). It knows nothing of orders or the stock: its owner
 * publishes and subscribes through it, and hears of every turn through the
 * `on…` options. A frame the broker sends on a subscription, a receipt or
 * a reply counts as heard before the owner's callback runs.
 */
export class StompConnection implements StompSubscriberPort {
  private readonly options: StompConnectionOptions;
  private readonly client: StompClientPort;
  private current: ConnectionState = CONNECTION_STATES.offline;
  /**
   * Connection attempts that failed, or connected only to be closed within
   * `RECONNECT.stableMs`, since a connection last lasted that long: the
   * step of the reconnect backoff.
   */
  private failedAttempts = 0;
  /** When the live connection connected (`now`); undefined while there is none. */
  private connectedAt: number | undefined;
  /** The wait before the next attempt, while it lasts. */
  private pause: ReconnectPause | undefined;
  private error: BrokerError | undefined;
  /**
   * An ERROR frame came and no frame but heartbeats since (`heardFrame`): the
   * connection is closing for it, and its reason stands until a connection succeeds.
   */
  private errorBeforeClose = false;
  /**
   * Deactivations whose socket has not closed yet. A host moved within the
   * page is disconnected and connected again at once; stompjs then waits for
   * the old socket to close before it connects anew, and that close belongs
   * to the host leaving, not to a failed attempt.
   */
  private closesUnderway = 0;
  /** `deactivate` was called and `activate` not since: a close now is the one asked for, not a failure. */
  private deactivated = false;
  private lastHeard = -Infinity;
  /** Ends the listening to the network's events, which lasts from `activate` to `deactivate`. */
  private networkListening: AbortController | undefined;
  /** The browser said it has no network, and has not said since that it is back. */
  private browserOffline = false;
  /** The attempt under way began while the browser said it had no network. */
  private attemptWithoutNetwork = false;

  constructor(options: StompConnectionOptions) {
    this.options = options;
    const { broker } = options;
    this.client = (options.createClient ?? defaultClientFactory)({
      brokerURL: broker.url,
      connectHeaders: { login: broker.login, passcode: broker.passcode, host: broker.vhost },
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
      // Background tabs throttle timers; a worker keeps our PINGs on time, so the broker never drops a quiet tab.
      // Only those: stompjs checks the broker's side on a main-thread interval, so a background tab notices a dead
      // network late, but never drops a live one (it compares clock readings, not ticks).
      heartbeatStrategy: TickerStrategy.Worker,
      // A missed heartbeat means the network is gone: drop the socket at once rather than wait for a close handshake.
      discardWebsocketOnCommFailure: true,
      connectionTimeout: 8_000,
      // The backoff is our own (`pause`), so we know when the next attempt comes and can start it at once; stompjs
      // only hands over after a close.
      reconnectDelay: RECONNECT.handoffMs,
      reconnectTimeMode: ReconnectionTimeMode.LINEAR,
      beforeConnect: () => {
        // With a wait, the attempt starts when it ends, which notes the network then (pauseBeforeNextAttempt).
        if (this.pause === undefined) this.attemptWithoutNetwork = this.browserOffline;
        return this.pause?.over;
      },
      onConnect: () => {
        this.handleConnect();
      },
      onStompError: (frame) => {
        this.handleStompError(frame);
      },
      onWebSocketClose: () => {
        this.handleClose();
      },
      onUnhandledMessage: (message) => {
        this.heardFrame();
        options.onAnswer(message);
      },
      // A RECEIPT nobody waits for any more: a retry on the same connection reuses the receipt id, and the late first
      // one took its watcher. It is still a frame from the broker.
      onUnhandledReceipt: () => {
        this.heardFrame();
      },
      onHeartbeatReceived: () => {
        this.heard();
      },
    });
  }

  /** Where the connection stands. */
  get state(): ConnectionState {
    return this.current;
  }

  /**
   * When the next connection attempt starts, by `wallClock`, while the
   * connection waits to make it after a failed one or a lost connection;
   * undefined while connecting, online, or while an attempt is under way.
   */
  get nextAttemptAt(): number | undefined {
    return this.pause?.at;
  }

  /**
   * The broker's last ERROR frame: why it closed the connection (it refused
   * the site, a refused login, or closed for another reason), or one that
   * cancelled a subscription the page did not know as its own while the
   * connection stayed open; with the broker's own words. Cleared on
   * connect, and by a close that came without one, or after a frame showed
   * that the connection outlived it.
   */
  get lastError(): BrokerError | undefined {
    return this.error;
  }

  /**
   * The browser says it has no network (`navigator.onLine`, and its
   * `offline` event since): a connection that is down waits for the
   * network rather than count down to an attempt bound to fail. Attempts
   * go on all the same, by the backoff, for a broker that loopback still
   * reaches, and for a browser that is wrong.
   */
  get networkGone(): boolean {
    return this.browserOffline;
  }

  /**
   * Whether a SEND goes out right now. Not while the socket closes: stompjs
   * still says connected until the close event, but the browser drops what
   * is sent then (with a console warning), and the order would read as
   * sending while it waits for the next connection.
   */
  get canSend(): boolean {
    return this.current === CONNECTION_STATES.online && this.client.connected && this.client.webSocket?.readyState === StompSocketState.OPEN;
  }

  /**
   * When the broker last sent a frame of any kind (`now`): a missing
   * receipt means a refusal only if the broker has spoken since the SEND
   * (`markBusy`). `-Infinity` before the first.
   */
  get lastHeardAt(): number {
    return this.lastHeard;
  }

  /** Starts connecting; stompjs reconnects by itself from then on, after each wait (`nextAttemptAt`). */
  activate(): void {
    this.deactivated = false;
    this.listenToNetwork();
    this.setState(CONNECTION_STATES.connecting);
    this.client.activate();
  }

  /** Stops connecting and closes the socket; the state is offline at once, whenever the socket closes. */
  deactivate(): void {
    this.deactivated = true;
    this.networkListening?.abort();
    this.networkListening = undefined;
    // Over without an attempt: stompjs, deactivated, opens no socket once it ends.
    this.pause?.end();
    this.closesUnderway++;
    void this.client.deactivate().finally(() => {
      this.closesUnderway--;
    });
    this.setState(CONNECTION_STATES.offline);
  }

  /**
   * The buyer's Retry now: ends the wait before the next attempt, which
   * starts at once on the one client (stompjs opens a socket only when it
   * has none), and counts towards the backoff as any attempt does. Does
   * nothing unless the connection is waiting to reconnect.
   */
  reconnectNow(): void {
    this.pause?.end();
  }

  /** Hands a SEND to the socket; throws when there is none (it closed since `canSend` said yes). */
  publish(params: PublishParams): void {
    this.client.publish(params);
  }

  /** Calls `callback` when the broker's RECEIPT `receiptId` comes on this connection. */
  watchForReceipt(receiptId: string, callback: (frame: IFrame) => void): void {
    this.client.watchForReceipt(receiptId, (frame) => {
      this.heardFrame();
      callback(frame);
    });
  }

  /** Subscribes on the live connection; the subscription ends with it. */
  subscribe(destination: string, callback: (message: IMessage) => void, headers: Record<string, string>): unknown {
    return this.client.subscribe(
      destination,
      (message) => {
        this.heardFrame();
        callback(message);
      },
      headers,
    );
  }

  /**
   * The browser says when its network goes and comes back; the broker's
   * missed heartbeats would take 20 to 30 s to tell the first, and the
   * backoff up to 15 s and its jitter to try again after the second. Gone, the socket is dropped
   * at once, so the badge and the orders stop saying online while nothing
   * gets through; a broker on this machine, which loopback still reaches,
   * is back at the first attempt, and any order in flight is resent with
   * its orderId, as after any close. Back, the attempt the backoff waits
   * for starts now, as with Retry now; a site that never reached the
   * broker is connecting again, as on its first attempt.
   */
  private listenToNetwork(): void {
    const network = this.options.network ?? pageNetwork();
    if (network === undefined || this.networkListening !== undefined) return;
    const listening = new AbortController();
    this.networkListening = listening;
    this.browserOffline = !network.isOnline();
    network.events.addEventListener(
      "offline",
      () => {
        this.browserOffline = true;
        this.options.onChange();
        this.client.forceDisconnect();
      },
      { signal: listening.signal },
    );
    network.events.addEventListener(
      "online",
      () => {
        this.browserOffline = false;
        // Never reached yet, the site tries as on its first attempt: the server is not unreachable until an attempt
        // with a network fails (a page loaded offline would read "Server unreachable" while it connects).
        if (this.current === CONNECTION_STATES.offline) this.current = CONNECTION_STATES.connecting;
        this.options.onChange();
        this.reconnectNow();
      },
      { signal: listening.signal },
    );
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onChange();
  }

  private heard(): void {
    this.lastHeard = this.options.now();
    this.options.onHeard();
  }

  /**
   * A frame other than a heartbeat. RabbitMQ sends nothing after an ERROR
   * that closes the connection, so such a frame after one shows that the
   * connection outlived it, and that ERROR must not explain a later close
   * (the network's, say). A heartbeat proves nothing: the broker's
   * heartbeat sender may still get one out between its ERROR and the close.
   */
  private heardFrame(): void {
    this.errorBeforeClose = false;
    this.heard();
  }

  /** Starts the wait before the next attempt: the backoff for the attempts failed so far, and its jitter. */
  private pauseBeforeNextAttempt(): void {
    this.pause?.end();
    const pause = new ReconnectPause(reconnectDelayMs(this.failedAttempts), this.options.wallClock(), () => {
      if (this.pause === pause) this.pause = undefined;
      this.attemptWithoutNetwork = this.browserOffline;
      // The badge's countdown gives way to the attempt.
      this.options.onChange();
    });
    this.pause = pause;
  }

  private handleConnect(): void {
    this.heard();
    this.error = undefined;
    // Not a reset of the backoff yet: a connection the broker closes at once is no better than a refused one.
    this.connectedAt = this.options.now();
    this.setState(CONNECTION_STATES.online);
    this.options.onOnline();
  }

  /**
   * An ERROR frame. Most close the connection, and their reason is what
   * the page shows until a connection succeeds. One that names a
   * subscription while the connection lives does not: RabbitMQ cancelled
   * that subscription from its side ("Server cancelled subscription": its
   * queue was deleted, as when the consumer deletes and declares the stock
   * stream anew, or an operator deletes it) and keeps the connection open.
   * No close follows, so it must not explain the next one, and nothing
   * subscribes by itself: the owner does (`onSubscriptionCancelled`).
   */
  private handleStompError(frame: IFrame): void {
    const subscription = frame.headers.subscription;
    if (subscription !== undefined && this.client.connected) {
      // The broker cancelled a subscription and kept the connection: no reason for a close to come.
      this.heardFrame();
      if (!this.options.onSubscriptionCancelled(subscription)) this.error = brokerError(frame);
      return;
    }
    this.error = brokerError(frame);
    this.errorBeforeClose = true;
  }

  private handleClose(): void {
    const refused = this.errorBeforeClose;
    // A close without an ERROR (the network, the broker stopping) is not the broker's last refusal repeated.
    if (!refused) this.error = undefined;
    this.errorBeforeClose = false;
    const lasted = this.connectedAt !== undefined && this.options.now() - this.connectedAt >= RECONNECT.stableMs;
    // An attempt that began with no network, which came back before it failed, says nothing of the broker, unless
    // the broker refused it (one on loopback, which the attempt reached all the same).
    const failedForWantOfNetwork = this.connectedAt === undefined && this.attemptWithoutNetwork && !this.browserOffline && !refused;
    this.attemptWithoutNetwork = false;
    this.connectedAt = undefined;
    if (lasted) this.failedAttempts = 0;
    this.options.onClosed();
    if (this.deactivated) {
      this.setState(CONNECTION_STATES.offline);
    } else if (failedForWantOfNetwork) {
      // Not counted, and no wait: stompjs's next attempt, moments from now, is the first with a network.
    } else if (this.closesUnderway === 0) {
      // Otherwise this is the socket a host that left and came back closed: it is connecting anew, and nothing failed.
      this.failedAttempts++;
      this.pauseBeforeNextAttempt();
      if (this.current === CONNECTION_STATES.online) this.setState(CONNECTION_STATES.reconnecting);
      else if (this.current === CONNECTION_STATES.connecting) this.setState(CONNECTION_STATES.offline);
    }
    this.options.onChange();
  }
}
