import type { CommandOutcome, SnapshotHost, StreamOutcome } from './snapshot-host.js';

export interface FakeHostOptions {
  /** Output per command line (`argv.join(' ')`); a function gets the sample time in ms. */
  readonly outputs?: Readonly<Record<string, string | ((nowMs: number) => string)>>;
  /** Programs that are not installed. */
  readonly missing?: readonly string[];
  /** Exit status and stderr per command line, for failures. */
  readonly failures?: Readonly<Record<string, { readonly exitStatus: number; readonly stderr: string }>>;
  /** A streamed command that dies after `afterBytes` of its output (`timed out after 120 s`, …). */
  readonly streamFailures?: Readonly<Record<string, { readonly afterBytes: number; readonly error: string }>>;
  /** The size of the pieces a streamed output comes in (default 4096 bytes). */
  readonly chunkBytes?: number;
  readonly directories?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A SnapshotHost for tests: commands answer from a table, time only moves when the collector sleeps (or by 5 ms
 * per command), and every command line is recorded in `ran` (the streamed ones in `streamed` too).
 */
export function createFakeSnapshotHost(
  options: FakeHostOptions = {},
): SnapshotHost & { readonly ran: string[][]; readonly streamed: string[][] } {
  let now = 0;
  const ran: string[][] = [];
  const streamed: string[][] = [];
  const run = async (argv: readonly string[]): Promise<CommandOutcome> => {
    ran.push([...argv]);
    now += 5;
    const key = argv.join(' ');
    const program = argv[0] === 'ip' && argv[1] === 'netns' ? argv[4] : argv[0];
    if (options.missing?.includes(program ?? ''))
      return { exitStatus: null, stdout: '', stderr: '', error: 'not installed' };
    const failure = options.failures?.[key];
    if (failure) return { exitStatus: failure.exitStatus, stdout: '', stderr: failure.stderr };
    const out = options.outputs?.[key];
    return { exitStatus: 0, stdout: typeof out === 'function' ? out(now) : (out ?? ''), stderr: '' };
  };
  return {
    ran,
    streamed,
    run,
    stream: async (argv, { maxBytes }, onChunk): Promise<StreamOutcome> => {
      streamed.push([...argv]);
      const { stdout, ...outcome } = await run(argv);
      const failure = options.streamFailures?.[argv.join(' ')];
      const all = new TextEncoder().encode(stdout);
      const end = Math.min(all.length, maxBytes, failure?.afterBytes ?? all.length);
      const step = options.chunkBytes ?? 4096;
      for (let at = 0; at < end; at += step) await onChunk(all.slice(at, Math.min(at + step, end)));
      if (failure) return { exitStatus: null, stderr: '', error: failure.error, bytes: end };
      if (end < all.length)
        return { exitStatus: null, stderr: '', error: `output over ${maxBytes} bytes (cut)`, bytes: end };
      return { ...outcome, bytes: end };
    },
    listDirectory: async (path) => options.directories?.[path],
    sleep: async (ms) => {
      now += ms;
    },
    nowMs: () => now,
    nowIso: () => '2026-01-01T00:00:00.000Z',
  };
}
