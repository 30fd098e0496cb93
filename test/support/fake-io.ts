import type { Io } from '../../src/platform/io.js';

/**
 * A fake of the CLI's Io port: output captured, files served by `readTextFile` (default: every file is empty).
 */
export function fakeIo(readTextFile: Io['readTextFile'] = async () => '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTTY: false,
    readTextFile,
    nowMs: () => 0,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
