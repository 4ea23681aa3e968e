import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { runBench } from "./bench.js";
import { OptionsError, parseOptions, USAGE } from "./options.js";
import { Progress } from "./progress.js";
import { renderChart } from "./report/chart.js";
import { renderMarkdown, renderSummary } from "./report/markdown.js";
import type { BenchResult } from "./results.js";

/** Exit codes: 0 done, 1 the run failed, 2 a bad command line, 130 interrupted. */
const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

const CHART_FILE = "chart.svg";

function writeResults(result: BenchResult, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const files = {
    "results.json": `${JSON.stringify(result, null, 2)}\n`,
    "results.md": renderMarkdown(result, CHART_FILE),
    [CHART_FILE]: renderChart(result),
  };
  return Object.entries(files).map(([name, content]) => {
    const path = join(outDir, name);
    writeFileSync(path, content);
    return path;
  });
}

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }

  const progress = new Progress();
  const aborted = new AbortController();
  // Ctrl-C ends the current phase early and tears the node down. Exiting at once instead would leave the
  // detached broker node running, so later ones only say that teardown is under way (it takes seconds).
  process.on("SIGINT", () => {
    progress.log(aborted.signal.aborted ? "Still tearing down the bench node…" : "Interrupted: stopping the current phase and tearing down…");
    aborted.abort();
  });
  const outDir = resolve(options.outDir);

  const result = await runBench(options, progress, aborted.signal);
  const files = writeResults(result, outDir);
  process.stdout.write(`\n${renderSummary(result)}\n\n`);
  process.stdout.write(`Wrote ${files.map((file) => relative(process.cwd(), file)).join(", ")}\n`);
  return aborted.signal.aborted ? EXIT.interrupted : EXIT.ok;
}

// Exits explicitly: a client library's stray timer must not keep a finished run alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadgen: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
