import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How a run ended, as far as what it leaves behind goes. */
export const RUN_ENDS = {
  /** Every scenario ran. */
  finished: "finished",
  /** Something failed, during setup or after it, without an interrupt. */
  failed: "failed",
  /** Ctrl-C, SIGTERM or SIGHUP, whatever step it stopped. */
  interrupted: "interrupted",
} as const;

export type RunEnd = (typeof RUN_ENDS)[keyof typeof RUN_ENDS];

/** The consumer's log in the folder, once the consumer was started. */
export const CONSUMER_LOG = "consumer.log";

/**
 * The folder of a run's consumer database and logs. A failed run keeps it,
 * since consumer.log is what explains the failure; a finished or
 * interrupted one deletes it, SQLite file and all, unless asked to keep it:
 * an interrupt is no failure, and /tmp would fill with databases. A run that
 * failed before the consumer started (the node did not boot) has nothing in
 * it to explain anything, so it goes too.
 */
export class WorkDir {
  private constructor(readonly path: string) {}

  static create(parent: string = tmpdir()): WorkDir {
    return new WorkDir(mkdtempSync(join(parent, "loadgen-")));
  }

  /**
   * Deletes the folder or keeps it, once every process writing to it has
   * stopped; returns the line that says where it was kept, undefined when
   * it was deleted.
   */
  release(end: RunEnd, keepFiles: boolean): string | undefined {
    const consumerStarted = existsSync(join(this.path, CONSUMER_LOG));
    if (end === RUN_ENDS.failed && consumerStarted) return `The run failed: the consumer's database and logs are kept in ${this.path} (${CONSUMER_LOG} may say why).`;
    if (keepFiles) return `Consumer database and logs kept in ${this.path}`;
    rmSync(this.path, { recursive: true, force: true });
    return undefined;
  }
}
