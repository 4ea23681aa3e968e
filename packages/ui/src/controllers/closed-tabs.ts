import { newOrderId } from "./order-id.js";

/** The part of the Web Locks API (`navigator.locks`) the watch uses. */
export interface TabLocks {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void> | void): Promise<unknown>;
  query(): Promise<{ held?: readonly { name?: string }[] }>;
}

/** Where the watch learns of the other tabs: the Web Locks API, and the window that fires their `storage` events. */
export interface TabSignals {
  readonly locks: TabLocks;
  readonly events: EventTarget;
}

export interface ClosedTabWatchOptions {
  /** What the keys of this site's outbox entries start with (`outboxKeyPrefix`): another tab writing one is news. */
  readonly outboxPrefix: string;
  /** The page's `navigator.locks` and window by default; none where the page has no Web Locks (plain http from another machine). */
  readonly signals?: TabSignals;
  /** The tab whose lock is `tab` closed (or reloaded, or crashed): the orders it kept in storage unanswered are now nobody's. */
  readonly onTabClosed: (tab: string) => void;
  /** The other tabs may have changed what they keep (`openTabs` is up to date): one wrote or removed an outbox entry, opened or closed. */
  readonly onOtherTabsChanged?: () => void;
}

/** The page's Web Locks and window, where it has both. */
function pageSignals(): TabSignals | undefined {
  if (typeof window === "undefined" || typeof navigator === "undefined" || !("locks" in navigator)) return undefined;
  return { locks: navigator.locks, events: window };
}

/**
 * Tells when another tab of the site closes, so the orders it left in the
 * shared outbox, unanswered, are adopted at once rather than at this tab's
 * next reload: the answer to such an order goes to the closed tab's
 * temporary queue, which died with it, and only a resend fetches it.
 *
 * Each tab holds a Web Lock of its own, named after the outbox, from its
 * first `start` for as long as it lives: the browser releases it when the
 * tab goes, however it goes, crashes included. (Released on `stop`, a
 * shop moved within the page would pass for a closed tab.) When it
 * starts, and whenever another tab writes an outbox entry (a `storage`
 * event), a tab asks for every other tab's lock it does not already wait
 * for: the request is granted when that tab is gone, and the lock is
 * released at once. A reload counts as a close: the reloaded tab and the
 * others then both send its orders, which at worst fetches each answer
 * twice. Without Web Locks nothing is watched, and a reload still adopts
 * what storage holds.
 *
 * The tabs it waits for are the site's other open tabs (`openTabs`): the
 * entries they keep are theirs to send, and a buyer who does not see them
 * here should still learn of them (`onOtherTabsChanged`).
 */
export class ClosedTabWatch {
  private readonly options: ClosedTabWatchOptions;
  private readonly signals: TabSignals | undefined;
  /** This tab's lock; the other tabs' start the same way. */
  private readonly ownLock: string;
  private readonly lockPrefix: string;
  /** Other tabs' locks this tab waits for. */
  private readonly watched = new Set<string>();
  /** Lets go of this tab's lock; set from the first `start` on. */
  private releaseOwnLock: (() => void) | undefined;
  /** Ends the watch: drops the waits and stops listening. Set from `start` to `stop`. */
  private running: AbortController | undefined;

  constructor(options: ClosedTabWatchOptions) {
    this.options = options;
    this.signals = options.signals ?? pageSignals();
    this.lockPrefix = `tickets.tab:${options.outboxPrefix}`;
    this.ownLock = `${this.lockPrefix}${newOrderId()}`;
  }

  /** This tab's name among the site's tabs (its lock's), for the entries it keeps; undefined without Web Locks. */
  get tab(): string | undefined {
    return this.signals === undefined ? undefined : this.ownLock;
  }

  /** The site's other tabs known to be open, by the names their entries carry (`keeper`); none while not running. Live: it changes as tabs come and go. */
  get openTabs(): ReadonlySet<string> {
    return this.watched;
  }

  /** Takes this tab's lock, the first time, and watches the others; does nothing when already running. */
  start(): void {
    const { signals } = this;
    if (signals === undefined || this.running !== undefined) return;
    const abort = new AbortController();
    this.running = abort;
    if (this.releaseOwnLock === undefined) {
      // Held until `release`, or the tab's end.
      const held = new Promise<void>((resolve) => {
        this.releaseOwnLock = resolve;
      });
      void signals.locks.request(this.ownLock, {}, () => held);
    }
    signals.events.addEventListener(
      "storage",
      (event) => {
        const { key } = event as StorageEvent;
        if (typeof key === "string" && key.startsWith(this.options.outboxPrefix)) void this.watchOtherTabs();
      },
      { signal: abort.signal },
    );
    void this.watchOtherTabs();
  }

  /** Stops watching, keeping this tab's lock; `start` watches again. */
  stop(): void {
    this.running?.abort();
    this.running = undefined;
    this.watched.clear();
  }

  /**
   * Stops watching and lets go of this tab's lock, for good: the controller
   * that owns the watch was replaced, and the entries it kept are as good
   * as a closed tab's. Its successor keeps them again as it sends them.
   */
  release(): void {
    this.stop();
    this.releaseOwnLock?.();
  }

  /** Waits for each other tab's lock not already waited for. */
  private async watchOtherTabs(): Promise<void> {
    const { signals, running } = this;
    if (signals === undefined || running === undefined) return;
    const { held = [] } = await signals.locks.query();
    if (this.running !== running) return;
    for (const { name } of held) {
      if (name === undefined || !name.startsWith(this.lockPrefix) || name === this.ownLock || this.watched.has(name)) continue;
      this.watched.add(name);
      signals.locks
        .request(name, { signal: running.signal }, () => {
          this.watched.delete(name);
          if (this.running !== running) return;
          this.options.onTabClosed(name);
          this.options.onOtherTabsChanged?.();
        })
        // Aborted by `stop`: nothing to do.
        .catch(() => undefined);
    }
    // At the start and after each storage event: what the other tabs keep is counted once the tabs it may name are known.
    this.options.onOtherTabsChanged?.();
  }
}
