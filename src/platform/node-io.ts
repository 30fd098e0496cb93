import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { FileReadError, type Io } from './io.js';

interface WritableLike {
  write(text: string): unknown;
  on?(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  readonly isTTY?: boolean;
}

/** The real machine behind the CLI's Io port. */
export function createNodeIo(stdout: WritableLike, stderr: WritableLike): Io {
  // A reader that went away (`portclash simulate | head`) is not an error worth a stack trace.
  for (const stream of [stdout, stderr]) {
    stream.on?.('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    stdout: (text) => void stdout.write(text),
    stderr: (text) => void stderr.write(text),
    stderrIsTTY: Boolean(stderr.isTTY),
    readTextFile: async (path) => {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new FileReadError(
          path,
          code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? error),
        );
      }
    },
    nowMs: () => performance.now(),
  };
}
