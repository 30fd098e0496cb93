import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { LabSession } from './lab-session.js';

const LISTENING_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** SYNs only, cut to their headers: a lab run's capture is kilobytes; this bounds a runaway one. */
const MAX_BYTES = 64 * 1024 * 1024;
const SYN_FILTER = 'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0';
/** Nanosecond stamps, pcap on stdout, SYNs only; immediate mode, or the last second's packets stay in the ring when it stops. */
const CAPTURE_ARGS = ['--immediate-mode', '--time-stamp-precision=nano', '-w', '-', SYN_FILTER];

/**
 * tcpdump on the node namespace's bridge, writing the containers' SYNs (pcap, nanosecond timestamps) to its
 * stdout: the kernel's own time for each SYN as it enters the node, just before PREROUTING (docs/validation.md,
 * finding 7). Read-only and inside the lab's namespace; the session kills it on the way out.
 */
export class SynCapture {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private stderrText = '';
  private readonly closed: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (b: Buffer) => {
      if (this.bytes + b.length > MAX_BYTES) return;
      this.chunks.push(b);
      this.bytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (this.stderrText.length < 4000) this.stderrText += b.toString('utf8');
    });
    this.closed = new Promise((resolve) => {
      child.on('close', () => resolve());
      child.on('error', () => resolve());
    });
  }

  /** Starts the capture and waits until tcpdump says it is listening (SYNs before that would be missed). */
  static async start(session: LabSession, netns: string, iface: string): Promise<SynCapture> {
    session.check();
    const child = spawn(
      'ip',
      [...['netns', 'exec', netns, 'tcpdump', '-i', iface, '-nn', '-U', '-s', '128'], ...CAPTURE_ARGS],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end();
    const capture = new SynCapture(child);
    session.stoppers.push(() => child.kill('SIGKILL'));
    const deadline = Date.now() + LISTENING_TIMEOUT_MS;
    while (!/listening on/.test(capture.stderrText)) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`tcpdump in ${netns} did not start: ${capture.stderrText.trim() || 'no answer'}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return capture;
  }

  /** Stops tcpdump (SIGINT: it flushes and exits) and returns the pcap bytes. */
  async stop(): Promise<Uint8Array> {
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.closed;
    clearTimeout(timer);
    return Buffer.concat(this.chunks);
  }
}
