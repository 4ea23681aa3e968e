import { expect, test } from "./fixtures.js";

/** A restarted broker comes back in ~10 s; the site's backoff (up to 15 s, plus jitter) decides when it notices. */
const BACK_ONLINE_MS = 60_000;

test("when the broker restarts, the site shows reconnecting (accessibly) and its stock as last heard, keeps a click made meanwhile, even across a reload, and confirms it once online", async ({
  shop,
  brokerNode,
}) => {
  test.setTimeout(180_000);
  // Heartbeats tick in a worker, which background tabs do not throttle; stompjs starts it from a blob: URL.
  await expect.poll(() => shop.page.workers().some((worker) => worker.url().startsWith("blob:"))).toBe(true);

  const heard = await shop.remaining();
  await brokerNode.stop();
  // The site says the connection is lost, keeps trying, and says when it tries next.
  await shop.expectRetrying("reconnecting");
  // The stock is still shown, but as of the last broadcast heard, and the rush says why it is unavailable.
  await expect(shop.page.getByRole("heading", { name: shop.language.stockHeadingNotLive })).toBeVisible();
  await expect(shop.stockMeter).toHaveAttribute("aria-valuenow", String(heard));
  await expect(shop.stockMeterElement).toHaveAttribute("stale");
  await expect(shop.stockWaiting).toBeHidden();
  await expect(shop.page.getByText(shop.language.rushOfflineHint, { exact: true })).toBeVisible();
  await expect(shop.rushStartButton(100)).toHaveAccessibleDescription(shop.language.rushOfflineHint);
  await shop.buy(10);

  // Not refused and not lost: the order waits in the outbox, in the page and in localStorage.
  await shop.expectQueued(10);
  await shop.page.reload();
  await shop.expectQueued(10);
  // The offline look (badge, waiting order, disabled rush) is audited as the online one is in site.spec.ts.
  expect(await shop.accessibilityViolations()).toEqual([]);
  expect(await brokerNode.start()).toBe("started");

  await shop.expectOnline(BACK_ONLINE_MS);
  await shop.expectConfirmed(10, BACK_ONLINE_MS);
  await expect(shop.orders).toHaveCount(1);
  await expect(shop.page.getByRole("heading", { name: shop.language.stockHeading, exact: true })).toBeVisible();
  await expect(shop.page.getByText(shop.language.rushOfflineHint, { exact: true })).toBeHidden();
});
