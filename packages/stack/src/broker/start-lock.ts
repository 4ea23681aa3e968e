import { createHash } from "node:crypto";
import type { Server } from "node:net";
import { connect, createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** How long a waiter gives the holder to say its pid. */
const HOLDER_ANSWER_MS = 1000;

export interface StartLockOptions {
  /** How long to wait for the holder before giving up. */
  timeoutMs: number;
  /** Called once, when another process holds the lock, before waiting for it; with its pid when it answered. */
  onWait?: (holderPid: number | undefined) => void;
  pollMs?: number;
  /** Ends the wait when it aborts (a stop request): the lock is then not taken. */
  signal?: AbortSignal;
}

/**
 * Takes a node's start lock, waiting while another process holds it, and
 * returns the function that releases it, or undefined if `signal` aborted
 * first. Two starts of one node a few seconds apart would each find it not
 * running and each boot a VM; the loser's VM dies on the node name, but its
 * start reports "started" all the same, and that run's Ctrl-C then stops
 * the winner's node. Held from the running check until the boot is over,
 * the lock makes the second start wait and then find the node running.
 *
 * The lock is a Linux abstract socket named after `name` (the node's
 * folder) that the holder listens on. The kernel owns such a name: one
 * listener gets it, and it goes with its process however that process
 * ends, so a killed start leaves no lock behind and nothing has to decide
 * whether a holder recorded in a file is still alive. A waiter that
 * connects is told the holder's pid.
 */
export async function acquireStartLock(name: string, options: StartLockOptions): Promise<(() => void) | undefined> {
  const address = lockAddress(name);
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  let holderPid: number | undefined;
  for (;;) {
    if (options.signal?.aborted === true) return undefined;
    const server = await listenOn(address);
    if (server !== undefined) {
      return () => {
        server.close();
      };
    }
    if (!announced) {
      holderPid = await askHolder(address);
      options.onWait?.(holderPid);
      announced = true;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Another start (pid ${holderPid ?? "unknown"}) still holds the start lock of ${name} after ${options.timeoutMs / 1000} s.`);
    }
    try {
      await sleep(options.pollMs ?? 200, undefined, { signal: options.signal });
    } catch {
      return undefined;
    }
  }
}

/**
 * Takes the lock named `name` if it is free, without waiting: its release;
 * or, while another process holds it, that process's pid (undefined if it
 * did not say). For a whole run (`pnpm start`, `pnpm dev`), named after the
 * checkout rather than a node's folder: a second run should stop at once
 * rather than wait for the first to end.
 */
export async function tryStartLock(name: string): Promise<{ release: () => void } | { holderPid: number | undefined }> {
  const address = lockAddress(name);
  const server = await listenOn(address);
  if (server === undefined) return { holderPid: await askHolder(address) };
  return {
    release: () => {
      server.close();
    },
  };
}

/** An abstract socket's name (a leading NUL) is at most 107 bytes: a folder's path is hashed into it. */
function lockAddress(name: string): string {
  return `\0tickets-start-lock-${createHash("sha256").update(name).digest("hex").slice(0, 32)}`;
}

/** The listening server that holds the lock, or undefined while another process holds it. */
function listenOn(address: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.end(String(process.pid));
    });
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(undefined);
      else reject(error);
    });
    server.listen(address, () => {
      // The lock must not keep a finished process alive, should a path forget to release it.
      server.unref();
      resolve(server);
    });
  });
}

/** The holder's pid, as it answers a connection; undefined if it is gone or does not answer in time. */
function askHolder(address: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    let answer = "";
    const socket = connect(address);
    const done = (pid: number | undefined) => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(HOLDER_ANSWER_MS, () => {
      done(undefined);
    });
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.once("end", () => {
      const pid = Number(answer);
      done(Number.isInteger(pid) && pid > 0 ? pid : undefined);
    });
    socket.once("error", () => {
      done(undefined);
    });
  });
}
