import type { StockLevel } from "@repo/contract";
import { INVENTORY_DESTINATION, parseStockLevel } from "@repo/contract";
import type { IMessage } from "@stomp/stompjs";
import { stockToShow } from "../inventory/stock.js";

/** The part of a stompjs `Client` a subscription needs. */
export interface StompSubscriberPort {
  subscribe(destination: string, callback: (message: IMessage) => void): unknown;
}

/**
 * The live stock, as the consumer broadcasts it on `tickets.inventory`.
 * The broker gives the SUBSCRIBE its own auto-deleted queue, which dies
 * with the connection, and stompjs does not subscribe again by itself: the
 * owner of the connection calls `subscribe` on every connect. The consumer
 * republishes the stock every second, so a fresh subscription is current
 * within a second without asking anyone.
 */
export class StockFeed {
  private value: StockLevel | undefined;
  private lastHeard: number | undefined;

  /** `onChange` runs whenever the level to show changed; `wallClock` stamps each broadcast heard. */
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
   * which is the consumer's clock and stays put while the level does.
   */
  get heardAt(): number | undefined {
    return this.lastHeard;
  }

  subscribe(client: StompSubscriberPort): void {
    client.subscribe(INVENTORY_DESTINATION, (message) => {
      this.receive(message.body);
    });
  }

  private receive(body: string): void {
    const level = parseStockLevel(body);
    if (level === undefined) return;
    this.lastHeard = this.wallClock();
    const next = stockToShow(this.value, level);
    if (next === this.value) return;
    this.value = next;
    this.onChange();
  }
}
