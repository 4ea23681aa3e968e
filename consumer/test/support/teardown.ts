/**
 * Undo steps of a test file's setup, run in reverse order of adding. Every
 * step runs even when one fails, so a broken teardown never leaks a broker
 * node or a consumer process.
 */
export class Teardown {
  private readonly steps: (() => Promise<unknown> | undefined)[] = [];

  add(step: () => Promise<unknown> | undefined): void {
    this.steps.unshift(step);
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.steps.splice(0)) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "teardown failed");
  }
}
