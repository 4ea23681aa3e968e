import { sleep } from "../system/bounded-wait.js";

/** Something sampled over a span of time: started as the span opens, stopped as it closes. */
export interface WindowSampler<S> {
  start(): void;
  /** Takes the last sample at once, then resolves with all of them. */
  stop(): Promise<S>;
}

/** The measured window, as performance.now() times: the same one throughput and latency are counted over. */
export interface MeasuredWindow {
  from: number;
  to: number;
}

export interface SampledWindow<S, R> {
  samples: S;
  /** A reading taken as the window opened, and one as it closed. */
  atStart: R;
  atEnd: R;
}

/**
 * Samples exactly the measured window. The readings taken at either end (the
 * consumer's /metrics, which takes up to seconds from a busy consumer) run
 * beside the sampling instead of between its start and stop: awaited in
 * between, they would stretch the CPU window past the end of the load into
 * the drain, and bias CPU per order low for the only system that reads them.
 * An interrupt closes the window early.
 */
export async function sampleWindow<S, R>(window: MeasuredWindow, sampler: WindowSampler<S>, read: () => Promise<R>, signal: AbortSignal): Promise<SampledWindow<S, R>> {
  await sleep(window.from - performance.now(), signal);
  sampler.start();
  const atStart = read();
  // Handled here so that a failure while the window runs is not reported as unhandled; it still rejects below.
  atStart.catch(() => undefined);
  await sleep(window.to - performance.now(), signal);
  const samples = sampler.stop();
  const atEnd = read();
  return { samples: await samples, atStart: await atStart, atEnd: await atEnd };
}
