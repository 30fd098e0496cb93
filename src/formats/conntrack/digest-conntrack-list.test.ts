import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConntrackListDigester, digestConntrackList } from './digest-conntrack-list.js';
import { parseConntrackList } from './parse-conntrack-list.js';
import { createSnatPortTally, type SnatPortUse } from './tally-snat-ports.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8');
const text = [
  fixture('conntrack-list/snat-mixed.txt'),
  fixture('proc-net-nf-conntrack/snat-mixed.txt'),
  'tcp      6 119 TIME_WAIT src=10.244.1.8 dst=93.184.216.34 sport=40001 dport=443 src=93.184.216.34 dst=192.168.1.10 sport=443 dport=1025 [ASSURED] mark=0 use=1\r\n',
  'udp      17 29 src=10.244.1.9 dst=10.96.0.10 sport=é dport=53\n',
  'udp      17 29 src=10.244.1.9 dst=10.96.0.10 sport=38913 dport=53 src=10.244.2.3 dst=192.168.1.10 sport=53 dport=38913',
].join('');

describe('createConntrackListDigester', () => {
  it('tallies from the reused record what a tally of the parsed entries gives', () => {
    const parsed = parseConntrackList(text);
    const tally = createSnatPortTally();
    // The digest numbers each entry with its line; the order is what matters here, so number them 1, 2, …
    for (const [i, e] of parsed.value.entries.entries()) tally.add(e, i + 1);
    const withoutLines = (use: SnatPortUse) => ({ ...use, top: use.top.map(({ line: _, ...u }) => u) });
    const digest = digestConntrackList(text);
    expect(withoutLines(digest.portUse)).toEqual(withoutLines(tally.result()));
    expect(digest.portUse.entries).toBe(5 + 3);
    expect(digest.totals).toEqual(parsed.value.totals);
    expect(digest.issues).toEqual(parsed.issues);
  });

  it('digests the same through push(string) and pushBytes, whatever the chunks', () => {
    const whole = digestConntrackList(text);
    const bytes = new TextEncoder().encode(text);
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: bytes.length }), { maxLength: 20 }), (cuts) => {
        const d = createConntrackListDigester();
        const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        for (let i = 1; i < at.length; i++) d.pushBytes(bytes.subarray(at[i - 1], at[i]));
        expect(d.end()).toEqual(whole);
      }),
    );
  });
});
