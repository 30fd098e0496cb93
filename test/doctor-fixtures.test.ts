import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../src/diagnose/diagnose.js';
import type { CaptureSet } from '../src/formats/snapshot/capture-set.js';
import { doctorJson } from '../src/report/doctor-json.js';
import { renderDoctorReport } from '../src/report/render-doctor-report.js';
import { FIXTURES, fixtureCases } from './fixtures/fixture-files.js';
import { mutatedText } from './fixtures/mutated-text.js';

const folders = readdirSync(FIXTURES)
  .filter((f) => statSync(join(FIXTURES, f)).isDirectory())
  .sort();
const all = folders.flatMap((folder) =>
  fixtureCases(folder).map((c) => ({ name: `${folder}/${c.name}`, text: c.text })),
);
const pasted = (name: string, text: string): CaptureSet => ({
  origin: name,
  kind: 'file',
  files: [{ name, text }],
});
const LEVELS = ['affected', 'likely', 'not-affected', 'inconclusive'];

/** Checks what must hold for any input: a verdict, positions inside the file, renderable output. */
function expectSane(name: string, text: string) {
  const d = diagnose([pasted(name, text)]);
  expect(LEVELS).toContain(d.verdict.level);
  const lines = text.split('\n').length;
  for (const i of d.facts.issues) {
    expect(i.file).toBe(name);
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.line).toBeLessThanOrEqual(lines);
    expect(i.column).toBeGreaterThanOrEqual(1);
  }
  for (const f of d.findings)
    for (const e of f.evidence) if (e.file === name) expect(e.line ?? 1).toBeLessThanOrEqual(lines);
  renderDoctorReport(d, [name]);
  JSON.stringify(doctorJson(d));
  return d;
}

describe('doctor on every capture under test/fixtures, pasted alone', () => {
  it('has captures of every format', () => {
    expect(folders.length).toBeGreaterThanOrEqual(14);
  });

  it.each(all.map((c) => [c.name, c.text] as const))('%s', (name, text) => {
    const d = expectSane(name, text);
    // A single capture is never enough to call a host fine unless it shows counters without loss.
    if (d.verdict.level === 'not-affected') expect(d.facts.conntrack.length).toBeGreaterThan(0);
  });

  // What an operator pasting one file should hear (ids of the findings, worst first, and the verdict).
  it.each([
    ['uname-r/rhel-7.txt', 'likely', ['kernel-port-rover']],
    ['uname-r/ubuntu-22.04.txt', 'inconclusive', []],
    ['conntrack-stats/kernel-5.15.txt', 'likely', ['conntrack-insert-failed']],
    ['conntrack-stats/kernel-4.15-clashes-no-drops.txt', 'not-affected', ['conntrack-insert-failed']],
    ['proc-net-stat-nf-conntrack/kernel-5.15.txt', 'likely', ['conntrack-insert-failed']],
    ['iptables-save/docker-ubuntu-18.04-legacy.txt', 'inconclusive', ['snat-not-fully-random']],
    ['iptables-save/aws-vpc-cni-al2-1.8.4.txt', 'inconclusive', []],
    ['iptables-save/kube-proxy-flannel-nft-1.8.7-counters.txt', 'inconclusive', ['mixed-iptables-backends']],
    ['iptables-rules/calico-3.0-nat-outgoing.txt', 'inconclusive', ['snat-not-fully-random']],
    ['iptables-list/ip-masq-agent-L-nv.txt', 'inconclusive', ['snat-not-fully-random']],
    ['nft-text/k3s-flannel-xt-not-found.nft', 'inconclusive', ['nft-xt-target-opaque']],
    ['nft-text/kube-proxy-nftables-mode.nft', 'inconclusive', []],
    ['nft-json/iptables-nft-docker-xt-nft-1.0.9.json', 'inconclusive', ['nft-xt-target-opaque']],
    ['resolv-conf/kubernetes-pod.conf', 'inconclusive', ['dns-parallel-lookups']],
    ['resolv-conf/single-request-reopen.conf', 'inconclusive', []],
    ['sysctl/netfilter.txt', 'inconclusive', []],
  ])('%s → %s %j', (name, level, ids) => {
    const c = all.find((x) => x.name === name)!;
    const d = diagnose([pasted(name, c.text)]);
    expect(d.verdict.level).toBe(level);
    expect([...new Set(d.findings.map((f) => f.ruleId))]).toEqual(ids);
  });

  it.each([
    ['iptables-save/truncated.txt', 'missing-commit'],
    ['iptables-save/mangled.txt', 'unexpected-line'],
    ['nft-text/truncated.nft', 'unclosed-block'],
    ['nft-json/truncated.json', 'truncated-json'],
  ])('%s: %s with file and line, and what was read is still used', (name, code) => {
    const c = all.find((x) => x.name === name)!;
    const d = diagnose([pasted(name, c.text)]);
    const issue = d.facts.issues.find((i) => i.code === code);
    expect(issue?.file).toBe(name);
    expect(issue?.line).toBeGreaterThanOrEqual(1);
    expect(renderDoctorReport(d, [name])).toContain(`${name}:${issue?.line}:`);
  });

  it('never crashes on mangled pastes of any format (seeded)', () => {
    fc.assert(
      fc.property(mutatedText(all.map((c) => c.text)), (text) => {
        expectSane('paste.txt', text);
      }),
      { seed: 4242, numRuns: 400 },
    );
  });

  it('reads all captures of a host together', () => {
    const files = [
      'uname-r/ubuntu-22.04.txt',
      'iptables-save/iptables-nft-1.8.9-counters-real.txt',
      'iptables-save/iptables-legacy-1.8.9-real.txt',
      'conntrack-stats/kernel-5.15.txt',
      'sysctl/netfilter.txt',
      'ip-addr-json/eks-node.json',
      'resolv-conf/kubernetes-pod.conf',
      'cni-config/10-aws.conflist',
    ].map((name) => ({ name, text: all.find((x) => x.name === name)!.text }));
    const d = diagnose([{ origin: 'host', kind: 'directory', files }]);
    expect(d.facts.missing.map((m) => m.fact)).toEqual(['conntrack-rates']);
    expect(d.verdict.level).toBe('likely');
    expect(d.findings.map((f) => f.ruleId)).toContain('snat-to-internal-network');
  });
});
