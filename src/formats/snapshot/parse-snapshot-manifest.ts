import { type JsonIssueCode, type JsonValue, parseJsonText } from '../json/parse-json-text.js';
import {
  CAPTURE_KINDS,
  type CaptureKind,
  type ManifestEntry,
  SNAPSHOT_SCHEMA,
  type SnapshotManifest,
} from './snapshot-manifest.js';

export type ManifestIssueCode =
  | JsonIssueCode
  /** Not a portclash snapshot manifest (no `schema`, or another one). */
  | 'unknown-schema'
  /** An entry that lacks a field or has one of the wrong type; it is skipped. */
  | 'bad-entry'
  /** An entry whose `kind` this version does not know; skipped. */
  | 'unknown-kind';

export interface ManifestIssue {
  readonly code: ManifestIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type Rec = { readonly [key: string]: JsonValue };
const isRecord = (v: JsonValue | undefined): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isKind = (v: JsonValue | undefined): v is CaptureKind =>
  typeof v === 'string' && (CAPTURE_KINDS as readonly string[]).includes(v);

/** Reads a snapshot's manifest.json (the inverse of renderSnapshotManifest). Never throws. */
export function parseSnapshotManifest(text: string): {
  readonly value: SnapshotManifest | undefined;
  readonly issues: readonly ManifestIssue[];
} {
  const parsed = parseJsonText(text);
  const issues: ManifestIssue[] = [...parsed.issues];
  const root = parsed.value;
  if (!isRecord(root) || root.schema !== SNAPSHOT_SCHEMA) {
    issues.push({
      code: 'unknown-schema',
      line: 1,
      column: 1,
      message: `expected "schema": "${SNAPSHOT_SCHEMA}"`,
    });
    return { value: undefined, issues };
  }
  const entries: ManifestEntry[] = [];
  for (const item of Array.isArray(root.entries) ? root.entries : []) {
    if (!isRecord(item)) continue;
    const at = parsed.positionOf(item) ?? { line: 1, column: 1 };
    if (!isKind(item.kind)) {
      issues.push({ code: 'unknown-kind', ...at, message: `unknown kind ${JSON.stringify(item.kind)}` });
      continue;
    }
    const entry = readEntry(item, item.kind);
    if (entry) entries.push(entry);
    else issues.push({ code: 'bad-entry', ...at, message: 'an entry without argv or exitStatus' });
  }
  const options = isRecord(root.options) ? root.options : {};
  return {
    value: {
      schema: SNAPSHOT_SCHEMA,
      tool: typeof root.tool === 'string' ? root.tool : '',
      ...(typeof root.createdAt === 'string' && { createdAt: root.createdAt }),
      options: {
        ...(typeof options.intervalS === 'number' && { intervalS: options.intervalS }),
        allNetns: options.allNetns === true,
        conntrackTable: options.conntrackTable === true,
      },
      entries,
    },
    issues,
  };
}

function readEntry(item: Rec, kind: CaptureKind): ManifestEntry | undefined {
  const argv = item.argv;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  const exitStatus = item.exitStatus;
  if (exitStatus !== null && typeof exitStatus !== 'number') return undefined;
  return {
    kind,
    ...(typeof item.file === 'string' && { file: item.file }),
    argv: argv as readonly string[],
    exitStatus,
    stderr: typeof item.stderr === 'string' ? item.stderr : '',
    ...(typeof item.error === 'string' && { error: item.error }),
    ...(typeof item.netns === 'string' && { netns: item.netns }),
    ...(typeof item.sample === 'number' && { sample: item.sample }),
    ...(typeof item.atMs === 'number' && { atMs: item.atMs }),
  };
}
