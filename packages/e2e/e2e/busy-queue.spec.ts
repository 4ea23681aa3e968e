import { purchaseQueue, VHOST } from "@repo/contract";
import { siteCredentials } from "@repo/stack";
import { expect, test } from "./fixtures.js";
import { closeConnectionsOf } from "./management-api.js";

/** A test-only policy that outranks the project's own on the French queue while it applies. */
const FULL_QUEUE_POLICY = "e2e-full-queue";
/** The site gives up on a receipt after 5 s. */
const BUSY_MS = 20_000;

test("when the country queue is full, the order shows busy; Try again, once there is room, sends it and keeps the keyboard on its row, as does a lost connection that takes the focused button away", async ({
  shop,
  consumer,
  brokerNode,
}) => {
  // Nobody drains the queue, and it holds one purchase (a quorum queue's limit is soft by one).
  await consumer.stop();
  const pattern = `^${purchaseQueue(shop.country).replace(".", "\\.")}$`;
  await brokerNode.ctl("set_policy", "-p", VHOST, "--priority", "100", "--apply-to", "queues", FULL_QUEUE_POLICY, pattern, JSON.stringify({ "max-length": 1, overflow: "reject-publish" }));
  try {
    for (let i = 0; i < 3; i++) await shop.buy(10);
    const busy = shop.orders.and(shop.page.locator("[data-status=busy]")).first();
    await expect(busy).toBeVisible({ timeout: BUSY_MS });
    const busyId = await busy.getAttribute("data-order-id");
    const row = shop.orders.and(shop.page.locator(`[data-order-id="${busyId ?? ""}"]`));

    // A lost connection queues the busy order again, and its button goes while it has the keyboard.
    await shop.retryButton(row).focus();
    await expect.poll(() => closeConnectionsOf(brokerNode, siteCredentials(shop.country).login)).toBeGreaterThan(0);
    await expect(row).not.toHaveAttribute("data-status", "busy");
    await expect(row).toBeFocused();
    // Sent again on the reconnect, it is refused again by the still full queue.
    await expect(row).toHaveAttribute("data-status", "busy", { timeout: BUSY_MS });

    await brokerNode.ctl("clear_policy", "-p", VHOST, FULL_QUEUE_POLICY);
    await consumer.start();
    await shop.retryButton(row).focus();
    await shop.page.keyboard.press("Enter");

    await expect(row).toHaveAttribute("data-status", "confirmed");
    await expect(row).toBeFocused();
    // One or two of the others may have been refused as well: each is sent again the same way.
    // Its button goes once clicked, so always the first one left.
    const retries = shop.page.getByRole("button", { name: shop.language.retry, exact: true });
    while ((await retries.count()) > 0) await retries.first().click();
    await expect(shop.orders.and(shop.page.locator("[data-status=confirmed]"))).toHaveCount(3);
  } finally {
    await brokerNode.ctl("clear_policy", "-p", VHOST, FULL_QUEUE_POLICY).catch(() => undefined);
  }
});
