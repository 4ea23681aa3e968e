/**
 * How long startTestBroker may take, retries included. The integration
 * suites give a beforeAll 180 s (vitest's hookTimeout). A start still
 * running when the hook times out would boot a node after the test gave up
 * on it, which never reaches the test's teardown; ending well inside the
 * hook, booted or cleaned up, leaves nothing behind.
 */
export const TEST_BOOT_BUDGET_MS = 120_000;

/**
 * The most one boot attempt spends besides its boot timeout, when
 * everything takes as long as it may: the check for another broker on the
 * management port (OTHER_BROKER_CHECK_MS, 2 s), the kill of a failed boot's
 * VM and the destroy after it (KILL_TIMEOUT_MS each, 10 s), and a few
 * seconds for what has no timeout of its own: the spawn, a ping, the files.
 * boot-budget.test.ts adds those constants up: raise this with them.
 */
const BOOT_OVERHEAD_MS = 30_000;

/** A wait shorter than this fails on a loaded machine anyway: better to report the error in hand. */
const SHORTEST_BOOT_SECONDS = 15;

/**
 * Seconds the next boot may wait for its node, at most `longest`, so that
 * it ends by the deadline; undefined when too little is left to try.
 */
export function bootSecondsLeft(deadline: number, longest: number, now = Date.now()): number | undefined {
  const seconds = Math.min(longest, Math.floor((deadline - now - BOOT_OVERHEAD_MS) / 1000));
  return seconds >= SHORTEST_BOOT_SECONDS ? seconds : undefined;
}
