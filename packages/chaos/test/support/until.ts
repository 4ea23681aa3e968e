import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `check` until it is true, or fails naming `what` after `timeoutMs`.
 * Each check is handed a signal that aborts when the time is up, so a check
 * that waits on I/O (a fetch) cannot carry the wait past its bound; `signal`
 * ends the wait early, when the run has failed elsewhere.
 */
export async function until(
  what: string,
  timeoutMs: number,
  check: (bound: AbortSignal) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    const timeout = AbortSignal.timeout(left);
    if (await check(signal === undefined ? timeout : AbortSignal.any([timeout, signal]))) return;
    await sleep(Math.min(200, Math.max(0, deadline - Date.now())), undefined, { signal });
  }
}
