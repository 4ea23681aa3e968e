import { ChildProcess } from "node:child_process";
import type { ManagedProcess } from "@repo/stack";
import { describe, expect, it } from "vitest";
import type { WatchedSystem } from "./system-watch.js";
import { SystemWatch } from "./system-watch.js";

/** A process the test ends, with the code it gives (null: killed by SIGKILL). */
function endingProcess(name: string): { managed: ManagedProcess; exit: (code: number | null) => void } {
  let ending: string | undefined;
  let resolveExited: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => {
    resolveExited = resolve;
  });
  const exit = (code: number | null) => {
    ending = code === null ? "was killed by SIGKILL" : `exited with ${code}`;
    resolveExited(code);
  };
  const managed: ManagedProcess = { name, child: new ChildProcess(), exited, stop: () => exited, howItEnded: () => ending };
  return { managed, exit };
}

function system(): { watched: WatchedSystem; consumer: ReturnType<typeof endingProcess>; echo: ReturnType<typeof endingProcess>; closeBrokerLink: () => void } {
  const consumer = endingProcess("consumer");
  const echo = endingProcess("echo consumer");
  let closeBrokerLink: () => void = () => undefined;
  const brokerLinkClosed = new Promise<void>((resolve) => {
    closeBrokerLink = resolve;
  });
  return { watched: { consumer: consumer.managed, echo: echo.managed, brokerLinkClosed, workDir: "/tmp/bench-run" }, consumer, echo, closeBrokerLink };
}

/** Lets the watched promises' handlers run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("SystemWatch", () => {
  it("when the consumer ends during the run, aborts with a reason that names it, its exit and its log", async () => {
    const { watched, consumer } = system();
    const watch = new SystemWatch(watched, new AbortController().signal);

    consumer.exit(137);
    await settle();

    expect(watch.signal.aborted).toBe(true);
    expect(watch.failure?.message).toBe("the consumer ended during the run: it exited with 137; see /tmp/bench-run/consumer.log");
  });

  it("when the echo consumer is killed, or the broker link closes, aborts and says which", async () => {
    const killed = system();
    const echoWatch = new SystemWatch(killed.watched, new AbortController().signal);
    const stopped = system();
    const brokerWatch = new SystemWatch(stopped.watched, new AbortController().signal);

    killed.echo.exit(null);
    stopped.closeBrokerLink();
    await settle();

    expect(echoWatch.failure?.message).toBe("the echo consumer ended during the run: it was killed by SIGKILL; see /tmp/bench-run/echo.log");
    expect(brokerWatch.failure?.message).toMatch(/^the bench node closed the bench's own connection/);
  });

  it("keeps the first part that went as the reason", async () => {
    const { watched, consumer, closeBrokerLink } = system();
    const watch = new SystemWatch(watched, new AbortController().signal);

    consumer.exit(1);
    await settle();
    closeBrokerLink();
    await settle();

    expect(watch.failure?.message).toMatch(/^the consumer ended/);
  });

  it("does not abort for what ends after the user's interrupt (Ctrl-C reaches the consumer too) or once the teardown began", async () => {
    const interrupted = system();
    const interrupt = new AbortController();
    const afterInterrupt = new SystemWatch(interrupted.watched, interrupt.signal);
    const tornDown = system();
    const afterTeardown = new SystemWatch(tornDown.watched, new AbortController().signal);

    interrupt.abort();
    interrupted.consumer.exit(130);
    afterTeardown.stop();
    tornDown.consumer.exit(0);
    tornDown.closeBrokerLink();
    await settle();

    expect(afterInterrupt.signal.aborted).toBe(false);
    expect(afterTeardown.signal.aborted).toBe(false);
    expect(afterTeardown.failure).toBeUndefined();
  });
});
