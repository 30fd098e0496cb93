import { describe, expect, it } from 'vitest';
import { parseSnapshotManifest } from './parse-snapshot-manifest.js';
import { renderSnapshotManifest } from './render-snapshot-manifest.js';
import { SNAPSHOT_SCHEMA, type SnapshotManifest } from './snapshot-manifest.js';

const manifest: SnapshotManifest = {
  schema: SNAPSHOT_SCHEMA,
  tool: 'portclash 0.1.0',
  createdAt: '2026-01-01T00:00:00.000Z',
  options: { intervalS: 10, allNetns: true, conntrackTable: false },
  entries: [
    { kind: 'uname-r', file: 'uname-r.txt', argv: ['uname', '-r'], exitStatus: 0, stderr: '', atMs: 0 },
    {
      kind: 'conntrack-stats',
      argv: ['conntrack', '-S'],
      exitStatus: null,
      stderr: '',
      error: 'not installed',
      sample: 1,
      netns: 'blue',
    },
  ],
};

describe('parseSnapshotManifest', () => {
  it('reads back what renderSnapshotManifest writes', () => {
    const parsed = parseSnapshotManifest(renderSnapshotManifest(manifest));
    expect(parsed.issues).toEqual([]);
    expect(parsed.value).toEqual(manifest);
  });

  it.each([
    ['{"schema": "other/v1"}', 'unknown-schema', 1],
    ['[1, 2]', 'unknown-schema', 1],
    [
      `{"schema": "${SNAPSHOT_SCHEMA}", "entries": [\n {"kind": "banana", "argv": [], "exitStatus": 0}]}`,
      'unknown-kind',
      2,
    ],
    [`{"schema": "${SNAPSHOT_SCHEMA}", "entries": [\n\n {"kind": "uname-r"}]}`, 'bad-entry', 3],
    [`{"schema": "${SNAPSHOT_SCHEMA}", "entries": [`, 'truncated-json', 1],
  ])('%s → %s on line %i', (text, code, line) => {
    const issue = parseSnapshotManifest(text).issues.find((i) => i.code === code);
    expect(issue?.line).toBe(line);
  });
});
