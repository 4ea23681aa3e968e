import type { Country, PurchaseQuantity } from "@repo/contract";
import { siteLogin, VHOST } from "@repo/contract";
import type { ConnectionState, Order } from "@repo/ui/headless";
import { CONNECTION_STATES, isAnswered, memoryOutboxStorage, TicketsController } from "@repo/ui/headless";
import { Client } from "@stomp/stompjs";
import WebSocket from "ws";

type Host = ConstructorParameters<typeof TicketsController>[0];

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
  /**
   * Times the controller saw an established connection fail (online to
   * reconnecting), over every page load. A reload closes the connection on
   * purpose (offline), which is not a loss.
   */
  connectionsLost = 0;
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

  /**
   * Orders the broker took (their RECEIPT came) and nobody has answered
   * yet, in this page load: the ones waiting in a queue or in the
   * consumer's hands.
   */
  awaitingAnswer(): number {
    return this.controller.orders.filter(({ status }) => status === "accepted" || status === "timed-out").length;
  }

  /** Where this site's unanswered orders stand, for a failure message: `{ queued: 2, busy: 1 }`. */
  unansweredByStatus(): Record<string, number> {
    const waiting = new Set(this.unanswered());
    const counts: Record<string, number> = {};
    for (const order of this.controller.orders) if (waiting.has(order.orderId)) counts[order.status] = (counts[order.status] ?? 0) + 1;
    return counts;
  }

  /** Cuts the WebSocket without a close handshake, as a lost network does; it must be open, or there is nothing to cut. */
  dropConnection(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) {
      throw new Error(`${this.name} has no open WebSocket to drop (its connection is ${this.controller.connection})`);
    }
    this.socket.terminate();
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
    // Filled in once the controller exists; it may ask for an update while it is built.
    const page: { controller?: TicketsController; seen?: ConnectionState } = {};
    // A Lit host that renders nothing. The controller asks it to update on every change of state,
    // so this is where the changes are seen, as the badge of a real page would show them.
    const host: Host = {
      addController: () => undefined,
      removeController: () => undefined,
      requestUpdate: () => {
        const state = page.controller?.connection;
        if (state === page.seen) return;
        if (state === CONNECTION_STATES.reconnecting) this.connectionsLost++;
        page.seen = state;
      },
      updateComplete: Promise.resolve(true),
    };
    const controller = new TicketsController(host, {
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
    page.controller = controller;
    controller.hostConnected();
    return controller;
  }
}
