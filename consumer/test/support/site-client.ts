import type { Confirmation, Country, Purchase } from "@repo/contract";
import { parseConfirmation, purchaseDestination, purchaseSendHeaders, siteLogin, VHOST } from "@repo/contract";
import type { IMessage } from "@stomp/stompjs";
import { Client, StompHeaders } from "@stomp/stompjs";
import WebSocket from "ws";

const CONFIRMATION_TIMEOUT_MS = 10_000;

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
    await new Promise<void>((resolve, reject) => {
      client.onConnect = () => {
        resolve();
      };
      client.onWebSocketClose = (event: { code?: number; reason?: string }) => {
        site.end(`${login}'s WebSocket closed (${event.code ?? "?"} ${event.reason ?? ""})`);
      };
      client.onStompError = (frame) => {
        site.end(`STOMP error for ${login}: ${frame.headers.message ?? frame.body}`);
        reject(new Error(site.lost));
      };
      client.onWebSocketError = () => {
        reject(new Error(`cannot reach ${webStompUrl}`));
      };
      client.activate();
    });
    return site;
  }

  /** Buys as the site does and waits for the answer. */
  async buy(purchase: Purchase): Promise<Confirmation> {
    await this.send(JSON.stringify(purchase), purchaseSendHeaders(purchase));
    return this.confirmation(purchase.orderId);
  }

  /** Sends any body with any headers to this site's purchase destination; resolves on the broker's receipt. */
  send(body: string, headers: Record<string, string>, destination = purchaseDestination(this.country)): Promise<void> {
    const receipt = `receipt-${++this.receipts}`;
    const received = new Promise<void>((resolve) => {
      this.client.watchForReceipt(receipt, () => {
        resolve();
      });
    });
    this.client.publish({ destination, body, headers: stompHeaders({ ...headers, receipt }) });
    return received;
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
        reject(new Error(`${what}: not done within ${timeoutMs} ms, connection still open`));
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
  confirmation(orderId: string, nth = 1): Promise<Confirmation> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const answer = this.confirmations.get(orderId)?.[nth - 1];
        if (answer === undefined) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(answer);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no confirmation #${nth} for ${orderId} within ${CONFIRMATION_TIMEOUT_MS} ms`));
      }, CONFIRMATION_TIMEOUT_MS);
      this.listeners.add(check);
      check();
    });
  }

  /** Every answer received so far for an order. */
  answers(orderId: string): Confirmation[] {
    return this.confirmations.get(orderId) ?? [];
  }

  async close(): Promise<void> {
    await this.client.deactivate();
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
