import type { Country, StockLevel } from "@repo/contract";
import { parseStockLevel, siteLogin, STOCK_DESTINATION, STOCK_SUBSCRIBE_HEADERS, VHOST } from "@repo/contract";
import { Client, StompHeaders } from "@stomp/stompjs";
import WebSocket from "ws";
import { withTimeout } from "./with-timeout.js";

/**
 * What a site's stock meter hears: a Web-STOMP connection with a site's
 * login, subscribed to the stock broadcast as the browser subscribes.
 * Connecting resolves with the first broadcast, so it also proves the
 * site may subscribe: the broker closes a refused subscription's
 * connection without an ERROR frame.
 */
export class StockWatcher {
  readonly levels: StockLevel[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly client: Client) {}

  /**
   * `from: "first"` reads the stream from its first message instead of the
   * next, as a site never does: for a test that must not miss a broadcast
   * sent before its SUBSCRIBE reached the broker.
   */
  static async connect(webStompUrl: string, country: Country, timeoutMs = 10_000, from: "next" | "first" = "next"): Promise<StockWatcher> {
    const login = siteLogin(country);
    const client = new Client();
    client.webSocketFactory = () => new WebSocket(webStompUrl);
    client.connectHeaders = Object.assign(new StompHeaders(), { login, passcode: login, host: VHOST });
    client.reconnectDelay = 0;
    const watcher = new StockWatcher(client);
    const first = new Promise<void>((resolve, reject) => {
      client.onConnect = () => {
        client.subscribe(
          STOCK_DESTINATION,
          (message) => {
            message.ack();
            watcher.receive(message.body);
            resolve();
          },
          Object.assign(new StompHeaders(), STOCK_SUBSCRIBE_HEADERS, { "x-stream-offset": from }),
        );
      };
      client.onStompError = (frame) => {
        reject(new Error(`STOMP error for ${login}: ${frame.headers.message ?? frame.body}`));
      };
      client.onWebSocketClose = () => {
        reject(new Error(`${login}'s connection closed before the first stock broadcast`));
      };
      client.activate();
    });
    try {
      await withTimeout(first, timeoutMs, `no stock broadcast for ${login} within ${timeoutMs} ms`);
    } catch (error) {
      await client.deactivate();
      throw error;
    }
    return watcher;
  }

  /** The latest broadcast. */
  get latest(): StockLevel {
    const latest = this.levels.at(-1);
    if (latest === undefined) throw new Error("no stock broadcast yet");
    return latest;
  }

  /** Resolves with the first broadcast, already received or to come, that satisfies `wanted`. */
  until(wanted: (level: StockLevel) => boolean, timeoutMs = 10_000): Promise<StockLevel> {
    let check: () => void = () => undefined;
    const found = new Promise<StockLevel>((resolve) => {
      check = () => {
        const level = this.levels.find(wanted);
        if (level !== undefined) resolve(level);
      };
      this.listeners.add(check);
      check();
    });
    return withTimeout(found, timeoutMs, `no matching stock broadcast within ${timeoutMs} ms`).finally(() => {
      this.listeners.delete(check);
    });
  }

  async close(): Promise<void> {
    await this.client.deactivate();
  }

  private receive(body: string): void {
    const level = parseStockLevel(body);
    if (level === undefined) return;
    this.levels.push(level);
    for (const listener of [...this.listeners]) listener();
  }
}
