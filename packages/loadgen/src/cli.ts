import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runBench } from "./bench.js";
import type { Settled } from "./end-of-run.js";
import { endOfRun, EXIT, runEnding } from "./end-of-run.js";
import { OptionsError, parseOptions, USAGE } from "./options.js";
import { outDirProblem, shownPath } from "./out-dir.js";
import { Progress } from "./progress.js";
import type { RunStage } from "./run-stage.js";
import { interruptLine, RUN_STAGES } from "./run-stage.js";

/** Every way a run is asked to stop: Ctrl-C, `kill` or a supervisor, a closed terminal. */
const INTERRUPTS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function writeFiles(files: Record<string, string>, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const path = join(outDir, name);
    writeFileSync(path, content);
    return path;
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    // The message alone: thirty lines of usage after it would scroll it away.
    process.stderr.write(`${error.message}\n\`pnpm bench --help\` lists every option.\n`);
    return EXIT.usage;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }

  const outDir = resolve(options.outDir);
  const outProblem = outDirProblem(outDir);
  if (outProblem !== undefined) {
    process.stderr.write(`--out ${options.outDir}: ${outProblem}, so the results could not be written there. Choose another folder.\n`);
    return EXIT.usage;
  }

  // After SIGHUP the terminal is gone and writing to it fails; that must not end the run before its teardown.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
  const progress = new Progress();
  const aborted = new AbortController();
  let stage: RunStage = RUN_STAGES.preparing;
  let interruptedIn: RunStage | undefined;
  // An interrupt ends the current phase early and tears the node down. Exiting at once instead would leave the
  // detached broker node running, so later ones only say that teardown is under way (it takes seconds).
  for (const name of INTERRUPTS) {
    process.on(name, () => {
      progress.log(interruptLine(name, stage, interruptedIn !== undefined));
      interruptedIn ??= stage;
      aborted.abort();
    });
  }
  const onStage = (next: RunStage): void => {
    stage = next;
  };
  const settled = await runBench(options, progress, aborted.signal, onStage).then(
    (result): Settled => ({ result }),
    (error: unknown): Settled => ({ error }),
  );
  const ending = runEnding(settled, interruptedIn);
  // A step that gave up because of the interrupt is not a failure of the run, but says where it stopped.
  if (ending.interrupted && "error" in settled) progress.log(`The run stopped at: ${describeError(settled.error)}`);
  const end = endOfRun(ending);
  if (end.notice !== undefined) process.stderr.write(`\n${end.notice}\n`);
  if (Object.keys(end.files).length > 0) {
    // The numbers first: a folder that turned unwritable during the run must not take them with it.
    process.stdout.write(`\n${end.report}\n\n`);
    try {
      const written = writeFiles(end.files, outDir);
      process.stdout.write(`Wrote ${written.map((file) => shownPath(file)).join(", ")}\n`);
    } catch (error) {
      process.stderr.write(`Could not write the results to ${shownPath(outDir)}: ${describeError(error)}. The summary above is all this run leaves.\n`);
      return EXIT.failed;
    }
  }
  return end.code;
}

// Exits explicitly: a client library's stray timer must not keep a finished run alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadgen: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
