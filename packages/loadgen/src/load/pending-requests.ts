import type { Country } from "@repo/contract";
import type { Outcome, OutcomeStatus } from "./outcome.js";
import { OUTCOME_STATUSES } from "./outcome.js";

interface Entry {
  sentAt: number;
  acceptedAt: number | undefined;
  resolve: (outcome: Outcome) => void;
}

/** Every table with something in flight; one timer sweeps them all instead of a timer per purchase. */
const watched = new Set<PendingRequests>();
let sweeper: NodeJS.Timeout | undefined;
const SWEEP_INTERVAL_MS = 100;

function watch(table: PendingRequests): void {
  watched.add(table);
  sweeper ??= setInterval(() => {
    const now = performance.now();
    for (const each of watched) {
      each.expire(now);
      if (each.size === 0) watched.delete(each);
    }
    if (watched.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }, SWEEP_INTERVAL_MS);
}

/**
 * The purchases one connection is waiting on, by correlation id. Entries are
 * kept in send order, and every one has the same timeout, so expiring them
 * stops at the first that is still young.
 */
export class PendingRequests {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly country: Country,
    private readonly timeoutMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Registers a purchase about to be sent; the promise resolves with its outcome. */
  add(id: string, sentAt: number): Promise<Outcome> {
    return new Promise((resolve) => {
      this.entries.set(id, { sentAt, acceptedAt: undefined, resolve });
      if (this.entries.size === 1) watch(this);
    });
  }

  /** The broker took the purchase (receipt or publisher confirm). */
  accepted(id: string, at: number): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) entry.acceptedAt = at;
  }

  /** The answer came; answers to unknown or expired ids are ignored. */
  settle(id: string, status: OutcomeStatus, at: number, detail?: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.entries.delete(id);
    entry.resolve({ country: this.country, status, sentAt: entry.sentAt, acceptedAt: entry.acceptedAt, doneAt: at, detail });
  }

  /** Ends everything in flight as an error, e.g. when the connection dropped. */
  failAll(detail: string, at: number): void {
    for (const id of [...this.entries.keys()]) this.settle(id, OUTCOME_STATUSES.error, at, detail);
  }

  /** Times out whatever waited the timeout or longer: `--timeout` is how long a purchase may go unanswered. */
  expire(now: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.sentAt < this.timeoutMs) return;
      const detail = entry.acceptedAt === undefined ? "no receipt" : "no confirmation";
      this.settle(id, OUTCOME_STATUSES.timeout, now, detail);
    }
  }
}
