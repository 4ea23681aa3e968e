import type { Country } from "@repo/contract";
import type { Outcome, Requester } from "./outcome.js";
import { failedAtOnce, OUTCOME_STATUSES } from "./outcome.js";

/** The detail of a purchase the run stopped waiting for. */
export const INTERRUPTED_DETAIL = "the run was interrupted before its answer";

interface Awaited {
  country: Country;
  sentAt: number;
  resolve: (outcome: Outcome) => void;
}

/**
 * The answers a phase is waiting for, so that an interrupt ends them all at
 * once, as errors. Ctrl-C in a terminal reaches the consumer and the echo
 * worker too (they share its process group), so after it the answers may
 * never come: waiting for each to time out (--timeout, 10 s) would hold up
 * the teardown. One abort listener for the whole phase rather than one per
 * purchase, which would pile thousands of listeners on the signal.
 */
export class AwaitedAnswers {
  private readonly waiting = new Set<Awaited>();
  private readonly onAbort = (): void => {
    this.interruptAll();
  };

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** Sends one purchase; resolves with its outcome, or with an error as soon as the run is interrupted. */
  request(requester: Requester): Promise<Outcome> {
    if (this.signal?.aborted === true) return failedAtOnce(requester.country, INTERRUPTED_DETAIL);
    return new Promise((resolve) => {
      const awaited: Awaited = { country: requester.country, sentAt: performance.now(), resolve };
      this.waiting.add(awaited);
      void requester.request().then((outcome) => {
        // An answer after the interrupt is dropped: its purchase already has an outcome.
        if (this.waiting.delete(awaited)) resolve(outcome);
      });
    });
  }

  /** Stops listening for the interrupt; the phase is over. */
  dispose(): void {
    this.signal?.removeEventListener("abort", this.onAbort);
  }

  private interruptAll(): void {
    const at = performance.now();
    for (const { country, sentAt, resolve } of this.waiting) {
      resolve({ country, status: OUTCOME_STATUSES.error, sentAt, acceptedAt: undefined, doneAt: at, detail: INTERRUPTED_DETAIL });
    }
    this.waiting.clear();
  }
}
