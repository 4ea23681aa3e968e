import { describe, expect, it } from "vitest";
import { bootSecondsLeft, TEST_BOOT_BUDGET_MS } from "./boot-budget.js";

const HOOK_TIMEOUT_MS = 180_000;
const LONGEST_BOOT_SECONDS = 90;

describe("bootSecondsLeft", () => {
  it("gives the first boot its full wait, which with its overhead ends well inside the hook timeout", () => {
    const now = 1_000_000;

    const seconds = bootSecondsLeft(now + TEST_BOOT_BUDGET_MS, LONGEST_BOOT_SECONDS, now);

    expect(seconds).toBe(LONGEST_BOOT_SECONDS);
    expect(TEST_BOOT_BUDGET_MS).toBeLessThan(HOOK_TIMEOUT_MS - 30_000);
  });

  it("when every boot takes as long as it may, the retries together never run past the budget", () => {
    const start = 1_000_000;
    const deadline = start + TEST_BOOT_BUDGET_MS;
    let now = start;

    for (let seconds = bootSecondsLeft(deadline, LONGEST_BOOT_SECONDS, now); seconds !== undefined; seconds = bootSecondsLeft(deadline, LONGEST_BOOT_SECONDS, now)) {
      // The wait, then the most the rest of a boot costs.
      now += seconds * 1000 + 20_000;
    }

    expect(now).toBeLessThanOrEqual(deadline);
  });

  it("when too little time is left for a boot to succeed, it says not to try", () => {
    expect(bootSecondsLeft(1_000_000 + 30_000, LONGEST_BOOT_SECONDS, 1_000_000)).toBeUndefined();
  });
});
