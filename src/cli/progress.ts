/**
 * Progress of a long-running command on stderr: on a terminal one line
 * redrawn in place (a bar, the count, the current item and the elapsed
 * time); otherwise (a pipe, a CI log) plain lines: one when a stage starts
 * or ends and at most one every few seconds in between. The library never
 * prints: it calls back (e.g. ReportOptions.onProgress) and the command
 * feeds those calls in here. `--quiet` gives a Progress that prints nothing.
 */

/** Where progress goes: process.stderr, or a test's fake. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** terminal width; the line is cut to fit */
  readonly columns?: number;
}

export interface ProgressUpdate {
  /** what is being done, e.g. "measuring messages" */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  /** the item being worked on, e.g. "body/main" or "rfc9420" */
  readonly item?: string;
}

export interface Progress {
  update(u: ProgressUpdate): void;
  /** clears the bar (call before printing the command's own output) */
  end(): void;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  /** milliseconds; injectable for tests */
  readonly now?: () => number;
  /** plain mode: at most one line per this many ms within a stage (default 2000) */
  readonly lineInterval?: number;
  /** TTY mode: at most one redraw per this many ms (default 80) */
  readonly redrawInterval?: number;
}

const BAR_WIDTH = 20;
const SILENT: Progress = { update() {}, end() {} };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function count(u: ProgressUpdate): string {
  return `${u.done}/${u.total}`;
}

/** A Progress for `command` writing to `stream`; silent when quiet or without a stream. */
export function createProgress(command: string, stream: ProgressStream | null | undefined, options: ProgressOptions = {}): Progress {
  if (options.quiet || !stream) return SILENT;
  const now = options.now ?? (() => performance.now());
  const start = now();
  return stream.isTTY ? new BarProgress(command, stream, now, start, options.redrawInterval ?? 80) : new LineProgress(command, stream, now, start, options.lineInterval ?? 2000);
}

/** What both renderings keep: where to write, the clock, and the last stage shown and when. */
abstract class StreamProgress implements Progress {
  protected last = -Infinity;
  protected stage = "";

  constructor(
    protected readonly command: string,
    protected readonly stream: ProgressStream,
    protected readonly now: () => number,
    protected readonly start: number,
    /** ms between two writes within a stage */
    protected readonly interval: number,
  ) {}

  abstract update(u: ProgressUpdate): void;
  abstract end(): void;
}

/** One line, redrawn in place with a carriage return; cleared at the end. */
class BarProgress extends StreamProgress {
  private drawn = false;

  update(u: ProgressUpdate): void {
    const t = this.now();
    if (u.stage === this.stage && u.done < u.total && t - this.last < this.interval) return;
    this.stage = u.stage;
    this.last = t;
    const filled = u.total > 0 ? Math.round((Math.min(u.done, u.total) / u.total) * BAR_WIDTH) : 0;
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    const line = `${this.command}: ${u.stage} ${bar} ${count(u)}${u.item ? ` ${u.item}` : ""}  ${seconds(t - this.start)}`;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r\x1b[2K${line.length > width ? line.slice(0, width - 1) + "…" : line}`);
    this.drawn = true;
  }

  end(): void {
    if (this.drawn) this.stream.write("\r\x1b[2K");
    this.drawn = false;
  }
}

/** Plain lines for logs: a stage's start and end, and at most one line per interval between. */
class LineProgress extends StreamProgress {
  private lastDone = -1;

  update(u: ProgressUpdate): void {
    const t = this.now();
    const newStage = u.stage !== this.stage;
    const finished = u.done >= u.total && u.done !== this.lastDone;
    if (!newStage && !finished && t - this.last < this.interval) return;
    this.stage = u.stage;
    this.last = t;
    this.lastDone = u.done;
    this.stream.write(`${this.command}: ${u.stage} ${count(u)}${u.item ? ` (${u.item})` : ""}, ${seconds(t - this.start)}\n`);
  }

  end(): void {}
}
