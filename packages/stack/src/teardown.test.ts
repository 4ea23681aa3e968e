import { describe, expect, it } from "vitest";
import { Teardown } from "./teardown.js";

describe("Teardown", () => {
  it("runs the steps last-added first, as a setup is undone", async () => {
    const teardown = new Teardown();
    const ran: string[] = [];
    teardown.add(() => ran.push("stop the broker"));
    teardown.add(async () => {
      await Promise.resolve();
      ran.push("stop the consumer");
    });

    await teardown.run();

    expect(ran).toEqual(["stop the consumer", "stop the broker"]);
  });

  it("when steps fail, runs every other step all the same and then throws every failure", async () => {
    const teardown = new Teardown();
    const ran: string[] = [];
    teardown.add(() => ran.push("stop the broker"));
    teardown.add(() => Promise.reject(new Error("consumer would not stop")));
    teardown.add(() => {
      throw new Error("folder busy");
    });

    const failure = await teardown.run().then(() => undefined, (error: unknown) => error);

    expect(ran).toEqual(["stop the broker"]);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((error: Error) => error.message)).toEqual(["folder busy", "consumer would not stop"]);
  });

  it("runs each step once: a second run finds nothing left to undo", async () => {
    const teardown = new Teardown();
    let runs = 0;
    teardown.add(() => (runs += 1));

    await teardown.run();
    await teardown.run();

    expect(runs).toBe(1);
  });
});
