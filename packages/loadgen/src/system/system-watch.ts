import { join } from "node:path";
import type { ManagedProcess } from "@repo/stack";
import { CONSUMER_LOG } from "./work-dir.js";

/** The parts of a run's system whose end, before the teardown, makes every later figure meaningless. */
export interface WatchedSystem {
  consumer: ManagedProcess;
  echo: ManagedProcess | undefined;
  /** Settles when the bench's own connection to the broker closes: the node stopped, or the network to it broke. */
  brokerLinkClosed: Promise<void>;
  workDir: string;
}

/**
 * Watches the consumer, the echo consumer and the broker for the whole run.
 * When one of them goes before the teardown, `signal` aborts with an Error
 * that says which and where its log is: the phase under way stops at once,
 * and the run fails rather than measure a dead system and report its
 * timeouts as results. Ends that follow the user's interrupt are theirs
 * (Ctrl-C in a terminal reaches the consumer too), and so are those of the
 * teardown (`stop`).
 */
export class SystemWatch {
  private readonly controller = new AbortController();
  private stopped = false;

  constructor(
    system: WatchedSystem,
    private readonly interrupt: AbortSignal,
  ) {
    const { consumer, echo } = system;
    void consumer.exited.then(() => {
      this.went(`the consumer ended during the run: it ${consumer.howItEnded() ?? "ended"}; see ${join(system.workDir, CONSUMER_LOG)}`);
    });
    void echo?.exited.then(() => {
      this.went(`the echo consumer ended during the run: it ${echo.howItEnded() ?? "ended"}; see ${join(system.workDir, "echo.log")}`);
    });
    void system.brokerLinkClosed.then(() => {
      this.went("the bench node closed the bench's own connection during the run: the broker stopped, or was stopped");
    });
  }

  /** Aborts once a watched part went; its reason is that Error. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** What went, if anything did before the teardown or an interrupt. */
  get failure(): Error | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as Error) : undefined;
  }

  /** The teardown begins: what ends from now on is stopped by it. */
  stop(): void {
    this.stopped = true;
  }

  private went(reason: string): void {
    if (this.stopped || this.interrupt.aborted || this.controller.signal.aborted) return;
    this.controller.abort(new Error(reason));
  }
}
