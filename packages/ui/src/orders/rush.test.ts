import { describe, expect, it } from "vitest";
import type { RushProgress } from "./rush.js";
import { endRush, isRushAnswered, rushAccepted, rushEndedEarly, rushPublished, rushRoom, rushScope, rushSettled, rushUnconfirmed, startRush } from "./rush.js";

function times(rush: RushProgress, step: (rush: RushProgress) => RushProgress, count: number): RushProgress {
  let next = rush;
  for (let i = 0; i < count; i++) next = step(next);
  return next;
}

describe("rush", () => {
  it("a rush's bars count every order it means to send, unless it ended before placing them all: then those it placed", () => {
    let rush = startRush(100);
    for (let i = 0; i < 16; i++) rush = rushPublished(rush);
    expect(rushScope(rush)).toBe(100);
    expect(rushEndedEarly(rush)).toBe(false);

    const interrupted = endRush(rush, "interrupted");

    expect(rushEndedEarly(interrupted)).toBe(true);
    expect(rushScope(interrupted)).toBe(16);
    // Stopped once every order was placed, nothing was left out.
    let placedAll = startRush(3);
    for (let i = 0; i < 3; i++) placedAll = rushPublished(placedAll);
    expect(rushScope(endRush(placedAll, "stopped"))).toBe(3);
    expect(rushEndedEarly(endRush(placedAll, "stopped"))).toBe(false);
  });

  it("a new rush may publish a full window of orders", () => {
    expect(rushRoom(startRush(100), 10)).toBe(10);
  });

  it("while the window is full, no more orders may be published until receipts arrive", () => {
    const full = times(startRush(100), rushPublished, 10);

    expect(rushRoom(full, 10)).toBe(0);
    expect(rushRoom(times(full, rushAccepted, 3), 10)).toBe(3);
  });

  it("near the end, room is limited by the orders left to send", () => {
    const rush = times(times(startRush(12), rushPublished, 10), rushAccepted, 10);

    expect(rushRoom(rush, 10)).toBe(2);
  });

  it("when the broker has accepted every order, the rush is done", () => {
    const rush = times(times(startRush(3), rushPublished, 3), rushAccepted, 3);

    expect(rush.status).toBe("done");
    expect(rushRoom(rush, 10)).toBe(0);
  });

  it("a rush is answered once it sends no more and every order the broker took has an outcome, not before", () => {
    const accepted = times(times(startRush(3), rushPublished, 3), rushAccepted, 3);
    const confirm = (rush: RushProgress): RushProgress => rushSettled(rush, "accepted", "confirmed");
    const twoConfirmed = times(accepted, confirm, 2);
    const oneRejected = rushSettled(twoConfirmed, "accepted", "rejected");

    expect(isRushAnswered(accepted)).toBe(false);
    expect(isRushAnswered(twoConfirmed)).toBe(false);
    expect(isRushAnswered(oneRejected)).toBe(true);
  });

  it("a rush still sending, or one the broker took nothing from, is not answered", () => {
    const sending = rushSettled(rushAccepted(rushPublished(startRush(3))), "accepted", "confirmed");
    const refused = endRush(rushPublished(startRush(3)), "busy");

    expect(isRushAnswered(sending)).toBe(false);
    expect(isRushAnswered(refused)).toBe(false);
  });

  it("when a rush is stopped, it publishes no more, and a finished rush cannot be stopped", () => {
    const stopped = endRush(rushPublished(startRush(5)), "stopped");
    const done = rushAccepted(rushPublished(startRush(1)));

    expect(stopped.status).toBe("stopped");
    expect(rushRoom(stopped, 10)).toBe(0);
    expect(endRush(done, "stopped")).toBe(done);
    expect(endRush(done, "interrupted")).toBe(done);
  });

  it("a rush that no longer sends is not answered while an order it published has neither its receipt nor an outcome: the broker may still take it", () => {
    const oneOfTwoAnswered = rushSettled(rushAccepted(times(startRush(2), rushPublished, 2)), "accepted", "confirmed");
    const stopped = endRush(oneOfTwoAnswered, "stopped");

    expect(isRushAnswered(stopped)).toBe(false);
    expect(isRushAnswered(rushSettled(stopped, "sending", "timed-out"))).toBe(true);
  });

  it("a busy order counts as unconfirmed until a late receipt takes it back out, and counts it as accepted", () => {
    const firstConfirmed = rushSettled(rushAccepted(times(startRush(2), rushPublished, 2)), "accepted", "confirmed");
    const refused = rushSettled(endRush(firstConfirmed, "busy"), "sending", "busy");

    const late = rushAccepted(rushSettled(refused, "busy", "accepted"));
    const answered = rushSettled(late, "accepted", "confirmed");

    expect(refused).toMatchObject({ status: "busy", accepted: 1, busy: 1 });
    expect(rushUnconfirmed(refused)).toBe(1);
    expect(isRushAnswered(refused)).toBe(true);
    expect(late).toMatchObject({ status: "busy", accepted: 2, busy: 0 });
    expect(isRushAnswered(late)).toBe(false);
    expect(answered).toMatchObject({ accepted: 2, confirmed: 2, busy: 0 });
    expect(isRushAnswered(answered)).toBe(true);
  });

  it("when a timed-out order is answered late, it moves from timed out to its outcome", () => {
    const timedOut = rushSettled(startRush(1), "accepted", "timed-out");

    const answered = rushSettled(timedOut, "timed-out", "confirmed");

    expect(answered).toMatchObject({ confirmed: 1, timedOut: 0, rejected: 0 });
  });
});
