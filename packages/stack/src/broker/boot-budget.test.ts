import { describe, expect, it } from "vitest";
import { bootSecondsLeft, TEST_BOOT_BUDGET_MS } from "./boot-budget.js";
import { BOOT_TIMEOUT_SECONDS, KILL_TIMEOUT_MS, OTHER_BROKER_CHECK_MS } from "./broker-node.js";

/** vitest's hookTimeout in the integration suites, which a beforeAll's startTestBroker must end inside. */
const HOOK_TIMEOUT_MS = 180_000;

/** What a beforeAll does besides booting its node (a consumer, a connection): the budget leaves it this much. */
const REST_OF_HOOK_MS = 30_000;

/** The steps of a boot with no timeout of their own: the spawn (~0.1 s), a ping (~1 s, 2.5 s on a loaded 2-core machine), the files. */
const UNTIMED_STEPS_MS = 5000;

/** A node boots in ~10 s here, ~15 s on a loaded 2-core machine: the first boot's wait must leave room for a slower one. */
const FIRST_WAIT_AT_LEAST_SECONDS = 60;

/**
 * The longest one boot attempt of startTestBroker can take, from the
 * timeouts its steps really have: the check for another broker, the boot's
 * wait, the kill of a failed boot's VM, the destroy that follows
 * (a second kill, as long again when the first did not see the VM go), and
 * the untimed steps.
 */
function longestAttemptMs(waitSeconds: number): number {
  return OTHER_BROKER_CHECK_MS + waitSeconds * 1000 + KILL_TIMEOUT_MS + KILL_TIMEOUT_MS + UNTIMED_STEPS_MS;
}

describe("bootSecondsLeft", () => {
  it("gives the first boot a wait long enough for a slow machine, and with every step of the boot at its timeout it still ends inside the hook", () => {
    const now = 1_000_000;

    const seconds = bootSecondsLeft(now + TEST_BOOT_BUDGET_MS, BOOT_TIMEOUT_SECONDS, now);

    expect(seconds).toBeGreaterThanOrEqual(FIRST_WAIT_AT_LEAST_SECONDS);
    expect(longestAttemptMs(seconds ?? 0)).toBeLessThanOrEqual(TEST_BOOT_BUDGET_MS);
    expect(TEST_BOOT_BUDGET_MS).toBeLessThanOrEqual(HOOK_TIMEOUT_MS - REST_OF_HOOK_MS);
  });

  it("when every boot takes as long as its timeouts allow, the retries together never run past the budget", () => {
    const start = 1_000_000;
    const deadline = start + TEST_BOOT_BUDGET_MS;
    let now = start;

    for (let seconds = bootSecondsLeft(deadline, BOOT_TIMEOUT_SECONDS, now); seconds !== undefined; seconds = bootSecondsLeft(deadline, BOOT_TIMEOUT_SECONDS, now)) {
      now += longestAttemptMs(seconds);
    }

    expect(now).toBeLessThanOrEqual(deadline);
  });

  it("when too little time is left for a boot to succeed, it says not to try", () => {
    expect(bootSecondsLeft(1_000_000 + 30_000, BOOT_TIMEOUT_SECONDS, 1_000_000)).toBeUndefined();
  });
});
