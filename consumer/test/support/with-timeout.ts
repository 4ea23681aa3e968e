/**
 * Settles as `promise` does, or rejects with `message` after `ms`; the timer
 * never outlives it. A function is asked for the message at the time-out,
 * for state worth reporting as it is then.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(typeof message === "string" ? message : message()));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}
