/** What a command left behind: its exit status (null: it did not run or was killed), output and why it failed. */
export interface CommandOutcome {
  readonly exitStatus: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `not installed`, `timed out after 10 s`, `output over 512 MiB`, `permission denied`, … */
  readonly error?: string;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/**
 * The collector's port to the machine: run a program with an argument array (no shell), list a directory, wait,
 * tell the time. `createNodeSnapshotHost()` implements it; tests pass a fake.
 */
export interface SnapshotHost {
  readonly run: (argv: readonly string[], options: RunOptions) => Promise<CommandOutcome>;
  /** The entries of a directory, undefined when it does not exist or cannot be read. */
  readonly listDirectory: (path: string) => Promise<readonly string[] | undefined>;
  readonly sleep: (ms: number) => Promise<void>;
  /** Monotonic milliseconds, for the sample times. */
  readonly nowMs: () => number;
  /** Wall-clock time, ISO 8601, for the manifest. */
  readonly nowIso: () => string;
}
