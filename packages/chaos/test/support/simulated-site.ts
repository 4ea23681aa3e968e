import type { Country, PurchaseQuantity } from "@repo/contract";
import { siteLogin, VHOST } from "@repo/contract";
import type { Order } from "@repo/ui/headless";
import { isAnswered, memoryOutboxStorage, TicketsController } from "@repo/ui/headless";
import { Client } from "@stomp/stompjs";
import WebSocket from "ws";

type Host = ConstructorParameters<typeof TicketsController>[0];

/** A Lit host that renders nothing: the controller only asks it to update. */
const headlessHost: Host = {
  addController: () => undefined,
  removeController: () => undefined,
  requestUpdate: () => undefined,
  updateComplete: Promise.resolve(true),
};

/**
 * A ticket site as a browser tab runs it, without the DOM: the sites' own
 * `TicketsController` (outbox, resend with the same orderId, backoff with
 * jitter, receipts) over a `ws` WebSocket. So the rules under test are the
 * browser's, not a copy of them. The test can cut its socket as a network
 * fault would, and reload it: a new controller on the same outbox storage,
 * as a new page load on the same localStorage.
 */
export class SimulatedSite {
  /** Every order this site placed, by orderId. */
  readonly placed = new Map<string, Order>();
  /** The answer this site received for each order, by orderId. */
  readonly outcomes = new Map<string, Order>();
  /** SEND frames handed to the socket: each order once, plus every resend. */
  sends = 0;
  private readonly outbox = memoryOutboxStorage();
  private controller: TicketsController;
  private socket: WebSocket | undefined;

  constructor(
    readonly name: string,
    readonly country: Country,
    private readonly webStompUrl: string,
  ) {
    this.controller = this.open();
  }

  get online(): boolean {
    return this.controller.canBuy;
  }

  /** Buys through the outbox, online or not, as a click does. */
  buy(quantity: PurchaseQuantity): void {
    const order = this.controller.publishPurchase(quantity);
    this.placed.set(order.orderId, order);
  }

  /** Orders placed whose outcome this site has not learned. */
  unanswered(): string[] {
    return [...this.placed.keys()].filter((orderId) => !this.outcomes.has(orderId));
  }

  /** Where this site's unanswered orders stand, for a failure message: `{ queued: 2, busy: 1 }`. */
  unansweredByStatus(): Record<string, number> {
    const waiting = new Set(this.unanswered());
    const counts: Record<string, number> = {};
    for (const order of this.controller.orders) if (waiting.has(order.orderId)) counts[order.status] = (counts[order.status] ?? 0) + 1;
    return counts;
  }

  /** Cuts the WebSocket without a close handshake, as a lost network does. */
  dropConnection(): void {
    this.socket?.terminate();
  }

  /** Closes the page and opens it again; the outbox storage is what carries over. */
  reload(): void {
    this.controller.hostDisconnected();
    this.controller = this.open();
  }

  close(): void {
    this.controller.hostDisconnected();
    this.socket?.terminate();
  }

  private open(): TicketsController {
    const login = siteLogin(this.country);
    const controller = new TicketsController(headlessHost, {
      country: this.country,
      broker: { url: this.webStompUrl, login, passcode: login, vhost: VHOST },
      outbox: this.outbox,
      // Node 20 has no global WebSocket; everything else is the browser's configuration.
      createClient: (config) => {
        const client = new Client(config);
        client.webSocketFactory = () => (this.socket = new WebSocket(this.webStompUrl));
        const publish = client.publish.bind(client);
        client.publish = (params) => {
          publish(params);
          this.sends++;
        };
        return client;
      },
      onOrderSettled: (order) => {
        if (isAnswered(order)) this.outcomes.set(order.orderId, order);
      },
    });
    controller.hostConnected();
    return controller;
  }
}
