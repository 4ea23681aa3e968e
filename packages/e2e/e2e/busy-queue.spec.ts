import { purchaseQueue, VHOST } from "@repo/contract";
import { siteCredentials } from "@repo/stack";
import { countryQueuePolicy } from "./broker-queues.js";
import { expect, TEST_POLICY_PREFIX, test } from "./fixtures.js";
import { closeConnectionsOf } from "./management-api.js";

/** A test-only policy that outranks the project's own on the French queue while it applies; the `brokerNode` fixture clears it should this test's `finally` not run. */
const FULL_QUEUE_POLICY = `${TEST_POLICY_PREFIX}full-queue`;
/**
 * The site counts a SEND refused once its receipt is 5 s late and the broker
 * has sent the page something since. With the consumer stopped no stock is
 * broadcast, so the broker's next heartbeat (every 10 s) decides: up to 15 s.
 */
const BUSY_MS = 30_000;
/** Orders the test places, each of 10 tickets. */
const ORDERS = 3;

test("when the country queue is full, the order shows busy; Try again, once there is room, sends it and keeps the keyboard on its row, as does a lost connection that takes the focused button away", async ({
  shop,
  consumer,
  brokerNode,
}) => {
  // Three waits of up to BUSY_MS, two polls of the queue's policy, a consumer start and the web-first assertions' 15 s each.
  test.setTimeout(180_000);
  // Nobody drains the queue, and it holds one purchase (a quorum queue's limit is soft by one).
  await consumer.stop();
  const pattern = `^${purchaseQueue(shop.country).replace(".", "\\.")}$`;
  await brokerNode.ctl("set_policy", "-p", VHOST, "--priority", "100", "--apply-to", "queues", FULL_QUEUE_POLICY, pattern, JSON.stringify({ "max-length": 1, overflow: "reject-publish" }));
  try {
    // rabbitmqctl returns before the queue applies the policy: orders sent sooner would all be taken.
    await expect.poll(() => countryQueuePolicy(brokerNode, shop.country)).toBe(FULL_QUEUE_POLICY);
    for (let i = 0; i < ORDERS; i++) await shop.buy(10);
    const busy = shop.ordersWithStatus("busy").first();
    await expect(busy).toBeVisible({ timeout: BUSY_MS });
    const row = shop.orderWithId((await busy.getAttribute("data-order-id")) ?? "");

    // A lost connection queues the busy order again, and its button goes while it has the keyboard.
    await shop.retryButton(row).focus();
    await closeConnectionsOf(brokerNode, siteCredentials(shop.country).login);
    await expect(row).not.toHaveAttribute("data-status", "busy");
    await expect(row).toBeFocused();
    // Sent again on the reconnect, it is refused again by the still full queue.
    await expect(row).toHaveAttribute("data-status", "busy", { timeout: BUSY_MS });

    await brokerNode.ctl("clear_policy", "-p", VHOST, FULL_QUEUE_POLICY);
    // Likewise, Try again would be refused by a queue still under the test's policy.
    await expect.poll(() => countryQueuePolicy(brokerNode, shop.country)).not.toBe(FULL_QUEUE_POLICY);
    await consumer.start();
    await shop.retryButton(row).focus();
    await shop.page.keyboard.press("Enter");

    await expect(row).toHaveAttribute("data-status", "confirmed");
    await expect(row).toBeFocused();
    // The others were sent again on the reconnect too: each is confirmed (a copy the full queue took)
    // or busy (refused). Only once none is on its way can the busy ones be told apart from those still sending.
    await expect(shop.orders).toHaveCount(ORDERS);
    const statuses = () => shop.orders.evaluateAll((rows) => rows.map((order) => order.getAttribute("data-status")));
    await expect.poll(async () => (await statuses()).filter((status) => status !== "busy" && status !== "confirmed"), { timeout: BUSY_MS }).toEqual([]);
    const refused = await shop.ordersWithStatus("busy").evaluateAll((rows) => rows.map((order) => order.getAttribute("data-order-id") ?? ""));
    for (const orderId of refused) {
      const order = shop.orderWithId(orderId);
      await shop.retryButton(order).click();
      await expect(order).toHaveAttribute("data-status", "confirmed");
    }
    await expect(shop.ordersWithStatus("confirmed")).toHaveCount(ORDERS);
  } finally {
    await brokerNode.ctl("clear_policy", "-p", VHOST, FULL_QUEUE_POLICY).catch(() => undefined);
  }
});
