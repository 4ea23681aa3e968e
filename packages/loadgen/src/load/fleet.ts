import type { Progress } from "../progress.js";
import type { Opened } from "./open-all.js";
import { openAll } from "./open-all.js";
import type { Requester } from "./outcome.js";

export interface FleetOptions {
  /** How many open at once: a crowd arriving, not a stampede on the handshake queue. */
  concurrency: number;
  signal: AbortSignal;
  /**
   * Whether some may fail to open, as a crowd of tabs may: they are counted
   * in `failures`. Otherwise a failure, or an interrupt, closes the ones that
   * did open and throws: the load would not be the one asked for.
   */
  tolerateFailures: boolean;
}

/** Opens `count` requesters with a progress bar. */
export async function openFleet<T extends Requester>(
  progress: Progress,
  label: string,
  count: number,
  open: (index: number) => Promise<T>,
  { concurrency, signal, tolerateFailures }: FleetOptions,
): Promise<Opened<T>> {
  let done = 0;
  progress.start(label, () => ({ fraction: done / count, status: `${done} / ${count}` }));
  const fleet = await openAll(count, open, {
    concurrency,
    signal,
    onProgress: (value) => {
      done = value;
    },
  });
  progress.stop();
  const { opened, failures } = fleet;
  if (!tolerateFailures && (failures.length > 0 || opened.length < count)) {
    await Promise.all(opened.map((each) => each.close()));
    throw new Error(`${label}: ${count - opened.length} of ${count} did not open (${failures[0] ?? "interrupted"})`);
  }
  return fleet;
}

/** Closes requesters at most `concurrency` at a time, with a progress bar. */
export async function closeFleet(progress: Progress, label: string, fleet: readonly Requester[], concurrency: number): Promise<void> {
  let closed = 0;
  progress.start(label, () => ({ fraction: closed / fleet.length, status: `${closed} / ${fleet.length}` }));
  await openAll(fleet.length, (index) => fleet[index]?.close() ?? Promise.resolve(), {
    concurrency,
    onProgress: (count) => {
      closed = count;
    },
  });
  progress.stop();
}
