import { describe, expect, it } from 'vitest';
import {
  AWS_SAVE,
  DOCKER_SAVE,
  EKS_ADDR,
  KERNEL_5_15,
  statsS,
  twoSampleManifest,
} from '../../test/diagnose/captures.js';
import { factsOf } from '../../test/diagnose/rule-tester.js';
import { formatCidr } from '../core/net/cidr.js';
import { assembleFacts } from './assemble-facts.js';

describe('assembleFacts', () => {
  it('recognises pasted files by content, whatever their names', () => {
    const facts = factsOf({ a: KERNEL_5_15, b: DOCKER_SAVE, c: statsS({ drop: 1 }) });
    expect(facts.inputs.map((i) => [i.file, i.format, i.by])).toEqual([
      ['a', 'uname-r', 'content'],
      ['b', 'iptables-save', 'content'],
      ['c', 'conntrack-stats', 'content'],
    ]);
    expect(facts.kernel?.release).toBe('5.15.0-91-generic');
    expect(facts.nat[0]?.backend).toBe('iptables-legacy');
    expect(facts.missing.map((m) => m.fact)).toEqual([
      'iptables-nft',
      'conntrack-rates',
      'sysctls',
      'addresses',
      'resolv-conf',
      'cni-config',
    ]);
  });

  it('computes growth and per-second rates from two samples of a snapshot', () => {
    const facts = factsOf({
      'manifest.json': twoSampleManifest(10),
      'stats.0.txt': statsS({ insert_failed: 4, drop: 4 }, { drop: 2 }),
      'stats.1.txt': statsS({ insert_failed: 9, drop: 9 }, { drop: 2 }),
    });
    const series = facts.conntrack[0]!;
    expect(series.samples).toHaveLength(2);
    expect(series.growth?.seconds).toBe(10);
    expect(series.growth?.total.drop).toBe(5);
    expect(series.growth?.perCpu.map((c) => c.insert_failed)).toEqual([5, 0]);
    expect(facts.missing.map((m) => m.fact)).not.toContain('conntrack-rates');
  });

  it('counts a u32 counter that wrapped as an increase', () => {
    const facts = factsOf({
      'manifest.json': twoSampleManifest(1),
      'stats.0.txt': statsS({ drop: 4294967290 }),
      'stats.1.txt': statsS({ drop: 4 }),
    });
    expect(facts.conntrack[0]?.growth?.total.drop).toBe(10);
  });

  it('records why a snapshot misses a fact, from the manifest', () => {
    const manifest = JSON.stringify({
      schema: 'portclash.snapshot/v1',
      tool: 't',
      options: { allNetns: false, conntrackTable: false },
      entries: [
        {
          kind: 'conntrack-stats',
          argv: ['conntrack', '-S'],
          exitStatus: null,
          stderr: '',
          error: 'not installed',
        },
        { kind: 'uname-r', file: 'uname-r.txt', argv: ['uname', '-r'], exitStatus: 0, stderr: '' },
      ],
    });
    const facts = factsOf({ 'manifest.json': manifest, 'uname-r.txt': KERNEL_5_15 });
    expect(facts.missing.find((m) => m.fact === 'conntrack-stats')?.reason).toBe(
      '`conntrack -S`: not installed',
    );
    expect(facts.inputs.find((i) => i.file === 'uname-r.txt')?.by).toBe('manifest');
  });

  it('keeps one copy of the same rules captured by iptables-save and iptables-nft-save', () => {
    const nft = AWS_SAVE;
    const facts = factsOf({ 'iptables-save.txt': nft, 'iptables-nft-save.txt': nft });
    expect(facts.nat).toHaveLength(1);
  });

  it('infers the VPC from the AWS rules and from the uplink, not from docker0', () => {
    const facts = factsOf({ 'iptables-save.txt': AWS_SAVE, 'ip.json': EKS_ADDR });
    expect(facts.vpcCidrs.map((v) => [formatCidr(v.cidr), v.from])).toEqual([
      ['192.168.0.0/16', 'rules'],
      ['10.0.0.0/16', 'addresses'],
    ]);
    expect(factsOf({ 'ip.json': EKS_ADDR }, ['172.31.0.0/16']).vpcCidrs.map((v) => v.from)).toEqual([
      'option',
    ]);
  });

  it('turns broken inputs into issues with file and line, and unknown text into unknown-format', () => {
    const facts = assembleFacts([
      {
        origin: 'bundle',
        kind: 'directory',
        files: [
          { name: 'cut.txt', text: DOCKER_SAVE.split('\n').slice(0, 7).join('\n') },
          { name: 'notes.txt', text: 'hello, this is not a capture\n' },
          { name: 'empty.txt', text: '' },
        ],
      },
    ]);
    expect(facts.issues.map((i) => [i.file, i.code, i.line])).toEqual([
      ['bundle/cut.txt', 'missing-commit', 7],
      ['bundle/notes.txt', 'unknown-format', 1],
    ]);
    expect(facts.notices.map((n) => n.code)).toContain('empty-file');
  });
});
