/** What the progress line shows: how far the current step is, and a short live status. */
export interface ProgressView {
  /** 0..1 */
  fraction: number;
  status: string;
}

const BAR_WIDTH = 24;
/** The bar's width when the terminal is too narrow for the whole one. */
const NARROW_BAR_WIDTH = 10;
/** The fewest characters of a label worth showing; below this the line is percent and status alone. */
const SHORTEST_LABEL = 8;
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
 * The progress line for a terminal `columns` wide, never longer than one
 * line less a column (a wrapped line cannot be redrawn in place): the live
 * status matters most, so the label's padding, then the bar, then the label
 * give way first. A terminal that reports no width (0 or undefined) gets
 * the whole line.
 */
export function fitBar(label: string, view: ProgressView, columns: number | undefined): string {
  const whole = renderBar(label, view);
  if (columns === undefined || columns <= 0 || whole.length < columns) return whole;
  const room = columns - 1;
  // The label's columns line successive steps up; narrow, its words matter more.
  const name = label.trim().replace(/ {2,}/g, " ");
  const narrow = renderBar(name, view, NARROW_BAR_WIDTH);
  if (narrow.length <= room) return narrow;
  const labelRoom = room - (narrow.length - name.length);
  if (labelRoom >= SHORTEST_LABEL) return renderBar(`${name.slice(0, labelRoom - 1)}…`, view, NARROW_BAR_WIDTH);
  return renderBar("", view, 0).trimStart().slice(0, room);
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
    const line = this.line();
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
    const line = this.line();
    this.stream.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** The current step's line: fitted to a terminal's width, whole in a log. Reads the view once (it samples rates). */
  private line(): string {
    const view = this.view();
    return this.tty ? fitBar(this.label, view, this.stream.columns) : renderBar(this.label, view);
  }
}
