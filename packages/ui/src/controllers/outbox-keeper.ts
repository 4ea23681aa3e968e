import type { Country } from "@repo/contract";
import type { Order, OrderBook } from "../orders/order-book.js";
import { isOutstanding, isUnprocessed, markTold } from "../orders/order-book.js";
import type { ExpiredResult } from "../orders/outbox.js";
import { adoptStored, entryOf, isTooOldToSend, markExpired, ordersToSend, outlivedParkedEntries, restoreOutbox } from "../orders/outbox.js";
import type { OutboxEntry } from "../orders/outbox-entry.js";
import { isParked } from "../orders/outbox-entry.js";
import type { OutboxStorage } from "../orders/outbox-storage.js";

/**
 * A page's side of the outbox in storage: what it writes of each order and
 * when, which orders storage refused, and what other tabs of the site have
 * stored since it last looked. The orders themselves are the caller's book;
 * the methods that change them take the book and return the new one. `now`
 * is the browser's clock (epoch milliseconds).
 */
export class OutboxKeeper {
  private readonly storage: OutboxStorage;
  private readonly country: Country;
  /**
   * Orders storage refused to keep (quota, privacy settings): their absence
   * from it is no sign another tab sent them, so they may still expire.
   */
  private readonly unkept = new Set<string>();
  /**
   * The last write storage was asked to take failed: until one succeeds,
   * this browser does not save orders, whether or not one is owed at this
   * moment. Otherwise the warning came with each order and went with its
   * answer, a flash and an announcement at every purchase. A storage known
   * to keep nothing refuses from the start, before any order is placed.
   */
  private refusing: boolean;
  /** This tab's name among the site's tabs (`ClosedTabWatch.tab`), written into each entry it keeps; undefined without Web Locks. */
  private readonly tab: string | undefined;

  constructor(storage: OutboxStorage, country: Country, tab?: string) {
    this.storage = storage;
    this.country = country;
    this.refusing = storage.keepsNothing === true;
    this.tab = tab;
  }

  /**
   * Puts in `book` the orders an earlier page load (or another tab) kept:
   * queued, those it never learned the outcome of; with their Try again,
   * those the consumer could not process. Forgets the parked entries
   * (tombstones, unprocessed orders) whose retention is over.
   */
  restore(book: OrderBook, now: number): OrderBook {
    const stored = this.storage.load();
    const outlived = new Set(outlivedParkedEntries(stored, now));
    this.storage.forget([...outlived]);
    return restoreOutbox(
      book,
      stored.filter((entry) => !outlived.has(entry.purchase.orderId)),
    );
  }

  /**
   * Puts in `book` the orders the tab named `tab` kept and left unanswered
   * when it closed, as `restore` does on a reload; no other tab's, which
   * those tabs still send themselves.
   */
  adoptClosedTabs(book: OrderBook, tab: string): OrderBook {
    return restoreOutbox(book, this.storage.load().filter((entry) => entry.keeper === tab));
  }

  /**
   * How many orders the open tabs named in `tabs` keep owed in storage,
   * that `book` does not hold: theirs to send, and to show. Parked entries
   * are owed by nobody until a buyer asks again.
   */
  heldByTabs(book: OrderBook, tabs: ReadonlySet<string>): number {
    if (tabs.size === 0) return 0;
    const listed = new Set(book.orders.map((order) => order.orderId));
    return this.storage
      .load()
      .filter((entry) => entry.keeper !== undefined && tabs.has(entry.keeper) && !isParked(entry) && !listed.has(entry.purchase.orderId)).length;
  }

  /** Keeps an order as it now stands (placed, first published, asked for again), noting whether storage took it. */
  keep(order: Order): void {
    if (this.store([this.entryOf(order)])) this.unkept.delete(order.orderId);
    else this.unkept.add(order.orderId);
  }

  /**
   * Rewrites an order as it now stands if it is still kept: another tab
   * may have learned its outcome and forgotten it, and a note about it
   * must not bring it back.
   */
  rewrite(order: Order): void {
    this.storage.rewrite([this.entryOf(order)]);
  }

  /**
   * The consumer answered the order (at `now`): no page load is to send it
   * again. One it could not process is parked as unprocessed, so a reload
   * shows it with its Try again: rewritten only if still kept, since
   * another tab may have learned a final answer and forgotten it, unless
   * storage refused it here before, which says nothing of other tabs.
   */
  answered(order: Order, now: number): void {
    if (!isUnprocessed(order)) {
      this.forget(order.orderId);
      return;
    }
    const entry = this.entryOf(order, now);
    if (!this.unkept.has(order.orderId)) this.storage.rewrite([entry]);
    else if (this.store([entry])) this.unkept.delete(order.orderId);
  }

  /** What storage keeps of an order, signed with this tab's name. */
  private entryOf(order: Order, answeredAt?: number): OutboxEntry {
    const entry = entryOf(order, this.country, answeredAt);
    return this.tab === undefined ? entry : { ...entry, keeper: this.tab };
  }

  /** Writes entries, noting whether storage took them (`refusing`). */
  private store(entries: readonly OutboxEntry[]): boolean {
    const taken = this.storage.keep(entries);
    this.refusing = !taken;
    return taken;
  }

  private forget(orderId: string): void {
    this.storage.forget([orderId]);
    this.unkept.delete(orderId);
  }

  /**
   * Whether storage refuses to keep orders (its last write failed), or some
   * order of `book` still owed an outcome, or waiting for the buyer's Try
   * again, is one it refused: a reload now would forget it.
   */
  notKept(book: OrderBook): boolean {
    if (this.refusing) return true;
    return this.unkept.size > 0 && book.orders.some((order) => (isOutstanding(order) || isUnprocessed(order)) && this.unkept.has(order.orderId));
  }

  /** Records that the buyer heard the order's given-up status, in the book and in storage, for the next page load. */
  rememberTold(book: OrderBook, orderId: string): OrderBook {
    const next = markTold(book, orderId);
    const told = next.orders.find((order) => order.orderId === orderId);
    if (told) this.rewrite(told);
    return next;
  }

  /**
   * Queued orders the site never sent, asked for more than a day before
   * `now` (`OUTBOX_MAX_AGE_MS`), expire: in storage they become tombstones,
   * which no page load restores.
   *
   * Other tabs of the site share the storage, and this tab's view of an
   * order may be out of date: another tab may have sent it since, answered
   * and forgotten it, or been asked to send it anyway. So before expiring
   * anything, the stored entries are read again (only when there is a
   * candidate: most calls have none) and what they say wins (`adoptStored`):
   * an order another tab sent, or one no longer stored, is resent rather
   * than expired, since the broker may have it.
   */
  expireStale(book: OrderBook, now: number): ExpiredResult {
    if (!ordersToSend(book).some((order) => isTooOldToSend(order, now))) return { book, expired: [] };
    const result = markExpired(adoptStored(book, this.storage.load(), now, this.unkept), now);
    // Tombstones, not removals: another tab that still holds one of them queued must not read its absence as
    // "answered elsewhere" and send it.
    if (result.expired.length > 0) this.store(result.expired.map((order) => this.entryOf(order)));
    return result;
  }
}
