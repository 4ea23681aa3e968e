import type { ScenarioName } from "./options.js";
import { SCENARIOS } from "./options.js";

/** Where a run is, which decides what an interrupt does to it and what the CLI may say about it. */
export const RUN_STAGES = {
  /** Booting the node and the consumers, opening connections, waiting for queues between phases: no phase is sending. */
  preparing: "preparing",
  /** A phase is sending and measuring: an interrupt cuts it short. */
  measuring: "measuring",
  /**
   * The run's last phase was measured: what is left (closing the browsers or
   * the idle connections, putting the report together) measures nothing, so
   * an interrupt no longer discards the run.
   */
  measured: "measured",
  /** The node and the consumers are being stopped, after the last phase or because the run gave up. */
  tearingDown: "tearing down",
} as const;

export type RunStage = (typeof RUN_STAGES)[keyof typeof RUN_STAGES];

/** Told each time the run moves to another stage. */
export type OnStage = (stage: RunStage) => void;

/**
 * Whether `scenario` is the last the run measures. Scenarios run in
 * SCENARIOS order whatever order they were asked in (steady's rate comes
 * from max).
 */
export function isLastScenario(scenario: ScenarioName, scenarios: readonly ScenarioName[]): boolean {
  return SCENARIOS.filter((each) => scenarios.includes(each)).at(-1) === scenario;
}

/**
 * The stage once a phase's last purchase was answered or timed out: measured when it was the run's
 * last and ran to its end, otherwise back to preparing (a phase may follow,
 * or the one that ended was cut short and the run is not measured).
 */
export function stageAfterPhase(lastOfRun: boolean, aborted: boolean): RunStage {
  return lastOfRun && !aborted ? RUN_STAGES.measured : RUN_STAGES.preparing;
}

/** What watchMeasured gives: the stage listener to pass on, and what it saw. */
export interface MeasuredWatch {
  onStage: OnStage;
  /** Whether the run was measured before any interrupt; undefined while it has not been measured. */
  measuredUninterrupted(): boolean | undefined;
}

/**
 * Reads the interrupt at the moment the run's last phase was measured, the
 * first time the stage becomes `measured`. Read once everything returned, it
 * would count an interrupt during the teardown that follows (closing a
 * thousand idle connections takes seconds) as one that cut the run short.
 */
export function watchMeasured(signal: AbortSignal, onStage: OnStage): MeasuredWatch {
  let uninterrupted: boolean | undefined;
  return {
    onStage: (stage) => {
      if (stage === RUN_STAGES.measured) uninterrupted ??= !signal.aborted;
      onStage(stage);
    },
    measuredUninterrupted: () => uninterrupted,
  };
}

/**
 * The line printed when an interrupt arrives. Only a measuring phase stops
 * at once; a setup step (booting the node, starting the consumer) runs to its
 * end first, and the teardown always finishes, so the line says which.
 */
export function interruptLine(signalName: string, stage: RunStage, again: boolean): string {
  if (stage === RUN_STAGES.measured) return again ? "Still tearing down the bench node…" : `Interrupted (${signalName}) after the last phase: the results are kept; tearing down…`;
  if (stage === RUN_STAGES.tearingDown) return again ? "Still tearing down the bench node…" : `Interrupted (${signalName}) while tearing down: finishing the teardown…`;
  if (again) return "Still stopping: the current step ends, then the bench node is torn down…";
  if (stage === RUN_STAGES.measuring) return `Interrupted (${signalName}): stopping the current phase and tearing down…`;
  return `Interrupted (${signalName}): the current step (booting the node or a consumer can take a while) ends first, then the run tears down…`;
}
