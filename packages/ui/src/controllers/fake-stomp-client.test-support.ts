import type { IFrame, IMessage } from "@stomp/stompjs";
import { FrameImpl, StompSocketState } from "@stomp/stompjs";
import type { PublishParams, StompClientConfig, StompClientPort } from "./stomp-connection.js";

/** A STOMP frame as the broker would send it. */
export function frame(command: string, headers: Record<string, string>, body = ""): FrameImpl {
  return new FrameImpl({ command, headers, body });
}

/** Stands in for the stompjs Client: the test decides when the broker connects, receipts and answers. */
export class FakeStompClient implements StompClientPort {
  connected = false;
  readonly sent: PublishParams[] = [];
  /** SUBSCRIBEs on the current connection; a connection's subscriptions die with it. */
  subscriptions: { destination: string; callback: (message: IMessage) => void; headers: Record<string, string> }[] = [];
  /** Stock messages the page acknowledged. */
  acked = 0;
  private readonly receipts = new Map<string, (frame: IFrame) => void>();

  /** The broker started closing the socket (`beginClosing()`) and its close event has not come yet. */
  private socketClosing = false;

  constructor(readonly config: StompClientConfig) {}

  get webSocket(): { readonly readyState: StompSocketState } | undefined {
    if (!this.connected) return undefined;
    return { readyState: this.socketClosing ? StompSocketState.CLOSING : StompSocketState.OPEN };
  }

  /** The broker closes the socket: the browser's socket is closing, and stompjs, which hears of it at the close event, still says connected. */
  beginClosing(): void {
    this.socketClosing = true;
  }

  activate(): void {
    // The test calls connect() when the broker should answer.
  }

  /** Whether deactivate() leaves the socket closing until `finishClosing()`, as a real close handshake does; otherwise it closes at once. */
  slowClose = false;
  private closing: (() => void) | undefined;

  deactivate(): Promise<void> {
    if (!this.slowClose) {
      this.close();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.closing = () => {
        this.close();
        resolve();
      };
    });
  }

  forceDisconnect(): void {
    if (this.connected) this.close();
  }

  /** The socket a slow deactivate() left closing is closed: stompjs reports the close, then settles the deactivation. */
  finishClosing(): void {
    const closing = this.closing;
    this.closing = undefined;
    closing?.();
  }

  publish(params: PublishParams): void {
    if (!this.connected) throw new TypeError("There is no underlying STOMP connection");
    this.sent.push(params);
  }

  watchForReceipt(receiptId: string, callback: (frame: IFrame) => void): void {
    this.receipts.set(receiptId, callback);
  }

  subscribe(destination: string, callback: (message: IMessage) => void, headers: Record<string, string>): void {
    this.subscriptions.push({ destination, callback, headers });
  }

  /**
   * While connected, the broker sends something every second, as RabbitMQ
   * does with the stock broadcast (here a heartbeat), full queue or not;
   * `goSilent()` stands for a network that died without closing the socket.
   */
  private alive: ReturnType<typeof setInterval> | undefined;

  connect(): void {
    this.connected = true;
    this.config.onConnect?.(frame("CONNECTED", {}));
    clearInterval(this.alive);
    this.alive = setInterval(() => this.config.onHeartbeatReceived?.(), 1_000);
  }

  goSilent(): void {
    clearInterval(this.alive);
  }

  close(): void {
    clearInterval(this.alive);
    this.connected = false;
    this.socketClosing = false;
    this.subscriptions = [];
    this.config.onWebSocketClose?.({});
  }

  /** The broker refuses the connection with an ERROR frame, then closes it, as RabbitMQ does for a bad login. */
  refuse(message: string, body: string): void {
    this.config.onStompError?.(frame("ERROR", { message }, body));
    this.close();
  }

  /**
   * The broker cancels the subscriptions to `destination` from its side and
   * keeps the connection, as RabbitMQ does when their queue is deleted: an
   * ERROR naming each subscription, and no close.
   */
  cancelSubscriptions(destination: string): void {
    const cancelled = this.subscriptions.filter((candidate) => candidate.destination === destination);
    this.subscriptions = this.subscriptions.filter((candidate) => candidate.destination !== destination);
    for (const { headers } of cancelled) {
      const body = `The server has canceled a subscription.\nNo more messages will be delivered for "${destination}".\n`;
      this.config.onStompError?.(frame("ERROR", { message: "Server cancelled subscription", subscription: headers.id ?? "" }, body));
    }
  }

  /** The broker acknowledges the nth SEND. */
  receipt(index: number): void {
    const receiptId = this.sent[index]?.headers.receipt ?? "";
    const callback = this.receipts.get(receiptId);
    this.receipts.delete(receiptId);
    callback?.(frame("RECEIPT", { "receipt-id": receiptId }));
  }

  /** The consumer broadcasts the stock to every subscription of `destination`. */
  broadcast(destination: string, body: string): void {
    for (const subscription of this.subscriptions.filter((candidate) => candidate.destination === destination)) {
      const delivered = frame("MESSAGE", { destination, subscription: "sub-0" }, body);
      const ack = () => {
        this.acked += 1;
      };
      subscription.callback(Object.assign(delivered, { ack, nack: () => undefined }));
    }
  }

  /** The consumer answers the nth SEND on the temporary reply queue. */
  answer(index: number, answer: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
    const purchase = JSON.parse(this.sent[index]?.body ?? "{}") as { orderId: string; quantity: number };
    const body = JSON.stringify({
      orderId: purchase.orderId,
      status: "confirmed",
      quantity: purchase.quantity,
      processedAt: "2026-07-14T19:00:00.000Z",
      ...answer,
    });
    const delivered = frame(
      "MESSAGE",
      { subscription: "/temp-queue/confirmations", "correlation-id": purchase.orderId, ...headers },
      body,
    );
    const message: IMessage = Object.assign(delivered, { ack: () => undefined, nack: () => undefined });
    this.config.onUnhandledMessage?.(message);
  }
}

/** stompjs starting its next attempt: it awaits `beforeConnect` first; `done()` says whether that wait is over. */
export function attempt(client: FakeStompClient): { done: () => boolean } & PromiseLike<void> {
  let done = false;
  const waited = Promise.resolve(client.config.beforeConnect?.({} as never)).then(() => {
    done = true;
  });
  return { done: () => done, then: (onDone, onFailed) => waited.then(onDone, onFailed) };
}
