import { spawn } from 'node:child_process';
import type { ChunkConsumer, RunOptions, StreamOutcome } from './snapshot-host.js';

/** Enough of stderr for the manifest (it keeps 4000 characters). */
const STDERR_KEEP = 64 * 1024;

/**
 * `SnapshotHost.stream` on this machine: spawn with an argument array, stdout handed on chunk by chunk with
 * backpressure, the same outcomes as execFile (not installed, permission denied, timed out, output cut at
 * `maxBytes`, killed by a signal, exit status).
 */
export function streamCommand(
  argv: readonly string[],
  { timeoutMs, maxBytes }: RunOptions,
  onChunk: ChunkConsumer,
): Promise<StreamOutcome> {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error('stream: empty argv');
  return new Promise<StreamOutcome>((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    /** Why the collector stopped the command, which then counts as killed. */
    let stopped: string | undefined;
    let consuming: Promise<void> | undefined;
    let settled = false;
    const finish = (outcome: Omit<StreamOutcome, 'bytes' | 'stderr'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void Promise.resolve(consuming).then(() =>
        resolve({ ...outcome, stderr, ...(stopped !== undefined && { error: stopped }), bytes }),
      );
    };
    const stop = (why: string) => {
      stopped ??= why;
      child.kill('SIGKILL');
      // What is still in the pipe is dropped: a paused stdout would never end.
      child.stdout.resume();
    };
    const timer = setTimeout(() => stop(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped !== undefined) return;
      const piece = bytes + chunk.length > maxBytes ? chunk.subarray(0, maxBytes - bytes) : chunk;
      bytes += piece.length;
      try {
        const next = piece.length > 0 ? onChunk(piece) : undefined;
        if (next) {
          child.stdout.pause();
          consuming = next.then(
            () => {
              child.stdout.resume();
            },
            (error: unknown) => stop(`stopped: ${error instanceof Error ? error.message : String(error)}`),
          );
        }
      } catch (error) {
        stop(`stopped: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (piece.length < chunk.length) stop(`output over ${maxBytes} bytes (cut)`);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < STDERR_KEEP) stderr += text;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish({ exitStatus: null, error: 'not installed' });
      else if (error.code === 'EACCES') finish({ exitStatus: null, error: 'permission denied' });
      else finish({ exitStatus: null, error: error.message });
    });
    child.on('close', (code, signal) => {
      if (stopped !== undefined || signal !== null)
        finish({ exitStatus: null, error: stopped ?? `killed by ${signal}` });
      else finish({ exitStatus: code });
    });
  });
}
