import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ToolMissingError } from './run-command.js';

/** A server or worker did not answer as agreed, or ended early. */
export class LabChildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabChildError';
  }
}

/**
 * A long-lived process the lab started inside a namespace (server or worker), spoken to in lines over
 * stdin/stdout. Closing stdin tells it to stop; `kill` ends it by its own pid.
 */
export class LabChild {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: string[] = [];
  private waiter: ((line: string | undefined) => void) | undefined;
  private closed = false;
  private stderrText = '';
  readonly exited: Promise<number>;

  constructor(
    readonly label: string,
    argv: readonly string[],
  ) {
    const [program, ...args] = argv;
    this.child = spawn(program!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => {});
    this.child.stderr.on('data', (b: Buffer) => {
      if (this.stderrText.length < 4000) this.stderrText += b.toString('utf8');
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(line);
      } else this.queue.push(line);
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', (error: Error & { code?: string }) => {
        this.markClosed();
        reject(error.code === 'ENOENT' ? new ToolMissingError(program!) : error);
      });
      this.child.on('close', (code, signal) => {
        this.markClosed();
        resolve(code ?? (signal === null ? 0 : 128));
      });
    });
    this.exited.catch(() => {});
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the child wrote to stderr (the first few kB), for error messages. */
  get stderr(): string {
    return this.stderrText.trim();
  }

  /** The next stdout line; rejects after `timeoutMs` or when the child ends first. */
  nextLine(timeoutMs: number): Promise<string> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(this.failure('ended'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(this.failure(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (line) => {
        clearTimeout(timer);
        if (line === undefined) reject(this.failure('ended'));
        else resolve(line);
      };
    });
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Asks the child to stop (it exits when stdin closes). */
  closeInput(): void {
    this.child.stdin.end();
  }

  kill(): void {
    if (!this.closed) this.child.kill('SIGKILL');
  }

  private markClosed(): void {
    this.closed = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(undefined);
  }

  private failure(what: string): Error {
    return new LabChildError(`${this.label}: ${what}${this.stderrText ? `: ${this.stderr}` : ''}`);
  }
}
