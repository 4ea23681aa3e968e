/** The signals that ask for a graceful stop, each with the words that announce it. */
const STOP_SIGNALS: ReadonlyMap<NodeJS.Signals, string> = new Map([
  ["SIGINT", "Ctrl-C"],
  ["SIGTERM", "SIGTERM"],
  // Closing the terminal: its shell passes the hangup on to the jobs it started.
  ["SIGHUP", "terminal closed"],
]);

/**
 * The first SIGINT, SIGTERM or SIGHUP, listened for from a command's first
 * line. Node's default would end this process at once, and leave the broker
 * node this run started running, unannounced: the node runs in a process
 * group of its own, which neither a Ctrl-C nor a closed terminal reaches. A
 * second signal gets Node's default, so it quits at once.
 */
export class StopRequest {
  /** Resolves with "Ctrl-C", "SIGTERM" or "terminal closed" when the first one comes. */
  readonly received: Promise<string>;
  private came = false;

  /** `say` announces the stop; it should write to this process's stdout. */
  constructor(say: (line: string) => void) {
    this.received = new Promise((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        for (const stopSignal of STOP_SIGNALS.keys()) process.off(stopSignal, onSignal);
        this.came = true;
        if (signal === "SIGHUP") ignoreOutputErrors();
        const reason = STOP_SIGNALS.get(signal) ?? signal;
        say(`\n${reason}: stopping…`);
        resolve(reason);
      };
      for (const stopSignal of STOP_SIGNALS.keys()) process.on(stopSignal, onSignal);
    });
  }

  /** Whether a signal came: the next step should not start. */
  requested(): boolean {
    return this.came;
  }
}

/**
 * Once the terminal is gone, every write to it fails (EIO, or EPIPE through a
 * pipe) and emits 'error' on the stream; unheard, that error would end this
 * process halfway through its stop, leaving the broker node running. There
 * is nobody left to read the output, so its errors are dropped.
 */
function ignoreOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
}
