/** What opening a batch of connections gave. */
export interface Opened<T> {
  opened: T[];
  /** Why the others did not open, one line each. */
  failures: string[];
}

/**
 * Opens `count` things at most `concurrency` at a time, as a crowd of
 * browsers arriving would, reporting progress after each.
 */
export async function openAll<T>(
  count: number,
  open: (index: number) => Promise<T>,
  options: { concurrency: number; onProgress?: (done: number) => void; signal?: AbortSignal },
): Promise<Opened<T>> {
  const opened: T[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && options.signal?.aborted !== true) {
      const index = next++;
      try {
        opened.push(await open(index));
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      options.onProgress?.(opened.length + failures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, worker));
  return { opened, failures };
}
