/**
 * Resolves true once `work` settles (resolved or rejected alike), false if
 * `ms` pass first; never rejects, and its timer never outlives it. For the
 * waits of a shutdown on a broker that may never answer: a half-open
 * connection takes every frame and answers none, until its heartbeat ends it.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
