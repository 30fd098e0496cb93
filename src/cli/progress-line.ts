import type { Io } from '../platform/io.js';

/**
 * A one-line progress bar on stderr, shown only on a terminal and only once a job has run for a second;
 * erased when done. Never written to pipes or CI logs.
 */
export function createProgressLine(
  io: Io,
  label: string,
): { update(done: number, total: number): void; done(): void } {
  const started = io.nowMs();
  let shown = false;
  return {
    update(done, total) {
      if (!io.stderrIsTTY || io.nowMs() - started < 1000) return;
      const width = 30;
      const filled = Math.round((width * done) / Math.max(1, total));
      const seconds = ((io.nowMs() - started) / 1000).toFixed(1);
      io.stderr(
        `\r${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}  ${seconds} s`,
      );
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
