import type { RejectionReason } from "@repo/contract";
import type { BrokerErrorKind } from "../controllers/broker-error.js";
import type { ConnectionState } from "../controllers/connection-state.js";
import type { OrderStatus } from "../orders/order-book.js";
import type { RushStatus } from "../orders/rush.js";

/**
 * A number a sentence tells, whose words agree with it: its value, for the
 * grammar ("1 confirmée", "2 confirmées"), and its text in the site's
 * locale ("1 000").
 */
export interface Count {
  readonly value: number;
  readonly text: string;
}

/**
 * Every text a site shows, in one language. Each language's table is typed
 * with this interface, so a missing or misspelt key is a compile error.
 * Functions receive values already formatted for the language.
 */
export interface Messages {
  /** Beside the country name in the header. */
  readonly siteName: string;
  /** Small line above the event title. */
  readonly heroEyebrow: string;
  /** Heading of the purchase card. */
  readonly buyHeading: string;
  /** A buy button's text, which is also its accessible name: "+10 tickets". */
  readonly buyButton: (quantity: string) => string;
  /** A number of tickets: "10 tickets". */
  readonly tickets: (count: string) => string;
  /** Price of one ticket: "€45 per ticket". */
  readonly unitPrice: (price: string) => string;
  /** Shown while not online: orders placed now wait in the outbox. */
  readonly offlineHint: string;
  /** Shown online while the consumer is not answering (`stock.silent`): orders placed now wait in its queue for their answers. */
  readonly boxOfficeHint: string;
  /** Under the orders while the browser refuses to store them (storage full or disabled): a reload would forget the unanswered ones. */
  readonly ordersNotKept: string;
  /**
   * The strip under the header while not online after the broker sent an
   * ERROR frame and closed the connection: what that means for the buyer,
   * that the orders are kept and go out once the site is let back in, and
   * that there is nothing to do but wait. `refused`: the broker refuses
   * the site (its login, say); `closed`: any other reason.
   */
  readonly brokerError: Readonly<Record<BrokerErrorKind, string>>;
  /** Begins the smaller line under it, for an operator: the broker's own words, in English, follow in quotes. */
  readonly brokerWords: string;
  /**
   * In an answered order's row, the stock left once the consumer decided it:
   * said as "after this order", or beside the live stock a row's older
   * figure read as a stock that disagreed with it.
   */
  readonly remaining: (count: string) => string;
  /** The live stock meter and what happens when nothing is left. */
  readonly stock: {
    readonly heading: string;
    /** The heading once a broadcast was heard, while the stock is not live (not online, or no broadcast for a few seconds): the stock as this page last heard it, at `time` of day (the page's clock); as short as `heading`, so that it wraps no more (a 360 px phone fits about 25 characters). */
    readonly headingNotLive: (time: string) => string;
    /** The heading while the box office is silent before any broadcast was heard: "live" would promise, beside `silent`, what the card cannot show. */
    readonly headingUnheard: string;
    /** Accessible name of the meter. */
    readonly meterLabel: string;
    /** Under the meter, and its spoken value: "880 of 1,000 tickets left". */
    readonly level: (remaining: string, total: string) => string;
    /** Before the first broadcast arrives. */
    readonly waiting: string;
    /**
     * Once the connection has gone a few seconds without a broadcast: the
     * consumer (the "box office" that answers orders and sends the stock)
     * is not answering. In place of `waiting` before the first broadcast,
     * and as short, so that nothing below moves; after one, in place of the
     * greyed bar, on one line on a 360 px phone (about 30 characters).
     */
    readonly silent: string;
    readonly soldHeading: string;
    /** After the site's own country in the sales, for screen readers, which do not see its outline: "(this site)". */
    readonly ownCountry: string;
    /** Badge, hero line and announcement once nothing can be bought. */
    readonly soldOut: string;
    readonly soldOutHint: string;
    /** Shown while some offers are larger than what is left, and announced once when that begins. */
    readonly lowStock: (count: string) => string;
  };
  /**
   * The connection badge: the state, which screen readers hear as it
   * changes. `offline` is a site that has not reached the broker yet, while
   * the browser has a network: the server is unreachable, not the buyer.
   */
  readonly connection: Readonly<Record<ConnectionState, string>>;
  /** The badge's state, whatever the connection's, while the browser says it has no network. */
  readonly deviceOffline: string;
  /** Beside the badge's state while the connection is down: the site keeps trying. */
  readonly reconnect: {
    /** When the next attempt starts, in whole seconds, a countdown: "retrying in 8 s". */
    readonly in: (seconds: string) => string;
    /** While an attempt is under way. */
    readonly trying: string;
    /** While the browser says it has no network: no countdown, the site waits for it. */
    readonly noNetwork: string;
    /** The button that tries at once instead of waiting. */
    readonly now: string;
  };
  readonly ordersHeading: string;
  /** Accessible name of the order list. */
  readonly ordersLabel: string;
  readonly ordersEmpty: string;
  /**
   * Above the orders (in place of `ordersEmpty` when there are none here)
   * while the site's other open tabs hold orders still owed an answer that
   * this tab does not list: a buyer who saw none here might order again.
   * Several may come from one tab or from several, which the count does not
   * tell: the plural says "outside this tab", not "in other tabs".
   */
  readonly ordersInOtherTabs: (count: Count) => string;
  readonly orderStatus: Readonly<Record<OrderStatus, string>>;
  /** The button that sends a busy order, or one that could not be processed, again (the same order). */
  readonly retryOrder: string;
  /** The button that sends an expired order anyway. */
  readonly sendAnyway: string;
  /** Under an expired order's status: why it was not sent. */
  readonly expiredDetail: string;
  /** Under an order that timed out: a late answer still counts, and ordering again would buy twice. */
  readonly timedOutDetail: string;
  /**
   * Under an order waiting for the connection that the site had sent
   * before (its connection dropped before the answer): it may be sold
   * already, it goes again with the same orderId, and ordering again
   * would buy twice.
   */
  readonly resendDetail: string;
  /**
   * The first words of `timedOutDetail` and `resendDetail`, for the older
   * rows in the same state: the whole advice shows on the newest only, so
   * that fifteen rows do not repeat it fifteen times, to the eye and to a
   * screen reader going down the list.
   */
  readonly timedOutShort: string;
  readonly resendShort: string;
  /** Why the consumer rejected an order; `processing_failed` points to the Try again button (`retryOrder`), never to a new order. */
  readonly rejection: Readonly<Record<RejectionReason, string>>;
  /** Time from publishing to the answer: "in 23 ms". */
  readonly answeredIn: (duration: string) => string;
  /** Time from publishing to the broker's receipt: "reached the server in 4 ms". */
  readonly acceptedIn: (duration: string) => string;
  /** Labels of the order statistics. */
  readonly stats: {
    readonly inFlight: string;
    readonly confirmed: string;
    readonly rejected: string;
    readonly timedOut: string;
    /** Orders the broker refused, shown only when there are some. */
    readonly busy: string;
    /** Orders not sent because they were placed too long ago, shown only when there are some. */
    readonly expired: string;
    /**
     * The median time to an answer, said as what it means ("Half answered
     * within"): "Median" alone did not say of what.
     */
    readonly median: string;
    /** The 95th percentile, likewise ("95% answered within"). */
    readonly p95: string;
    /** What the median and the 95th percentile say to screen readers before any order is answered; the eye sees a dash. */
    readonly noTimeYet: string;
  };
  readonly rushHeading: string;
  /** What a rush does; `tickets` is what each of its orders buys ("10 tickets"): the button counts orders, not tickets. */
  readonly rushDescription: (tickets: string) => string;
  /** Under the rush buttons while not online: why they are unavailable. */
  readonly rushOfflineHint: string;
  /**
   * In the order list, on each order a rush placed: a hundred rows that look
   * like the buyer's own would hide those among them. `tag` is what the eye
   * sees, beside the quantity; screen readers hear `spoken` in its place, as
   * a bare "Rush" after "10 tickets" says little.
   */
  readonly rushOrder: { readonly tag: string; readonly spoken: string };
  /** The rush button: "Rush: 100 orders". */
  readonly rushStart: (count: string) => string;
  readonly rushStop: string;
  /** Label of the progress bar of orders the broker accepted. */
  readonly rushAccepted: string;
  /**
   * Label of the progress bar of orders with an outcome: answered, or
   * unconfirmed (given up waiting for, the answer may still come). Not
   * "processed": with the consumer down, a rush ends all unconfirmed.
   */
  readonly rushAnswered: string;
  readonly rushStatus: Readonly<Record<RushStatus, string>>;
  /** Beside the status of a rush that ended before placing all its orders: how many it placed; the others never will be. */
  readonly rushPlaced: (placed: Count, total: Count) => string;
  /** Sentences for the screen-reader live region. */
  readonly announce: {
    readonly confirmed: (tickets: string) => string;
    readonly rejected: (tickets: string, reason: string) => string;
    readonly timedOut: (tickets: string) => string;
    /** The broker gave no receipt: the order was not taken. */
    readonly busy: (tickets: string) => string;
    /** The order was placed more than a day ago and the site never sent it (clicked offline): it was not sent. */
    readonly expired: (tickets: string) => string;
    readonly notSent: string;
    /** An order placed while not online waits to be sent. */
    readonly queued: (tickets: string) => string;
    readonly rushStarted: (count: string) => string;
    /**
     * The rush ended, each way it can end: one sentence, with how many of its
     * orders the broker accepted and, when it ended early, how many it placed
     * (the others never will be).
     */
    readonly rushEnded: Readonly<Record<Exclude<RushStatus, "running">, (accepted: Count, placed: Count, total: Count) => string>>;
    /** Every order of the rush the broker took has its outcome. */
    readonly rushAnswered: (confirmed: Count, rejected: Count, unconfirmed: Count) => string;
  };
  /** Footer line naming the broker the site talks to. */
  readonly footer: (url: string, login: string) => string;
}
