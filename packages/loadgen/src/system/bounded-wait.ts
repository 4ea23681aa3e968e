/** Why a bounded wait gave up. */
export const WAIT_FAILURES = {
  timeout: "ERR_WAIT_TIMEOUT",
  aborted: "ERR_WAIT_ABORTED",
} as const;

export type WaitFailure = (typeof WAIT_FAILURES)[keyof typeof WAIT_FAILURES];

export class WaitError extends Error {
  override readonly name = "WaitError";

  constructor(
    message: string,
    readonly code: WaitFailure,
  ) {
    super(message);
  }
}

export interface BoundedWaitOptions {
  /** What is awaited, for the message: "the echo consumer to say it is ready". */
  what: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Waits for `waiting`, but no longer than `timeoutMs` and not past an abort:
 * a child that never answers must not hang a run's setup, and Ctrl-C must
 * reach the teardown rather than wait with it.
 */
export async function boundedWait<T>(waiting: Promise<T>, { what, timeoutMs, signal }: BoundedWaitOptions): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = (): void => undefined;
  const givenUp = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new WaitError(`interrupted while waiting for ${what}`, WAIT_FAILURES.aborted));
    };
    timer = setTimeout(() => {
      reject(new WaitError(`gave up after ${timeoutMs / 1000} s waiting for ${what}`, WAIT_FAILURES.timeout));
    }, timeoutMs);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([waiting, givenUp]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

/** Resolves after `ms`, or at once when the run is interrupted: a pause that never holds up the teardown. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener("abort", done, { once: true });
  });
}
