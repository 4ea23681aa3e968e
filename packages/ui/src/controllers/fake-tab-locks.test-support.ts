import type { TabLocks } from "./closed-tabs.js";

interface Waiter {
  readonly name: string;
  readonly tab: number;
  readonly grant: () => void;
}

/** One tab's view of the fake Web Locks: its lock manager, and its end. */
export interface FakeTab {
  readonly locks: TabLocks;
  /** The tab closes: the browser releases every lock it holds and drops its requests. */
  readonly close: () => void;
}

/**
 * Web Locks as a browser keeps them for one origin (exclusive locks, in
 * the order asked, a request abortable while it waits), shared by the
 * fake tabs a test opens.
 */
export class FakeLockRegistry {
  private readonly holders = new Map<string, number>();
  private waiters: Waiter[] = [];
  private tabs = 0;

  openTab(): FakeTab {
    const tab = ++this.tabs;
    const locks: TabLocks = {
      request: (name, { signal }, callback) =>
        new Promise<unknown>((resolve, reject) => {
          if (signal?.aborted) {
            reject(new DOMException("aborted", "AbortError"));
            return;
          }
          const run = () => {
            this.holders.set(name, tab);
            void Promise.resolve(callback()).then((value) => {
              if (this.holders.get(name) === tab) this.release(name);
              resolve(value);
            });
          };
          if (!this.holders.has(name)) {
            run();
            return;
          }
          const waiter: Waiter = { name, tab, grant: run };
          this.waiters.push(waiter);
          signal?.addEventListener("abort", () => {
            if (!this.waiters.includes(waiter)) return;
            this.waiters = this.waiters.filter((other) => other !== waiter);
            reject(new DOMException("aborted", "AbortError"));
          });
        }),
      query: () => Promise.resolve({ held: [...this.holders.keys()].map((name) => ({ name })) }),
    };
    return {
      locks,
      close: () => {
        this.waiters = this.waiters.filter((waiter) => waiter.tab !== tab);
        for (const [name, holder] of [...this.holders]) if (holder === tab) this.release(name);
      },
    };
  }

  private release(name: string): void {
    this.holders.delete(name);
    const next = this.waiters.find((waiter) => waiter.name === name);
    if (next === undefined) return;
    this.waiters = this.waiters.filter((waiter) => waiter !== next);
    next.grant();
  }
}

/** Lets the fake locks' promises settle, as the browser would between tasks. */
export async function locksSettle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
