import { sleep } from "../system/bounded-wait.js";

/** Reads how many messages wait in each queue; QueueDepths does, with -1 for a queue it could not read. */
export interface DepthReader {
  read(queues: readonly string[]): Promise<Record<string, number>>;
}

export interface DrainOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** Each reading, for progress. */
  onDepths?: (depths: Record<string, number>) => void;
}

export interface Drain {
  drained: boolean;
  /** The queues not at 0 at the last reading, with their depth (-1: could not be read). */
  left: Record<string, number>;
  waitedMs: number;
}

const DRAIN_POLL_MS = 250;

/**
 * Waits, at most `timeoutMs`, until every queue reads 0 ready messages. A
 * purchase the load generator gave up on (timed out) stays queued until the
 * consumer gets to it, so a phase after a backlogged one would otherwise
 * start with that backlog: its first answers would be old purchases', its
 * CPU and latency theirs. Stops at once on an interrupt.
 */
export async function waitForDrain(reader: DepthReader, queues: readonly string[], { timeoutMs, signal, onDepths }: DrainOptions): Promise<Drain> {
  const started = performance.now();
  for (;;) {
    const depths = await reader.read(queues).catch(() => Object.fromEntries(queues.map((queue) => [queue, -1])));
    onDepths?.(depths);
    const left = Object.fromEntries(Object.entries(depths).filter(([, depth]) => depth !== 0));
    const waitedMs = performance.now() - started;
    if (Object.keys(left).length === 0) return { drained: true, left, waitedMs };
    if (waitedMs >= timeoutMs || signal.aborted) return { drained: false, left, waitedMs };
    await sleep(DRAIN_POLL_MS, signal);
  }
}

/** A phase's problems, as the report lists them, for queues that had not drained when it began. */
export function drainProblems({ drained, left, waitedMs }: Drain): { detail: string; count: number }[] {
  if (drained) return [];
  const waited = `after waiting ${Math.round(waitedMs / 1000)} s`;
  const queued = Object.entries(left).filter(([, depth]) => depth > 0);
  const unreadable = Object.entries(left).filter(([, depth]) => depth < 0);
  const problems: { detail: string; count: number }[] = [];
  if (queued.length > 0) {
    problems.push({
      detail: `message still queued from earlier phases when this one began, ${waited} (${queued.map(([queue, depth]) => `${queue} ${depth}`).join(", ")})`,
      count: queued.reduce((sum, [, depth]) => sum + depth, 0),
    });
  }
  if (unreadable.length > 0) {
    problems.push({ detail: `queue whose depth could not be read before the phase began, ${waited} (${unreadable.map(([queue]) => queue).join(", ")})`, count: unreadable.length });
  }
  return problems;
}
