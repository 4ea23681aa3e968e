/** The signals that ask for a graceful stop, each with the words that announce it. */
const STOP_SIGNALS: ReadonlyMap<NodeJS.Signals, string> = new Map([
  ["SIGINT", "Ctrl-C"],
  ["SIGTERM", "SIGTERM"],
  // Closing the terminal: its shell passes the hangup on to the jobs it started.
  ["SIGHUP", "terminal closed"],
]);

/** The reason received gives when the process that started this one is gone. */
export const PARENT_GONE = "parent gone";

/** The reason received gives when this process's output can no longer be written. */
export const OUTPUT_GONE = "output gone";

/** What a second signal leaves behind: the stop of the broker node runs in a process of its own. */
export const QUIT_NOW =
  "quitting now. A broker stop already under way completes by itself; a broker not yet told to stop is left running (`pnpm broker:stop` stops it).";

/** How often the parent is looked for; Node reads process.ppid afresh each time. */
const PARENT_POLL_MS = 500;

/**
 * The first SIGINT, SIGTERM or SIGHUP, listened for from a command's first
 * line, or the loss of the process that started this one. Node's default
 * would end this process at once, and leave the broker node this run
 * started running, unannounced: the node runs in a process group of its
 * own, which neither a Ctrl-C nor a closed terminal reaches. A Ctrl-C or
 * SIGTERM during the stop quits at once, after a line that says what it
 * leaves behind; a SIGHUP then changes nothing.
 *
 * The output: once nobody reads it (a closed terminal, or the end of a pipe
 * such as `pnpm start | tee run.log`, whose tee a Ctrl-C ends too), every
 * write fails and emits 'error' on the stream; unheard, that error would end
 * this process, halfway through its stop or before it, leaving the broker
 * node running. So a failed write is itself a stop request (OUTPUT_GONE),
 * and later ones are dropped: nobody is left to read them.
 *
 * The parent: `pnpm start` runs the stack under `sh -c`, and a SIGTERM to
 * pnpm (an IDE's stop button, `timeout`, a supervisor) reaches that shell
 * only, which dies without passing it on. The stack, reparented, would run
 * on with the broker, the consumer and the sites. Node's process.ppid is
 * read afresh each time, so a change from the pid this process started
 * under means the parent is gone: that is a stop request too. (`exec` in
 * the scripts would hand the SIGTERM to the stack, but pnpm then exits at
 * once, and whatever runs pnpm ends the stack before its stop is done.)
 */
export class StopRequest {
  /** Resolves with "Ctrl-C", "SIGTERM", "terminal closed", PARENT_GONE or OUTPUT_GONE when the first one comes. */
  readonly received: Promise<string>;
  /** Aborts when the first one comes: for waits that should end then, such as a start's for another start. */
  readonly signal: AbortSignal;
  private came = false;

  /** `say` announces the stop; it should write to this process's stdout. */
  constructor(say: (line: string) => void) {
    const aborter = new AbortController();
    this.signal = aborter.signal;
    this.received = new Promise((resolve) => {
      const parent = process.ppid;
      const request = (reason: string, announcement: string) => {
        if (this.came) return;
        for (const stopSignal of STOP_SIGNALS.keys()) {
          // The new listener first: with none at all, the signal's default would end the process.
          process.on(stopSignal, duringStop);
          process.off(stopSignal, onSignal);
        }
        clearInterval(parentWatch);
        this.came = true;
        say(`\n${announcement}: stopping…`);
        resolve(reason);
        aborter.abort(reason);
      };
      const duringStop = (signal: NodeJS.Signals) => {
        // A closed terminal hangs up twice: bash passes its SIGHUP on, then the kernel sends one when bash exits.
        if (signal === "SIGHUP") return;
        for (const stopSignal of STOP_SIGNALS.keys()) process.off(stopSignal, duringStop);
        say(`\n${STOP_SIGNALS.get(signal) ?? signal} during the stop: ${QUIT_NOW}`);
        process.kill(process.pid, signal);
      };
      const onSignal = (signal: NodeJS.Signals) => {
        const reason = STOP_SIGNALS.get(signal) ?? signal;
        request(reason, reason);
      };
      for (const stopSignal of STOP_SIGNALS.keys()) process.on(stopSignal, onSignal);
      for (const stream of [process.stdout, process.stderr]) {
        stream.on("error", () => {
          request(OUTPUT_GONE, "The output is closed");
        });
      }
      // Unref'd: the watch alone must not keep a finished process running.
      const parentWatch = setInterval(() => {
        if (process.ppid !== parent) request(PARENT_GONE, `The process that started this one (pid ${parent}) is gone`);
      }, PARENT_POLL_MS).unref();
    });
  }

  /** Whether a stop was requested: the next step should not start. */
  requested(): boolean {
    return this.came;
  }
}

