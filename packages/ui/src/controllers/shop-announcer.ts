import type { StockLevel } from "@repo/contract";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Locale } from "../i18n/locale.js";
import type { Messages } from "../i18n/messages.js";
import { isRunningShort } from "../inventory/stock.js";
import type { Order, OrderStatus } from "../orders/order-book.js";
import { ORDER_STATUSES } from "../orders/order-book.js";
import type { RushProgress } from "../orders/rush.js";
import { RUSH_STATUSES, rushUnconfirmed } from "../orders/rush.js";
import { HeldAnnouncements } from "./held-announcements.js";
import { StrayRushOutcomes } from "./stray-rush-outcomes.js";

/** A sentence for screen readers, keyed so that it stays one DOM node while it is in the log. */
export interface Announcement {
  readonly id: number;
  readonly text: string;
}

/**
 * Sentences kept in the log once drawn; the older ones have been read, and
 * removals are not announced. A burst told in one task is drawn whole first.
 */
export const ANNOUNCEMENTS_KEPT = 10;

/** One order's outcome in a sentence; `tickets` is its quantity already in words ("10 billets"). */
type OutcomeSentence = (messages: Messages, tickets: string, order: Order) => string;

/** The outcomes worth telling; an order settled as anything else (still on its way) is not news. */
const OUTCOME_SENTENCES: Partial<Record<OrderStatus, OutcomeSentence>> = {
  [ORDER_STATUSES.confirmed]: ({ announce }, tickets) => announce.confirmed(tickets),
  [ORDER_STATUSES.rejected]: ({ announce, rejection, orderStatus }, tickets, { reason }) =>
    announce.rejected(tickets, reason ? rejection[reason] : orderStatus.rejected),
  [ORDER_STATUSES.timedOut]: ({ announce }, tickets) => announce.timedOut(tickets),
  [ORDER_STATUSES.busy]: ({ announce }, tickets) => announce.busy(tickets),
  [ORDER_STATUSES.expired]: ({ announce }, tickets) => announce.expired(tickets),
};

export interface ShopAnnouncerOptions {
  /** The site's texts and formats; nothing is told while the host has none (no configuration yet). */
  readonly locale: () => Locale | undefined;
  /** Whether the host's log region is in the page yet. */
  readonly logShown: () => boolean;
}

/**
 * What the shop tells screen readers: order outcomes, rush milestones and
 * the stock running short, as sentences for the host's visually hidden
 * `log` region. Each sentence
 * is a new entry, so each is read: two orders settled in the same moment
 * would otherwise leave only the second in a region whose text is replaced.
 *
 * Which outcomes are news is the tickets controller's call (it tells a
 * given-up status once per order, and keeps that in the outbox); this only
 * words them. Its timed parts are controllers of the same host:
 * `HeldAnnouncements` holds the sentences told while the page is first
 * built, and `StrayRushOutcomes` batches the outcomes of rush orders no
 * running rush counts. Each change to the log asks the host to update.
 */
export class ShopAnnouncer implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: ShopAnnouncerOptions;
  private log: readonly Announcement[] = [];
  /** Ids never repeat, so a sentence that stays in the log keeps its node. */
  private announced = 0;
  private readonly held: HeldAnnouncements;
  private readonly strayRushOutcomes: StrayRushOutcomes;
  /** Whether the stock last shown was running short (`isRunningShort`). */
  private stockWasShort = false;

  constructor(host: ReactiveControllerHost, options: ShopAnnouncerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
    this.held = new HeldAnnouncements(host, {
      logShown: options.logShown,
      release: (text) => {
        this.addToLog(text);
      },
    });
    this.strayRushOutcomes = new StrayRushOutcomes(host, {
      tell: ({ confirmed, rejected, unconfirmed }) => {
        this.tell(({ messages, count }) => messages.announce.rushAnswered(count(confirmed), count(rejected), count(unconfirmed)));
      },
    });
  }

  /** The sentences for the log, oldest first: at most `ANNOUNCEMENTS_KEPT`, and those told since the host last drew it. */
  get announcements(): readonly Announcement[] {
    return this.log;
  }

  /**
   * Once the host has drawn the log, only the last sentences stay. Trimmed
   * after the drawing, not as each is told: more than ten told in one task
   * (a reload that expires a dozen offline clicks) would otherwise lose the
   * first ones before any screen reader saw them. The next update removes
   * the rest from the page; that removal is not announced, so it can wait.
   */
  hostUpdated(): void {
    if (this.log.length > ANNOUNCEMENTS_KEPT) this.log = this.log.slice(-ANNOUNCEMENTS_KEPT);
  }

  /**
   * One order's outcome. A running rush's orders never come here (the
   * controller tells them with the rush); other rush orders are told in
   * batches, since a hundred can settle in a second.
   */
  orderSettled(order: Order): void {
    if (order.rush) {
      this.strayRushOutcomes.add(order);
      return;
    }
    const sentence = OUTCOME_SENTENCES[order.status];
    if (sentence) this.tell(({ messages, number }) => sentence(messages, messages.tickets(number(order.quantity)), order));
  }

  /** A buyer's order, just placed: one that could not go out at once is told it waits for the connection. */
  orderPlaced(order: Order): void {
    if (order.status !== ORDER_STATUSES.queued) return;
    this.tell(({ messages, number }) => messages.announce.queued(messages.tickets(number(order.quantity))));
  }

  /**
   * The buyer asked for a rush of `count` orders; `started` is false when it
   * could not start: the button is unavailable then, but the connection may
   * drop between its last render and the press.
   */
  rushAsked(count: number, started: boolean): void {
    this.tell(({ messages, number }) => (started ? messages.announce.rushStarted(number(count)) : messages.announce.notSent));
  }

  /**
   * The stock the shop shows, at each of its updates. The line under the
   * offers that only few tickets are left appears with the broadcast that
   * makes it true, which no screen reader notices; so it is told here,
   * once, when the stock starts running short, and not again as each
   * broadcast lowers the figure. Sold out is the meter's to tell.
   */
  stockShown(stock: StockLevel | undefined): void {
    const short = isRunningShort(stock);
    if (short && !this.stockWasShort) this.tell(({ messages, number }) => messages.stock.lowStock(number(stock.remaining)));
    this.stockWasShort = short;
  }

  rushEnded(rush: RushProgress): void {
    const { status } = rush;
    if (status === RUSH_STATUSES.running) return;
    this.tell(({ messages, count }) => messages.announce.rushEnded[status](count(rush.accepted), count(rush.published), count(rush.total)));
  }

  /** The rush's outcomes, told once, when each of its orders has one or was given up on (busy ones count as unconfirmed). */
  rushAnswered(rush: RushProgress): void {
    this.tell(({ messages, count }) => messages.announce.rushAnswered(count(rush.confirmed), count(rush.rejected), count(rushUnconfirmed(rush))));
  }

  private tell(sentence: (locale: Locale) => string): void {
    const locale = this.options.locale();
    if (!locale) return;
    const text = sentence(locale);
    if (!this.held.hold(text)) this.addToLog(text);
  }

  private addToLog(text: string): void {
    this.announced++;
    this.log = [...this.log, { id: this.announced, text }];
    this.host.requestUpdate();
  }
}
