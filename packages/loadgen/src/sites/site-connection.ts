import type { Country } from "@repo/contract";
import { CORRELATION_ID_HEADER, ORDER_OUTCOMES, parseReply, purchaseDestination, purchaseSendHeaders, siteLogin, STOCK_DESTINATION, STOCK_SUBSCRIBE_HEADERS, VHOST } from "@repo/contract";
import type { IMessage } from "@stomp/stompjs";
import { Client, StompHeaders } from "@stomp/stompjs";
import WebSocket from "ws";
import { echoDestination } from "../baseline/echo-queues.js";
import type { Outcome, Requester } from "../load/outcome.js";
import { OUTCOME_STATUSES } from "../load/outcome.js";
import { RequestLifecycle } from "../load/request-lifecycle.js";

/** A browser gives up on connecting after this long. */
const CONNECT_TIMEOUT_MS = 30_000;

/** The sites' own heart-beat, so idle connections cost the broker what a real tab costs. */
const HEARTBEAT_MS = 10_000;

export interface SiteConnectionOptions {
  webStompUrl: string;
  country: Country;
  timeoutMs: number;
  /** Subscribe to the live stock as every site tab does; each broadcast then reaches this connection too. */
  stockFeed: boolean;
  /**
   * The Web-STOMP echo: send to the echo exchange instead of the purchases
   * exchange, with the same site login, headers and routing key, so the
   * baseline's echo consumer answers; any reply with the order's
   * correlation-id counts as its confirmation. The same frames over the
   * same path, with nothing of ours behind it.
   */
  echo?: boolean;
}

/**
 * One simulated browser tab: a Web-STOMP connection with its site's public
 * login that sends purchases exactly as the sites do (exchange destination,
 * contract headers, a receipt) and reads confirmations from the temporary
 * reply queue. Those arrive with the temp queue as their subscription, which
 * no SUBSCRIBE of ours made, so stompjs hands them to onUnhandledMessage;
 * subscribing to the temp queue would create another queue.
 */
export class SiteConnection implements Requester {
  private readonly lifecycle: RequestLifecycle;
  private receipts = 0;
  /** Stock broadcasts received; counted, not parsed: parsing is the browser's cost, not the broker's. */
  stockUpdates = 0;

  private constructor(
    readonly country: Country,
    private readonly client: Client,
    /** Replies are echoes of the purchase, not confirmations. */
    private readonly echo: boolean,
    timeoutMs: number,
  ) {
    this.lifecycle = new RequestLifecycle(country, timeoutMs);
  }

  static open({ webStompUrl, country, timeoutMs, stockFeed, echo = false }: SiteConnectionOptions): Promise<SiteConnection> {
    const login = siteLogin(country);
    // A site's login is public: its password is its name.
    const passcode = login;
    const client = new Client();
    // The broker turns permessage-deflate off (rabbitmq.conf), so a browser's offer of it changes nothing.
    client.webSocketFactory = () => new WebSocket(webStompUrl, { perMessageDeflate: false });
    client.connectHeaders = stompHeaders({ login, passcode, host: VHOST });
    client.heartbeatIncoming = HEARTBEAT_MS;
    client.heartbeatOutgoing = HEARTBEAT_MS;
    client.reconnectDelay = 0;
    const connection = new SiteConnection(country, client, echo, timeoutMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void client.deactivate();
        reject(new Error(`${login}: no STOMP CONNECTED within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      client.onConnect = () => {
        clearTimeout(timer);
        if (stockFeed) {
          // As a site reads the stock stream: from the next broadcast on, acknowledging each.
          client.subscribe(
            STOCK_DESTINATION,
            (message) => {
              message.ack();
              connection.stockUpdates += 1;
            },
            stompHeaders(STOCK_SUBSCRIBE_HEADERS),
          );
        }
        resolve(connection);
      };
      client.onStompError = (frame) => {
        clearTimeout(timer);
        const reason = frame.headers.message ?? frame.command;
        connection.lifecycle.end(`STOMP ERROR: ${reason}`);
        reject(new Error(`${login}: STOMP ERROR ${reason}`));
      };
      client.onWebSocketClose = (event: { code?: number }) => {
        clearTimeout(timer);
        connection.lifecycle.end(`connection closed (${event.code ?? "?"})`);
        reject(new Error(`${login}: the WebSocket closed before CONNECTED`));
      };
      client.onUnhandledMessage = (message) => {
        connection.receive(message);
      };
      client.activate();
    });
  }

  get inFlight(): number {
    return this.lifecycle.inFlight;
  }

  get open(): boolean {
    return this.lifecycle.open;
  }

  request(): Promise<Outcome> {
    return this.lifecycle.request((purchase) => {
      const receipt = `r-${++this.receipts}`;
      this.client.watchForReceipt(receipt, () => {
        this.lifecycle.accepted(purchase.orderId, performance.now());
      });
      this.client.publish({
        destination: this.echo ? echoDestination(this.country) : purchaseDestination(this.country),
        headers: stompHeaders({ ...purchaseSendHeaders(purchase), receipt }),
        body: JSON.stringify(purchase),
      });
    });
  }

  async close(): Promise<void> {
    this.lifecycle.end("closed by the bench");
    await this.client.deactivate();
  }

  private receive(message: IMessage): void {
    const at = performance.now();
    if (this.echo) {
      // The echo sends the purchase back as it came: only its correlation-id says which.
      const orderId = message.headers[CORRELATION_ID_HEADER];
      if (orderId !== undefined) this.lifecycle.settle(orderId, OUTCOME_STATUSES.confirmed, at);
      return;
    }
    const confirmation = parseReply(message);
    if (confirmation === undefined) return;
    const { orderId } = confirmation;
    if (confirmation.status === ORDER_OUTCOMES.confirmed) this.lifecycle.settle(orderId, OUTCOME_STATUSES.confirmed, at);
    else this.lifecycle.settle(orderId, OUTCOME_STATUSES.rejected, at, confirmation.reason);
  }
}

function stompHeaders(headers: Record<string, string>): StompHeaders {
  return Object.assign(new StompHeaders(), headers);
}
