import type { CommandOutcome, SnapshotHost } from './snapshot-host.js';

export interface FakeHostOptions {
  /** Output per command line (`argv.join(' ')`); a function gets the sample time in ms. */
  readonly outputs?: Readonly<Record<string, string | ((nowMs: number) => string)>>;
  /** Programs that are not installed. */
  readonly missing?: readonly string[];
  /** Exit status and stderr per command line, for failures. */
  readonly failures?: Readonly<Record<string, { readonly exitStatus: number; readonly stderr: string }>>;
  readonly directories?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A SnapshotHost for tests: commands answer from a table, time only moves when the collector sleeps (or by 5 ms
 * per command), and every command line is recorded in `ran`.
 */
export function createFakeSnapshotHost(
  options: FakeHostOptions = {},
): SnapshotHost & { readonly ran: string[][] } {
  let now = 0;
  const ran: string[][] = [];
  return {
    ran,
    run: async (argv) => {
      ran.push([...argv]);
      now += 5;
      const key = argv.join(' ');
      const program = argv[0] === 'ip' && argv[1] === 'netns' ? argv[4] : argv[0];
      if (options.missing?.includes(program ?? ''))
        return { exitStatus: null, stdout: '', stderr: '', error: 'not installed' };
      const failure = options.failures?.[key];
      if (failure)
        return {
          exitStatus: failure.exitStatus,
          stdout: '',
          stderr: failure.stderr,
        } satisfies CommandOutcome;
      const out = options.outputs?.[key];
      return { exitStatus: 0, stdout: typeof out === 'function' ? out(now) : (out ?? ''), stderr: '' };
    },
    listDirectory: async (path) => options.directories?.[path],
    sleep: async (ms) => {
      now += ms;
    },
    nowMs: () => now,
    nowIso: () => '2026-01-01T00:00:00.000Z',
  };
}
