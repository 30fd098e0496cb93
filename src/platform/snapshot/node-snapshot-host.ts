import { type ExecFileException, execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandOutcome, SnapshotHost } from './snapshot-host.js';
import { streamCommand } from './stream-command.js';

/**
 * The real machine behind the collector: execFile with argument arrays, a timeout and an output limit; spawn for
 * output streamed as it comes.
 */
export function createNodeSnapshotHost(): SnapshotHost {
  return {
    run: (argv, { timeoutMs, maxBytes }) =>
      new Promise<CommandOutcome>((resolve) => {
        const [program, ...args] = argv;
        if (program === undefined) throw new Error('run: empty argv');
        execFile(
          program,
          args,
          { timeout: timeoutMs, maxBuffer: maxBytes, encoding: 'utf8', killSignal: 'SIGKILL' },
          (error: ExecFileException | null, stdout: string, stderr: string) => {
            if (!error) return resolve({ exitStatus: 0, stdout, stderr });
            if (error.code === 'ENOENT')
              return resolve({ exitStatus: null, stdout: '', stderr: '', error: 'not installed' });
            if (error.code === 'EACCES')
              return resolve({ exitStatus: null, stdout: '', stderr: '', error: 'permission denied' });
            if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
              return resolve({
                exitStatus: null,
                stdout,
                stderr,
                error: `output over ${maxBytes} bytes (cut)`,
              });
            if (error.killed || error.signal)
              return resolve({
                exitStatus: null,
                stdout,
                stderr,
                error: error.killed ? `timed out after ${timeoutMs / 1000} s` : `killed by ${error.signal}`,
              });
            resolve({ exitStatus: typeof error.code === 'number' ? error.code : null, stdout, stderr });
          },
        );
      }),
    stream: streamCommand,
    listDirectory: async (path) => {
      try {
        return (await readdir(path)).sort();
      } catch {
        return undefined;
      }
    },
    sleep: (ms) => sleep(ms).then(() => undefined),
    nowMs: () => performance.now(),
    nowIso: () => new Date().toISOString(),
  };
}
