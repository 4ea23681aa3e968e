import { renderChart } from "./report/chart.js";
import { renderMarkdown, renderSummary } from "./report/markdown.js";
import type { BenchResult } from "./results.js";

/** Exit codes: 0 done, 1 the run failed, 2 a bad command line, 130 interrupted (by any of the signals the CLI handles). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const CHART_FILE = "chart.svg";

/** How a run ended: every phase measured, or interrupted part-way (its phases cut short, or not run). */
export type RunEnding = { interrupted: false; result: BenchResult } | { interrupted: true };

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

export const INTERRUPTED_NOTICE =
  "Interrupted: no results written and no numbers printed. A phase cut short stops sending early, " +
  "so its figures would be reported over a window it did not run. The results folder is as it was.";

/**
 * A finished run writes its three files and prints its summary. An
 * interrupted one writes and prints nothing measured: its numbers would be
 * wrong yet look like any other report, and --out may be where the README
 * links the published results.
 */
export function endOfRun(ending: RunEnding): EndOfRun {
  if (ending.interrupted) return { code: EXIT.interrupted, files: {}, report: "", notice: INTERRUPTED_NOTICE };
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
