import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureCases } from '../../test/fixtures/fixture-files.js';
import { parseCniConfig } from './cni/parse-cni-config.js';
import { parseConntrackStats } from './conntrack/parse-conntrack-stats.js';
import { parseProcNetStatConntrack } from './conntrack/parse-proc-net-stat-conntrack.js';
import { DETECTABLE_FORMATS, detectFormat } from './detect-format.js';
import type { DetectedFormat } from './detect-format-rules.js';
import { parseIpAddrJson } from './ip/parse-ip-addr-json.js';
import { parseIptablesList } from './iptables/parse-iptables-list.js';
import { parseIptablesListRules } from './iptables/parse-iptables-list-rules.js';
import { parseIptablesSave } from './iptables/parse-iptables-save.js';
import { parseNftJson } from './nft/parse-nft-json.js';
import { parseNftRuleset } from './nft/parse-nft-ruleset.js';
import { parseResolvConf } from './resolv/parse-resolv-conf.js';
import { parseSysctl } from './sysctl/parse-sysctl.js';

const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The parser of each format that has one here (conntrack -L has none yet). */
const PARSERS: Partial<Record<DetectedFormat, (text: string) => { readonly issues: readonly unknown[] }>> = {
  'iptables-save': parseIptablesSave,
  'iptables-rules': (t) => parseIptablesListRules(t),
  'iptables-list': parseIptablesList,
  'nft-text': parseNftRuleset,
  'nft-json': parseNftJson,
  'conntrack-stats': parseConntrackStats,
  'proc-net-stat-nf-conntrack': parseProcNetStatConntrack,
  sysctl: parseSysctl,
  'resolv-conf': parseResolvConf,
  'cni-config': parseCniConfig,
  'ip-addr-json': parseIpAddrJson,
};

describe('detectFormat', () => {
  it('has a fixture folder for every format', () => {
    expect(DETECTABLE_FORMATS.filter((f) => !folders.includes(f))).toEqual([]);
  });

  const cases = folders.flatMap((folder) => fixtureCases(folder).map((f) => ({ folder, ...f })));
  it.each(cases)('recognises $folder/$name from its content', ({ folder, text }) => {
    const guess = detectFormat(text);
    expect(guess.format).toBe(folder);
    expect(guess.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each(cases.filter((c) => !/truncated|mangled|missing/.test(c.name)))(
    'parses $folder/$name without issues with the detected parser',
    ({ text }) => {
      const parse = PARSERS[detectFormat(text).format as DetectedFormat];
      if (parse) expect(parse(text).issues).toEqual([]);
    },
  );

  it.each([
    ['', 'unknown'],
    ['hello world\n', 'unknown'],
    ['root@node:~# uname -r\n6.1.0-13-cloud-amd64\n', 'uname-r'],
    ['$ sudo iptables-save\n*nat\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n', 'iptables-save'],
    ['-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n', 'iptables-rules'],
    ['\uFEFFnameserver 10.96.0.10\noptions ndots:5\n', 'resolv-conf'],
    ['net.netfilter.nf_conntrack_max = 262144\n', 'sysctl'],
    ['conntrack v1.4.6 (conntrack-tools): 0 flow entries have been shown.\n', 'conntrack-list'],
    ['ip saddr 10.0.0.0/8 oifname "eth0" masquerade fully-random\n', 'nft-text'],
  ])('%j → %s', (text, format) => {
    expect(detectFormat(text).format).toBe(format);
  });

  it('names the other formats a text also looks like', () => {
    const guess = detectFormat(`*nat\n${'-A POSTROUTING -j MASQUERADE\n'.repeat(3)}COMMIT\n`);
    expect(guess.format).toBe('iptables-save');
    expect(guess.alternatives.map((a) => a.format)).toContain('iptables-rules');
  });

  it('looks only at the head of a huge dump', () => {
    const line =
      'tcp      6 117 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 mark=0 use=1\n';
    const started = performance.now();
    expect(detectFormat(line.repeat(200_000)).format).toBe('conntrack-list');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
