import type { EventEmitter } from "node:events";
import { logger } from "./logger.js";

const log = logger.child({ module: "shutdown" });

// SIGHUP: a closed terminal stops the consumer the same careful way as Ctrl-C.
const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface ShutdownOptions {
  /** Stops the service in order; resolves when everything is closed. */
  stop: () => Promise<void>;
  /** How long stop may take before the process exits non-zero anyway. */
  timeoutMs: number;
  /** Injected by tests; the process in production. */
  signals?: Pick<EventEmitter, "on">;
  exit?: (code: number) => void;
}

/**
 * One shutdown path for every signal. A second signal does not start a
 * second shutdown; the deadline is what ends a stuck one, with exit code 1.
 * A clean stop exits 0 explicitly, so a forgotten timer or socket cannot keep
 * a stopped service alive.
 */
export function handleShutdownSignals({
  stop,
  timeoutMs,
  signals = process,
  exit = (code) => process.exit(code),
}: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) {
      // A terminal's Ctrl-C reaches the whole process group, so a supervisor's SIGTERM often follows: expected, not a problem.
      log.info({ signal }, "already shutting down");
      return;
    }
    stopping = true;
    log.info({ signal, timeoutMs }, "shutting down");
    const deadline = setTimeout(() => {
      log.fatal({ timeoutMs }, "shutdown timed out");
      exit(1);
    }, timeoutMs);
    stop().then(
      () => {
        clearTimeout(deadline);
        log.info("stopped");
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(deadline);
        log.fatal({ err }, "shutdown failed");
        exit(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) signals.on(signal, onSignal);
}
