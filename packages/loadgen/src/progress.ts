/** What the progress line shows: how far the current step is, and a short live status. */
export interface ProgressView {
  /** 0..1 */
  fraction: number;
  status: string;
}

const BAR_WIDTH = 24;
/** Labels are padded to this, so the bars of successive steps line up. */
const LABEL_WIDTH = 46;
const TTY_REFRESH_MS = 200;
/** Without a terminal (CI, a pipe), a plain line this often instead of a redrawn bar. */
const PLAIN_REFRESH_MS = 5_000;

/** One redrawn line: label, bar, percent, status. */
export function renderBar(label: string, view: ProgressView, width = BAR_WIDTH): string {
  // An empty step (0 of 0) is complete, not NaN %.
  const fraction = Number.isFinite(view.fraction) ? Math.min(1, Math.max(0, view.fraction)) : 1;
  const filled = Math.round(fraction * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  return `${label} ${bar} ${Math.round(fraction * 100).toString().padStart(3)}%  ${view.status}`;
}

/**
 * Progress on stderr, so stdout keeps only the results. On a terminal it
 * redraws one bar in place; elsewhere it prints a plain line every few
 * seconds, which reads well in CI logs.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private label = "";
  private view: () => ProgressView = () => ({ fraction: 0, status: "" });

  private readonly stream: NodeJS.WriteStream = process.stderr;

  private get tty(): boolean {
    return this.stream.isTTY;
  }

  /** Shows a step until stop(); `view` is read at each refresh. */
  start(label: string, view: () => ProgressView): void {
    this.stop();
    this.label = label.padEnd(LABEL_WIDTH);
    this.view = view;
    if (!this.tty) this.stream.write(`${label}…\n`);
    this.timer = setInterval(
      () => {
        this.draw();
      },
      this.tty ? TTY_REFRESH_MS : PLAIN_REFRESH_MS,
    );
    this.timer.unref();
    if (this.tty) this.draw();
  }

  /** Ends the current step, leaving its final state as a line. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    const line = renderBar(this.label, this.view());
    this.stream.write(this.tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  /** A line of its own, above the bar. */
  log(line: string): void {
    if (this.tty && this.timer !== undefined) {
      this.stream.write(`\r\x1b[2K${line}\n`);
      this.draw();
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  private draw(): void {
    const line = renderBar(this.label, this.view());
    if (!this.tty) {
      this.stream.write(`${line}\n`);
      return;
    }
    // Never wrap: a wrapped line cannot be redrawn in place.
    const columns = this.stream.columns;
    this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, columns - 1))}`);
  }
}
