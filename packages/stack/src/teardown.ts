/**
 * Undo steps of a test's setup, run last-added first, every one of them even
 * when some fail, so a failed run never leaves a broker node or a consumer
 * process behind.
 */
export class Teardown {
  private readonly steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
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
