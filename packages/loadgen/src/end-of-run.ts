import { renderChart } from "./report/chart.js";
import { renderMarkdown, renderSummary } from "./report/markdown.js";
import type { BenchResult } from "./results.js";
import type { RunStage } from "./run-stage.js";
import { RUN_STAGES } from "./run-stage.js";

/** Exit codes: 0 done, 1 the run failed, 2 a bad command line, 130 interrupted (by any of the signals the CLI handles). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const CHART_FILE = "chart.svg";

/**
 * How a run ended: every phase measured, or interrupted before that, with or
 * without a phase cut short (an interrupt while booting or between phases
 * cuts none).
 */
export type RunEnding = { interrupted: false; result: BenchResult } | { interrupted: true; cutShort: boolean };

/** What runBench gave: its result, or what it threw. */
export type Settled = { result: BenchResult } | { error: unknown };

/**
 * Finished or interrupted, from where the first interrupt found the run. An
 * interrupt once every phase was measured, or during the teardown, changes
 * nothing: the run is kept as it was, a result or a failure (whose error is
 * thrown again).
 */
export function runEnding(settled: Settled, interruptedIn: RunStage | undefined): RunEnding {
  if (interruptedIn === undefined || interruptedIn === RUN_STAGES.measured || interruptedIn === RUN_STAGES.tearingDown) {
    if ("error" in settled) throw settled.error;
    return { interrupted: false, result: settled.result };
  }
  return { interrupted: true, cutShort: interruptedIn === RUN_STAGES.measuring };
}

/** What the CLI leaves behind. */
export interface EndOfRun {
  code: ExitCode;
  /** The results folder's files, by name; none when interrupted. */
  files: Record<string, string>;
  /** For stdout: the targets, the comparison and every phase; empty when interrupted. */
  report: string;
  /** For stderr, when the run did not end as planned. */
  notice: string | undefined;
}

const NOTHING_WRITTEN = "Interrupted: no results written and no numbers printed.";
const FOLDER_KEPT = "The results folder is as it was.";

/** A phase stopped sending early: its figures would cover a window it did not run. */
export const CUT_SHORT_NOTICE = `${NOTHING_WRITTEN} A phase cut short stops sending early, so its figures would be reported over a window it did not run. ${FOLDER_KEPT}`;

/** Interrupted while no phase was sending: nothing cut short, but the phases still to come are missing. */
export const NOT_RUN_NOTICE = `${NOTHING_WRITTEN} No phase was cut short, but those still to come did not run, and a report without them would read like a whole run. ${FOLDER_KEPT}`;

/**
 * A finished run writes its three files and prints its summary. An
 * interrupted one writes and prints nothing measured: its numbers would be
 * wrong yet look like any other report, and --out may be where the README
 * links the published results.
 */
export function endOfRun(ending: RunEnding): EndOfRun {
  if (ending.interrupted) return { code: EXIT.interrupted, files: {}, report: "", notice: ending.cutShort ? CUT_SHORT_NOTICE : NOT_RUN_NOTICE };
  const { result } = ending;
  return {
    code: EXIT.ok,
    files: {
      "results.json": `${JSON.stringify(result, null, 2)}\n`,
      "results.md": renderMarkdown(result, CHART_FILE),
      [CHART_FILE]: renderChart(result),
    },
    report: renderSummary(result),
    notice: undefined,
  };
}
