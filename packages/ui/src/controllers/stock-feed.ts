import type { StockLevel } from "@repo/contract";
import { parseStockLevel, STOCK_DESTINATION, STOCK_SUBSCRIBE_HEADERS } from "@repo/contract";
import type { IMessage } from "@stomp/stompjs";
import { stockToShow } from "../inventory/stock.js";

/** The part of a stompjs `Client` a subscription needs. */
export interface StompSubscriberPort {
  subscribe(destination: string, callback: (message: IMessage) => void, headers: Record<string, string>): unknown;
}

/**
 * The live stock, as the consumer appends it to the stream
 * `tickets.stock`. A subscription reads from the next broadcast on and
 * ends with the connection; stompjs does not subscribe again by itself, so
 * the owner of the connection calls `subscribe` on every connect. The
 * consumer republishes the stock every second, so a fresh subscription is
 * current within a second without asking anyone.
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
    client.subscribe(
      STOCK_DESTINATION,
      (message) => {
        // A stream sends no more than the prefetch ahead of the acknowledgements; this one covers all before it.
        message.ack();
        this.receive(message.body);
      },
      { ...STOCK_SUBSCRIBE_HEADERS },
    );
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
