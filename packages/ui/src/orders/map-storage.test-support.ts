import { vi } from "vitest";
import type { KeyValueStorage } from "./outbox-storage.js";

/** Web Storage as a map, the way every tab of one origin eventually sees it. */
export class MapStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** A page whose `window.localStorage` is what `read` gives, or throws what it throws; undo with `vi.unstubAllGlobals()`. */
export function stubPageStorage(read: () => KeyValueStorage | null): void {
  vi.stubGlobal("window", {
    get localStorage() {
      return read();
    },
  });
}

/** How browsers refuse a page its localStorage, for `it.each`: what the browser does, and what reading the property gives. */
export const STORAGE_REFUSALS: [string, () => KeyValueStorage | null][] = [
  [
    "throws on reading localStorage (Chromium, site data blocked)",
    () => {
      throw new DOMException("Access is denied for this document.", "SecurityError");
    },
  ],
  ["gives no localStorage (Firefox, storage disabled)", () => null],
];
