import { AwaitedAnswers } from "./awaited-answers.js";
import type { Outcome, Requester } from "./outcome.js";

/** Each requester keeps `inFlight` purchases unanswered, sending the next as soon as one is answered. */
export interface ClosedLoad {
  kind: "closed";
  requesters: readonly Requester[];
  inFlight: number;
}

/** Purchases at a fixed total rate, round-robin over the requesters, whether or not answers keep up. */
export interface OpenLoad {
  kind: "open";
  requesters: readonly Requester[];
  /** Purchases per second, all requesters together. */
  rate: number;
}

export type Load = ClosedLoad | OpenLoad;

/** When a phase started, when its measurement began (after the warm-up) and when it stopped sending; performance.now() times. */
export interface PhaseClock {
  startedAt: number;
  measureFrom: number;
  endsAt: number;
}

export interface DriveResult {
  clock: PhaseClock;
  /** Every purchase of the phase, warm-up included; the open loads' carry their scheduled time. */
  outcomes: Outcome[];
  /** How late the open loads sent each purchase of the measured window after its scheduled time: the generator's own lag, in ms (already inside their latency). */
  scheduleLagMs: number[];
  /** Open-load purchases of the measured window not sent because their requester already had `OPEN_LOOP_MAX_IN_FLIGHT` waiting. */
  skipped: number;
  /** Requesters, of all the loads, whose connection had closed before the phase began; they send nothing, or only errors. */
  closedBefore: number;
  /** Requesters whose connection closed while the phase ran. */
  closedDuring: number;
}

export interface DriveOptions {
  /** performance.now() the phase starts from, when the caller times something else against the same clock; now when absent. */
  startedAt?: number;
  warmupMs: number;
  durationMs: number;
  signal?: AbortSignal;
  /** Called with each outcome as it comes, for live progress. */
  onOutcome?: (outcome: Outcome) => void;
}

/** An open-loop requester this far behind is not sent more: the purchase is counted as skipped. */
export const OPEN_LOOP_MAX_IN_FLIGHT = 256;

/** The open loop's timer; each tick sends what is due by then, so a late tick catches up. */
const OPEN_LOOP_TICK_MS = 1;

/** Sends one purchase through the requester and resolves with its outcome. */
type Send = (requester: Requester) => Promise<Outcome>;

/**
 * Runs loads side by side for warm-up plus duration, then waits for every
 * purchase sent to be answered or to time out; an abort ends the wait at
 * once, every unanswered purchase an error.
 */
export async function drive(loads: readonly Load[], options: DriveOptions): Promise<DriveResult> {
  const startedAt = options.startedAt ?? performance.now();
  const clock: PhaseClock = {
    startedAt,
    measureFrom: startedAt + options.warmupMs,
    endsAt: startedAt + options.warmupMs + options.durationMs,
  };
  const requesters = loads.flatMap((load) => load.requesters);
  const closedBefore = requesters.filter((requester) => !requester.open).length;
  const result: DriveResult = { clock, outcomes: [], scheduleLagMs: [], skipped: 0, closedBefore, closedDuring: 0 };
  const record = (outcome: Outcome): void => {
    result.outcomes.push(outcome);
    options.onOutcome?.(outcome);
  };
  const aborted = (): boolean => options.signal?.aborted === true;
  const running = (): boolean => performance.now() < clock.endsAt && !aborted();
  const awaited = new AwaitedAnswers(options.signal);
  const send: Send = (requester) => awaited.request(requester);

  try {
    await Promise.all(
      loads.map((load) => (load.kind === "closed" ? runClosed(load, running, send, record) : runOpen(load, clock, options.warmupMs + options.durationMs, aborted, send, record, result))),
    );
  } finally {
    awaited.dispose();
  }
  result.closedDuring = requesters.filter((requester) => !requester.open).length - closedBefore;
  return result;
}

async function runClosed(load: ClosedLoad, running: () => boolean, send: Send, record: (outcome: Outcome) => void): Promise<void> {
  const loop = async (requester: Requester): Promise<void> => {
    // A closed requester answers at once with an error: stop rather than spin.
    while (running() && requester.open) record(await send(requester));
  };
  await Promise.all(load.requesters.flatMap((requester) => Array.from({ length: load.inFlight }, () => loop(requester))));
}

async function runOpen(
  load: OpenLoad,
  clock: PhaseClock,
  phaseMs: number,
  aborted: () => boolean,
  send: Send,
  record: (outcome: Outcome) => void,
  result: DriveResult,
): Promise<void> {
  const { requesters, rate } = load;
  const answers: Promise<void>[] = [];
  // Purchase k is scheduled at k / rate, the first at once; these many fall before the phase ends. From the
  // durations, not the clock: endsAt - startedAt is off by a rounding error, enough to add one more.
  const scheduled = Math.ceil((phaseMs * rate) / 1000);
  let issued = 0;
  let next = 0;
  const issue = (due: number): void => {
    for (; issued < due; issued += 1) {
      const requester = requesters[next];
      next = (next + 1) % requesters.length;
      // Counted like the outcomes (phaseStats), by their schedule: the warm-up's lag is JIT and connection warm-up,
      // not the measurement, and a purchase a stall held past the end is the window's all the same.
      const now = performance.now();
      const scheduledAt = clock.startedAt + (issued * 1000) / rate;
      const measured = scheduledAt >= clock.measureFrom;
      // A closed requester is still asked: it answers at once with an error that says why, which the report counts.
      if (requester === undefined || requester.inFlight >= OPEN_LOOP_MAX_IN_FLIGHT) {
        if (measured) result.skipped += 1;
        continue;
      }
      if (measured) result.scheduleLagMs.push(now - scheduledAt);
      answers.push(
        send(requester).then((outcome) => {
          record({ ...outcome, scheduledAt });
        }),
      );
    }
  };
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      if (aborted()) {
        clearInterval(timer);
        resolve();
        return;
      }
      const now = performance.now();
      // Each purchase is due once its time has come. A tick that comes late past the end still sends what fell due
      // before it: leaving those out would drop the purchases a stall delayed most, which the open loop times from
      // their schedule (coordinated omission).
      issue(Math.min(scheduled, Math.floor(((now - clock.startedAt) * rate) / 1000) + 1));
      if (now < clock.endsAt) return;
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(tick, OPEN_LOOP_TICK_MS);
  });
  await Promise.all(answers);
}
