import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandResult {
  readonly rc: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCommandOptions {
  /** Written to stdin, which is then closed. */
  readonly input?: string;
  /** Kill the command (SIGKILL) after this many ms; default 15 s. */
  readonly timeoutMs?: number;
}

/** The Debian package that provides each program the lab runs. */
export const DEBIAN_PACKAGE: Readonly<Record<string, string>> = {
  ip: 'iproute2',
  iptables: 'iptables',
  'iptables-nft-restore': 'iptables',
  'iptables-nft-save': 'iptables',
  'iptables-legacy-restore': 'iptables',
  'iptables-legacy-save': 'iptables',
  nft: 'nftables',
  conntrack: 'conntrack',
  sysctl: 'procps',
  taskset: 'util-linux',
  tcpdump: 'tcpdump',
  node: 'nodejs',
};

/** A program the lab needs is not installed (spawn failed with ENOENT). */
export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(missingToolMessage(tool));
    this.name = 'ToolMissingError';
  }
}

/** `the lab needs sysctl, which is not installed (Debian/Ubuntu package: procps)`. */
export function missingToolMessage(tool: string): string {
  const pkg = DEBIAN_PACKAGE[tool];
  return `the lab needs ${tool}, which is not installed${pkg === undefined ? '' : ` (Debian/Ubuntu package: ${pkg})`}`;
}

/** A command ran and failed; the message names it and quotes its stderr. */
export class CommandFailedError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: CommandResult,
  ) {
    const why = result.stderr.trim() || result.stdout.trim() || `exit status ${result.rc}`;
    super(`${argv.join(' ')}: ${why}`);
    this.name = 'CommandFailedError';
  }
}

/**
 * Runs a program with an argument array (no shell), feeding `input` and collecting both streams. Resolves
 * with the exit status (128 + signal number when killed, e.g. by the timeout); rejects with ToolMissingError
 * when the program does not exist.
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (program === undefined) return Promise.reject(new Error('runCommand: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new ToolMissingError(program) : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        rc: code ?? 128 + (signal === null ? 0 : constants.signals[signal]),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    // A program that exits without reading its input closes the pipe: not an error of ours.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command and rejects with CommandFailedError unless it exits 0. */
export async function runChecked(argv: readonly string[], options: RunCommandOptions = {}): Promise<string> {
  const result = await runCommand(argv, options);
  if (result.rc !== 0) throw new CommandFailedError(argv, result);
  return result.stdout;
}
