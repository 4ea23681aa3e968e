import { describe, expect, it } from "vitest";
import type { RushProgress } from "../orders/rush.js";
import { RushTracker } from "./rush-tracker.js";

/** A rush with a window of `window`, on a page that places orders `order-0`, `order-1`… while it is online. */
function setup(window = 2) {
  const ended: RushProgress[] = [];
  const told: RushProgress[] = [];
  const tracker = new RushTracker({ window, onEnded: (rush) => ended.push(rush), onAnswered: (rush) => told.push(rush) });
  const page = { online: true, placed: 0 };
  const pump = () => {
    tracker.pump(() => (page.online ? `order-${String(page.placed++)}` : undefined));
  };
  return { tracker, ended, told, page, pump };
}

describe("rush tracker", () => {
  it("a rush places at most a window of orders, one more for each first receipt, and is done once the broker took them all", () => {
    const { tracker, ended, page, pump } = setup(2);
    tracker.start(3);

    pump();
    expect(page.placed).toBe(2);
    expect(tracker.accepted("order-0")).toBe(true);
    pump();
    expect(page.placed).toBe(3);
    tracker.accepted("order-1");
    tracker.accepted("order-2");
    pump();

    expect(page.placed).toBe(3);
    expect(tracker.progress).toMatchObject({ status: "done", published: 3, accepted: 3 });
    expect(ended.map((rush) => rush.status)).toEqual(["done"]);
  });

  it("an order's receipt counts once: a resend's receipt, or one for an order the rush did not place, opens no room", () => {
    const { tracker, page, pump } = setup(1);
    tracker.start(5);
    pump();

    expect(tracker.accepted("order-0")).toBe(true);
    expect(tracker.accepted("order-0")).toBe(false);
    expect(tracker.accepted("someone-else")).toBe(false);
    expect(tracker.progress).toMatchObject({ accepted: 1 });
    expect(page.placed).toBe(1);
  });

  it("when the page cannot place an order (not online), the rush is interrupted, and told as ended", () => {
    const { tracker, ended, page, pump } = setup(3);
    tracker.start(10);
    page.online = false;

    pump();

    expect(tracker.progress).toMatchObject({ status: "interrupted", published: 0 });
    expect(tracker.running).toBe(false);
    expect(ended.map((rush) => rush.status)).toEqual(["interrupted"]);
  });

  it("once the page cannot place an order, the rush asks for no more, even if the page could place the next", () => {
    const { tracker, ended } = setup(3);
    tracker.start(10);
    const answers = [undefined, "order-1", "order-2"];
    let asked = 0;

    tracker.pump(() => answers[asked++]);

    expect(asked).toBe(1);
    expect(tracker.progress).toMatchObject({ status: "interrupted", published: 0 });
    expect(tracker.owns("order-1")).toBe(false);
    expect(ended.map((rush) => rush.status)).toEqual(["interrupted"]);
  });

  it("only a running rush ends early; a new rush leaves the last one's orders to be told on their own", () => {
    const { tracker, ended, pump } = setup(2);
    tracker.start(2);
    pump();
    expect(tracker.end("stopped")).toBe(true);
    expect(tracker.end("busy")).toBe(false);

    tracker.start(2);

    expect(ended.map((rush) => rush.status)).toEqual(["stopped"]);
    expect(tracker.owns("order-0")).toBe(false);
    expect(tracker.awaitsReceipt("order-0")).toBe(false);
  });

  it("a rush stopped before any receipt came is told once the first receipt comes, when every answer came before it", () => {
    const { tracker, told, pump } = setup(2);
    tracker.start(10);
    pump();
    tracker.end("stopped");
    tracker.count("order-0", "sending", "confirmed");
    tracker.count("order-1", "sending", "confirmed");
    expect(told).toEqual([]);

    tracker.accepted("order-0");

    expect(told).toMatchObject([{ status: "stopped", published: 2, accepted: 1, confirmed: 2 }]);
  });

  it("a stopped rush's outcomes are not told while an order it sent still awaits its receipt: the broker may yet take it", () => {
    const { tracker, told, pump } = setup(2);
    tracker.start(10);
    pump();
    tracker.end("stopped");
    tracker.accepted("order-0");
    tracker.count("order-0", "accepted", "confirmed");
    expect(told).toEqual([]);

    tracker.accepted("order-1");
    tracker.count("order-1", "accepted", "confirmed");

    expect(told).toMatchObject([{ status: "stopped", accepted: 2, confirmed: 2 }]);
  });

  it("its outcomes are told once, after it ends; from then on an answer to one of its orders is news on its own", () => {
    const { tracker, told, pump } = setup(2);
    tracker.start(2);
    pump();
    tracker.accepted("order-0");
    tracker.count("order-0", "accepted", "confirmed");
    tracker.count("order-1", "sending", "busy");
    expect(tracker.tallyTold).toBe(false);
    tracker.end("busy");
    expect(told).toMatchObject([{ status: "busy", confirmed: 1, busy: 1 }]);
    expect(tracker.tallyTold).toBe(true);

    // The busy order's late receipt and answer: counted, not told again with the rush.
    tracker.accepted("order-1");
    tracker.count("order-1", "busy", "accepted");
    tracker.count("order-1", "accepted", "confirmed");

    expect(tracker.progress).toMatchObject({ accepted: 2, confirmed: 2, busy: 0 });
    expect(told).toHaveLength(1);
    expect(tracker.owns("order-1")).toBe(true);
  });

  it("orders the rush did not place are not counted", () => {
    const { tracker, pump } = setup(2);
    tracker.start(2);
    pump();

    tracker.count("someone-else", "accepted", "confirmed");

    expect(tracker.progress).toMatchObject({ confirmed: 0 });
    expect(tracker.owns("someone-else")).toBe(false);
  });
});
