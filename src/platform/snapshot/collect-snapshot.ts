import type { CaptureFile } from '../../formats/snapshot/capture-set.js';
import { type ManifestEntry, SNAPSHOT_SCHEMA } from '../../formats/snapshot/snapshot-manifest.js';
import { isReadOnlyCommand } from './read-only-commands.js';
import type { Snapshot } from './snapshot.js';
import type { SnapshotHost, StreamOutcome } from './snapshot-host.js';
import {
  CNI_DIRECTORY,
  CONNTRACK_TABLE_STEP,
  NETNS_LIST_STEP,
  ONCE_STEPS,
  type SnapshotStep,
  statsSteps,
} from './snapshot-steps.js';
import { streamConntrackTable } from './stream-conntrack-table.js';

export interface CollectOptions {
  /** Seconds between two statistics samples; none: one sample. */
  readonly intervalS?: number;
  /** Statistics of every named network namespace too (`ip netns exec`). */
  readonly allNetns?: boolean;
  /** The `conntrack -L` dump (can be large: streamed, never held whole). */
  readonly conntrackTable?: boolean;
  /**
   * What becomes of the dump: `digest` (the doctor: digested as it arrives, only its head kept) or `file`
   * (snapshot: written to a temporary file that writeSnapshot moves into the output). Default `digest`.
   */
  readonly conntrackTableTo?: 'digest' | 'file';
  /** The name and version written into the manifest. */
  readonly tool: string;
  readonly onProgress?: (message: string) => void;
}

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 64 * 1024 * 1024;
const TABLE_TIMEOUT_MS = 120_000;
const TABLE_MAX_BYTES = 1024 * 1024 * 1024;
const STDERR_MAX = 4000;

/**
 * Collects a snapshot, read-only: every command is checked against the read-only allow-list before it runs, a
 * missing tool or a failing command is recorded in the manifest, never fatal. With an interval, the statistics
 * are sampled twice, `intervalS` apart, while the rest is collected in between.
 */
export async function collectSnapshot(host: SnapshotHost, options: CollectOptions): Promise<Snapshot> {
  const start = host.nowMs();
  const createdAt = host.nowIso();
  const entries: ManifestEntry[] = [];
  const files: CaptureFile[] = [];
  let spooled: Snapshot['spooled'];
  const begin = (step: SnapshotStep) => {
    if (!isReadOnlyCommand(step.argv))
      throw new Error(`refusing to run a command that is not read-only: ${step.argv.join(' ')}`);
    options.onProgress?.(step.argv.join(' '));
    return Math.round(host.nowMs() - start);
  };
  const record = (
    step: SnapshotStep,
    outcome: Omit<StreamOutcome, 'bytes'>,
    captured: boolean,
    atMs: number,
    extra = {},
  ) => {
    entries.push({
      kind: step.kind,
      ...(captured && { file: step.file }),
      argv: step.argv,
      exitStatus: outcome.exitStatus,
      stderr: outcome.stderr.trim().slice(0, STDERR_MAX),
      ...(outcome.error !== undefined && { error: outcome.error }),
      ...extra,
      atMs,
    });
  };
  const run = async (step: SnapshotStep, extra: Partial<Pick<ManifestEntry, 'netns' | 'sample'>> = {}) => {
    const atMs = begin(step);
    const outcome = await host.run(step.argv, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES });
    // An empty listing that succeeded is a fact too (no rules in that backend); a failed command's is not.
    const captured =
      outcome.stdout.trim() !== '' || (outcome.exitStatus === 0 && outcome.error === undefined);
    if (captured) files.push({ name: step.file, text: outcome.stdout });
    record(step, outcome, captured, atMs, extra);
    return outcome;
  };
  const streamTable = async (step: SnapshotStep, to: 'digest' | 'file') => {
    const atMs = begin(step);
    const limits = { timeoutMs: TABLE_TIMEOUT_MS, maxBytes: TABLE_MAX_BYTES };
    const table = await streamConntrackTable(host, step.argv, step.file, limits, to);
    if (table.file) files.push(table.file);
    spooled = table.spooled;
    record(step, table.outcome, table.captured, atMs);
  };

  const netns = options.allNetns ? await listNetns(await run(NETNS_LIST_STEP)) : [];
  const sample = async (n: number) => {
    for (const step of statsSteps('', n)) await run(step, { sample: n });
    for (const ns of netns) for (const step of statsSteps(ns, n)) await run(step, { netns: ns, sample: n });
  };
  const firstSample = host.nowMs();
  await sample(0);
  for (const step of ONCE_STEPS) await run(step);
  await collectCni(host, run);
  if (options.conntrackTable) await streamTable(CONNTRACK_TABLE_STEP, options.conntrackTableTo ?? 'digest');
  if (options.intervalS !== undefined) {
    const wait = options.intervalS * 1000 - (host.nowMs() - firstSample);
    options.onProgress?.(`waiting ${Math.max(0, Math.round(wait / 1000))} s for the second sample`);
    if (wait > 0) await host.sleep(wait);
    await sample(1);
  }
  return {
    manifest: {
      schema: SNAPSHOT_SCHEMA,
      tool: options.tool,
      createdAt,
      options: {
        ...(options.intervalS !== undefined && { intervalS: options.intervalS }),
        allNetns: options.allNetns === true,
        conntrackTable: options.conntrackTable === true,
      },
      entries,
    },
    files,
    ...(spooled && { spooled }),
  };
}

async function collectCni(host: SnapshotHost, run: (step: SnapshotStep) => Promise<unknown>): Promise<void> {
  const names = await host.listDirectory(CNI_DIRECTORY);
  const configs = (names ?? []).filter((n) => /\.(?:conf|conflist|json)$/.test(n) && !n.startsWith('.'));
  for (const name of configs)
    await run({ kind: 'cni-config', file: `cni/${name}`, argv: ['cat', `${CNI_DIRECTORY}/${name}`] });
}

/** Names from `ip -j netns list` (`[{"name":"blue","id":0}, …]`); an empty or failed listing gives none. */
function listNetns(outcome: { readonly stdout: string }): string[] {
  try {
    const parsed: unknown = JSON.parse(outcome.stdout || '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .map((x: unknown) => (typeof x === 'object' && x !== null && 'name' in x ? String(x.name) : ''))
      .filter((n) => /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(n));
  } catch {
    return [];
  }
}
