import type { Confirmation, Country, Purchase } from "@repo/contract";
import { parseConfirmation, purchaseDestination, purchaseSendHeaders, siteLogin, STOCK_DESTINATION, STOCK_SUBSCRIBE_HEADERS, VHOST } from "@repo/contract";
import type { IMessage } from "@stomp/stompjs";
import { Client, StompHeaders } from "@stomp/stompjs";
import WebSocket from "ws";
import { withTimeout } from "./with-timeout.js";

/** Bounds on each wait, so a broker that goes quiet fails the test with what never came instead of hanging it. */
const CONNECT_TIMEOUT_MS = 20_000;
const RECEIPT_TIMEOUT_MS = 30_000;
/**
 * An answer may wait behind a purchase that fails: its country's queue holds
 * still for the retry backoff, about 5 s over six deliveries, before it moves
 * on. The bound leaves room for that on a slow, shared machine.
 */
const CONFIRMATION_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * A ticket site as a browser runs it: one Web-STOMP connection with the
 * site's login, purchases sent to the exchange, confirmations back on the
 * connection's temp queue.
 */
export class SiteClient {
  private readonly confirmations = new Map<string, Confirmation[]>();
  private readonly listeners = new Set<() => void>();
  private receipts = 0;
  private readonly onLost = new Set<(reason: string) => void>();
  /** Why the connection ended, if it did; a test client never reconnects. */
  private lost: string | undefined;

  private constructor(
    readonly country: Country,
    private readonly client: Client,
  ) {}

  static async connect(webStompUrl: string, country: Country): Promise<SiteClient> {
    const login = siteLogin(country);
    const client = new Client();
    client.webSocketFactory = () => new WebSocket(webStompUrl);
    client.connectHeaders = stompHeaders({ login, passcode: login, host: VHOST });
    client.reconnectDelay = 0;
    const site = new SiteClient(country, client);
    // Replies to /temp-queue/ carry the temp queue as their subscription, which no subscribe() made: they land here.
    client.onUnhandledMessage = (message) => {
      site.receive(message);
    };
    const connected = new Promise<void>((resolve, reject) => {
      client.onConnect = () => {
        resolve();
      };
      client.onWebSocketError = () => {
        reject(new Error(`cannot reach ${webStompUrl}`));
      };
    });
    // end() fails whatever waits in whileConnected, the CONNECTED frame below included.
    client.onWebSocketClose = (event: { code?: number; reason?: string }) => {
      site.end(`${login}'s WebSocket closed (${event.code ?? "?"} ${event.reason ?? ""})`);
    };
    client.onStompError = (frame) => {
      site.end(`STOMP error for ${login}: ${frame.headers.message ?? frame.body}`);
    };
    client.activate();
    try {
      await site.whileConnected(`${login}'s CONNECTED frame from ${webStompUrl}`, connected, CONNECT_TIMEOUT_MS);
    } catch (error) {
      // A socket still opening, or open with no STOMP session, would otherwise outlive the failed test.
      void client.deactivate({ force: true });
      throw error;
    }
    return site;
  }

  /** Buys as the site does and waits for the answer. */
  async buy(purchase: Purchase): Promise<Confirmation> {
    await this.send(JSON.stringify(purchase), purchaseSendHeaders(purchase));
    return this.confirmation(purchase.orderId);
  }

  /** Sends any body with any headers to this site's purchase destination; resolves on the broker's receipt. */
  async send(body: string, headers: Record<string, string>, destination = purchaseDestination(this.country)): Promise<void> {
    const receipt = `receipt-${++this.receipts}`;
    const what = `the broker's ${receipt} for a send to ${destination}`;
    // stompjs would only say there is no connection; the close reason says why.
    if (this.lost !== undefined) throw new Error(`${what}: ${this.lost}`);
    const received = new Promise<void>((resolve) => {
      this.client.watchForReceipt(receipt, () => {
        resolve();
      });
    });
    this.client.publish({ destination, body, headers: stompHeaders({ ...headers, receipt }) });
    await this.whileConnected(what, received, RECEIPT_TIMEOUT_MS);
  }

  /**
   * Resolves once the broker has dealt with every frame this connection sent
   * before, SENDs included, even those that will never get a RECEIPT (a full
   * queue refuses a SEND silently): the RECEIPT of a SUBSCRIBE comes only
   * after the connection's channel has answered it, and the channel takes
   * the connection's frames in order. The stock is the one thing a site may
   * subscribe to; the subscription is dropped at once.
   */
  async settled(): Promise<void> {
    const receipt = `receipt-${++this.receipts}`;
    const received = new Promise<void>((resolve) => {
      this.client.watchForReceipt(receipt, () => {
        resolve();
      });
    });
    const subscription = this.client.subscribe(STOCK_DESTINATION, () => undefined, stompHeaders({ ...STOCK_SUBSCRIBE_HEADERS, receipt }));
    await this.whileConnected(`the broker's ${receipt} for a SUBSCRIBE to ${STOCK_DESTINATION}`, received, RECEIPT_TIMEOUT_MS);
    subscription.unsubscribe();
  }

  /**
   * Waits for `work` while this connection lasts. A lost connection fails it
   * at once with the reason, and `timeoutMs` bounds it, so a test that waits
   * for receipts or answers says why they never came instead of hanging.
   */
  async whileConnected<T>(what: string, work: Promise<T>, timeoutMs: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onLost: ((reason: string) => void) | undefined;
    // Settled only by losing the race, so neither ever rejects unobserved.
    const failure = new Promise<never>((_, reject) => {
      onLost = (reason) => {
        reject(new Error(`${what}: ${reason}`));
      };
      if (this.lost !== undefined) onLost(this.lost);
      else this.onLost.add(onLost);
      timer = setTimeout(() => {
        reject(new Error(`${what}: none within ${timeoutMs} ms, though the WebSocket has not closed`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([work, failure]);
    } finally {
      clearTimeout(timer);
      if (onLost !== undefined) this.onLost.delete(onLost);
    }
  }

  /** The nth answer (1-based) to an order, waiting for it if it has not come yet. */
  async confirmation(orderId: string, nth = 1): Promise<Confirmation> {
    let check = (): void => undefined;
    const answered = new Promise<Confirmation>((resolve) => {
      check = () => {
        const answer = this.confirmations.get(orderId)?.[nth - 1];
        if (answer !== undefined) resolve(answer);
      };
      this.listeners.add(check);
      check();
    });
    try {
      return await this.whileConnected(`answer #${nth} to order ${orderId}`, answered, CONFIRMATION_TIMEOUT_MS);
    } finally {
      this.listeners.delete(check);
    }
  }

  /** Every answer received so far for an order. */
  answers(orderId: string): Confirmation[] {
    return this.confirmations.get(orderId) ?? [];
  }

  /**
   * Disconnects as a browser tab does: DISCONNECT, and the broker's receipt
   * closes the socket. A broker that never sends the receipt gets the socket
   * dropped, and the test hears which site's receipt never came.
   */
  async close(): Promise<void> {
    const what = `${siteLogin(this.country)}'s DISCONNECT receipt: none within ${CLOSE_TIMEOUT_MS} ms; socket dropped`;
    try {
      await withTimeout(this.client.deactivate(), CLOSE_TIMEOUT_MS, what);
    } catch (error) {
      void this.client.deactivate({ force: true });
      throw error;
    }
  }

  private end(reason: string): void {
    this.lost ??= reason;
    for (const listener of this.onLost) listener(this.lost);
    this.onLost.clear();
  }

  private receive(message: IMessage): void {
    const confirmation = parseConfirmation(message.body);
    const orderId = message.headers["correlation-id"];
    if (confirmation === undefined || orderId === undefined) return;
    this.confirmations.set(orderId, [...this.answers(orderId), confirmation]);
    for (const listener of [...this.listeners]) listener();
  }
}

function stompHeaders(headers: Record<string, string>): StompHeaders {
  return Object.assign(new StompHeaders(), headers);
}
