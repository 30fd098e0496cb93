/** The port through which the CLI reaches the machine. `node-io.ts` implements it; CLI tests pass a fake. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly stderrIsTTY: boolean;
  /** Reads a UTF-8 file; rejects with a `FileReadError` when it cannot. */
  readonly readTextFile: (path: string) => Promise<string>;
  /** Wall-clock milliseconds, for progress display only (never fed to the simulation). */
  readonly nowMs: () => number;
}

export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
    this.name = 'FileReadError';
  }
}
