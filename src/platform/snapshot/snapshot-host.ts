/** What a command left behind: its exit status (null: it did not run or was killed), output and why it failed. */
export interface CommandOutcome {
  readonly exitStatus: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `not installed`, `timed out after 10 s`, `output over 512 MiB`, `permission denied`, … */
  readonly error?: string;
}

/** What a streamed command left behind: as CommandOutcome, its stdout having gone to the consumer. */
export type StreamOutcome = Omit<CommandOutcome, 'stdout'> & {
  /** Bytes of stdout the consumer got (at most `maxBytes`). */
  readonly bytes: number;
};

export interface RunOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/**
 * Takes one chunk of a streamed command's stdout. A promise holds the next chunk back until it settles
 * (backpressure); a rejection stops the command (`error`: `stopped: …`).
 */
export type ChunkConsumer = (chunk: Uint8Array) => void | Promise<void>;

/**
 * The collector's port to the machine: run a program with an argument array (no shell), list a directory, wait,
 * tell the time. `createNodeSnapshotHost()` implements it; tests pass a fake.
 */
export interface SnapshotHost {
  readonly run: (argv: readonly string[], options: RunOptions) => Promise<CommandOutcome>;
  /**
   * Runs a program whose output can be large (`conntrack -L`): stdout goes chunk by chunk to `onChunk` and is
   * never held whole; the same timeout, output limit and outcomes as `run`.
   */
  readonly stream: (
    argv: readonly string[],
    options: RunOptions,
    onChunk: ChunkConsumer,
  ) => Promise<StreamOutcome>;
  /** The entries of a directory, undefined when it does not exist or cannot be read. */
  readonly listDirectory: (path: string) => Promise<readonly string[] | undefined>;
  readonly sleep: (ms: number) => Promise<void>;
  /** Monotonic milliseconds, for the sample times. */
  readonly nowMs: () => number;
  /** Wall-clock time, ISO 8601, for the manifest. */
  readonly nowIso: () => string;
}
