/** Where a run is, which decides what an interrupt does to it and what the CLI may say about it. */
export const RUN_STAGES = {
  /** Booting the node and the consumers, opening connections, waiting for queues between phases: no phase is sending. */
  preparing: "preparing",
  /** A phase is sending and measuring: an interrupt cuts it short. */
  measuring: "measuring",
  /** Every phase ran: the report is put together, and an interrupt no longer discards it. */
  measured: "measured",
  /** The node and the consumers are being stopped, after the last phase or because the run gave up. */
  tearingDown: "tearing down",
} as const;

export type RunStage = (typeof RUN_STAGES)[keyof typeof RUN_STAGES];

/** Told each time the run moves to another stage. */
export type OnStage = (stage: RunStage) => void;

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
