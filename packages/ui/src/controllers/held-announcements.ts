import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * How long the log is in the page before it is given the sentences told
 * while the page was first built (orders a reload finds expired): screen
 * readers read what changes in a live region they already know, not what a
 * new one holds.
 */
export const FIRST_ANNOUNCEMENT_DELAY_MS = 500;

export interface HeldAnnouncementsOptions {
  /** Whether the host's log region is in the page yet (a host without its configuration renders none). */
  readonly logShown: () => boolean;
  /** Hands one held sentence to the log. */
  readonly release: (text: string) => void;
}

/**
 * Holds the sentences told before the host's log region has been in the
 * page for `FIRST_ANNOUNCEMENT_DELAY_MS`, then releases them in order; from
 * then on nothing is held. The wait is a timer of the host's: it is cleared
 * when the host leaves the page, so no sentence is released into a page
 * that no longer shows it, and starts afresh after the host's next update
 * if it comes back.
 */
export class HeldAnnouncements implements ReactiveController {
  private readonly options: HeldAnnouncementsOptions;
  /** Sentences told before the log could be given them; undefined once it has them. */
  private held: string[] | undefined = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: HeldAnnouncementsOptions) {
    this.options = options;
    host.addController(this);
  }

  /** Holds `text` while the log is new; false once sentences may go straight to it. */
  hold(text: string): boolean {
    if (!this.held) return false;
    this.held.push(text);
    return true;
  }

  hostUpdated(): void {
    // Counted from the first update that shows the log.
    if (!this.held || this.timer !== undefined || !this.options.logShown()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const held = this.held ?? [];
      this.held = undefined;
      for (const text of held) this.options.release(text);
    }, FIRST_ANNOUNCEMENT_DELAY_MS);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
